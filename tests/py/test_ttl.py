# Time to Live: UpdateTimeToLive / DescribeTimeToLive and their errors, and the expirer that
# deletes expired items (from the table, its indexes, and into its stream as a service REMOVE).
#
# The settings and error tests pass against the real DynamoDB too. Expiry tests need a local
# server with a fast expirer (DynamoDB takes minutes to days) and skip when MAGNETO_ENDPOINT is
# set, as do those that wait out the one-hour rule (shortened here by --ttl-change-cooldown-ms).

import time
from decimal import Decimal

import boto3
import botocore.config
import pytest
from botocore.exceptions import ClientError

from conftest import REGION, MagnetoServer, create_table_and_wait, delete_table_quietly, is_local
from ddb_util import client_error, get, put_items, random_string, unique_table_name, \
    validation_error

COOLDOWN_MS = 1500
FAST_TTL_ARGS = ["--ttl-scan-interval-ms", "100", "--ttl-change-cooldown-ms", str(COOLDOWN_MS),
                 "--ttl-items-per-round", "50"]
EXPIRY_TIMEOUT = 15.0  # seconds; the expirer runs every 100 ms here

HASH_P = dict(key_schema=[{"AttributeName": "p", "KeyType": "HASH"}],
              attribute_definitions=[{"AttributeName": "p", "AttributeType": "S"}])

needs_local = pytest.mark.skipif(not is_local(), reason="needs a local server with a fast expirer")


@pytest.fixture(scope="module")
def ttl_client(dynamodb, tmp_path_factory):
    """A client of a server whose expirer runs every 100 ms and whose one-change-per-hour rule
    lasts COOLDOWN_MS; the shared client when testing another endpoint."""
    if not is_local():
        yield dynamodb
        return
    srv = MagnetoServer(in_memory=True, extra_args=FAST_TTL_ARGS,
                        log_dir=str(tmp_path_factory.mktemp("magneto-ttl-log")))
    srv.start()
    yield srv.client()
    srv.kill()


@pytest.fixture
def ttl_table(ttl_client):
    """A factory of tables on the TTL server, deleted at the end of the test."""
    made = []

    def create(**kwargs):
        for k, v in HASH_P.items():
            kwargs.setdefault(k, v)
        name = create_table_and_wait(ttl_client, **kwargs)
        made.append(name)
        return name

    yield create
    for name in made:
        delete_table_quietly(ttl_client, name)


def update_ttl(client, table, attribute, enabled):
    return client.update_time_to_live(
        TableName=table, TimeToLiveSpecification={"AttributeName": attribute, "Enabled": enabled})


def describe_ttl(client, table):
    return client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]


def now():
    return int(time.time())


def wait_until(predicate, timeout=EXPIRY_TIMEOUT, what="condition"):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.05)


# ---------------------------------------------------------------------------------------------
# UpdateTimeToLive and DescribeTimeToLive.


def test_describe_never_enabled(ttl_client, ttl_table):
    table = ttl_table()
    assert describe_ttl(ttl_client, table) == {"TimeToLiveStatus": "DISABLED"}


def test_enable_echoes_spec_and_describe_shows_it(ttl_client, ttl_table):
    table = ttl_table()
    resp = update_ttl(ttl_client, table, "expiration", True)
    assert resp["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}
    assert describe_ttl(ttl_client, table) == {"TimeToLiveStatus": "ENABLED",
                                               "AttributeName": "expiration"}
    # Enabling TTL shows in no other place: no tags, same table description.
    desc = ttl_client.describe_table(TableName=table)["Table"]
    assert ttl_client.list_tags_of_resource(ResourceArn=desc["TableArn"])["Tags"] == []


def test_enable_on_key_attribute(ttl_client, ttl_table):
    # DynamoDB accepts a key attribute, even one of type S that can never expire.
    table = ttl_table()
    update_ttl(ttl_client, table, "p", True)
    assert describe_ttl(ttl_client, table)["AttributeName"] == "p"


def test_enable_when_already_enabled(ttl_client, ttl_table):
    table = ttl_table()
    update_ttl(ttl_client, table, "expiration", True)
    # These content checks come before the one-change-per-interval rule.
    with validation_error(message="TimeToLive is already enabled"):
        update_ttl(ttl_client, table, "expiration", True)
    with validation_error(message="TimeToLive is active on a different AttributeName: "
                                  "current AttributeName is expiration"):
        update_ttl(ttl_client, table, "other", True)
    assert describe_ttl(ttl_client, table) == {"TimeToLiveStatus": "ENABLED",
                                               "AttributeName": "expiration"}


def test_disable_when_never_enabled(ttl_client, ttl_table):
    table = ttl_table()
    with validation_error(message="TimeToLive is already disabled"):
        update_ttl(ttl_client, table, "expiration", False)


def test_disable_other_attribute(ttl_client, ttl_table):
    table = ttl_table()
    update_ttl(ttl_client, table, "expiration", True)
    with validation_error(message="TimeToLive is active on a different AttributeName: "
                                  "current AttributeName is expiration"):
        update_ttl(ttl_client, table, "dog", False)


def test_change_within_interval(ttl_client, ttl_table):
    table = ttl_table()
    update_ttl(ttl_client, table, "expiration", True)
    with validation_error(
            message="Time to live has been modified multiple times within a fixed interval"):
        update_ttl(ttl_client, table, "expiration", False)
    assert describe_ttl(ttl_client, table)["TimeToLiveStatus"] == "ENABLED"


@needs_local
def test_disable_after_interval_then_reenable(ttl_client, ttl_table):
    table = ttl_table()
    update_ttl(ttl_client, table, "expiration", True)
    time.sleep(COOLDOWN_MS / 1000 + 0.2)
    resp = update_ttl(ttl_client, table, "expiration", False)
    assert resp["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": False}
    # A disabled TTL shows no attribute.
    assert describe_ttl(ttl_client, table) == {"TimeToLiveStatus": "DISABLED"}
    # Disabling starts a new interval too; the "already" check still comes first.
    with validation_error(message="TimeToLive is already disabled"):
        update_ttl(ttl_client, table, "expiration", False)
    with validation_error(
            message="Time to live has been modified multiple times within a fixed interval"):
        update_ttl(ttl_client, table, "other", True)
    time.sleep(COOLDOWN_MS / 1000 + 0.2)
    update_ttl(ttl_client, table, "other", True)
    assert describe_ttl(ttl_client, table) == {"TimeToLiveStatus": "ENABLED",
                                               "AttributeName": "other"}


def test_table_not_found(ttl_client):
    name = unique_table_name()
    with client_error("ResourceNotFoundException",
                      message="Requested resource not found: Table: %s not found" % name):
        update_ttl(ttl_client, name, "expiration", True)
    with client_error("ResourceNotFoundException",
                      message="Requested resource not found: Table: %s not found" % name):
        ttl_client.describe_time_to_live(TableName=name)


def test_attribute_name_length(ttl_client, ttl_table):
    table = ttl_table()
    with validation_error(
            message="1 validation error detected: Value '' at "
                    "'timeToLiveSpecification.attributeName' failed to satisfy constraint: "
                    "Member must have length greater than or equal to 1"):
        update_ttl(ttl_client, table, "", True)
    with validation_error(contains=["'timeToLiveSpecification.attributeName'",
                                    "Member must have length less than or equal to 255"]):
        update_ttl(ttl_client, table, "x" * 256, True)
    # 255 characters are fine.
    update_ttl(ttl_client, table, "x" * 255, True)


def test_missing_members(ttl_client, ttl_table):
    table = ttl_table()
    with validation_error(
            message="1 validation error detected: Value null at "
                    "'timeToLiveSpecification.attributeName' failed to satisfy constraint: "
                    "Member must not be null"):
        ttl_client.update_time_to_live(TableName=table, TimeToLiveSpecification={"Enabled": True})
    with validation_error(
            message="1 validation error detected: Value null at "
                    "'timeToLiveSpecification.enabled' failed to satisfy constraint: "
                    "Member must not be null"):
        ttl_client.update_time_to_live(TableName=table,
                                       TimeToLiveSpecification={"AttributeName": "x"})
    with validation_error(contains=["2 validation errors detected",
                                    "'timeToLiveSpecification.enabled'",
                                    "'timeToLiveSpecification.attributeName'"]):
        ttl_client.update_time_to_live(TableName=table, TimeToLiveSpecification={})
    with validation_error(contains="Value null at 'timeToLiveSpecification' failed to satisfy "
                                   "constraint: Member must not be null"):
        ttl_client.update_time_to_live(TableName=table)
    with validation_error(contains="'tableName'"):
        ttl_client.update_time_to_live(
            TableName="ab", TimeToLiveSpecification={"AttributeName": "x", "Enabled": True})


def test_wrong_member_types(ttl_client, ttl_table):
    table = ttl_table()
    with client_error("SerializationException"):
        ttl_client.update_time_to_live(
            TableName=table, TimeToLiveSpecification={"AttributeName": "x", "Enabled": "dog"})
    with client_error("SerializationException"):
        ttl_client.update_time_to_live(
            TableName=table, TimeToLiveSpecification={"AttributeName": 3, "Enabled": True})


@needs_local
def test_while_table_is_creating(private_server):
    srv = private_server(in_memory=True, extra_args=["--table-activation-delay-ms", "3000"])
    client = srv.client()
    name = create_table_and_wait(client, wait=False, **HASH_P)
    with client_error("ResourceInUseException",
                      message="Attempt to change a resource which is still in use: "
                              "Table %s is being created" % name):
        update_ttl(client, name, "expiration", True)
    with validation_error(message="Cannot describe time to live while table is in CREATING "
                                  "state: Current table state is CREATING"):
        client.describe_time_to_live(TableName=name)


@needs_local
def test_setting_survives_restart(private_server):
    srv = private_server(extra_args=FAST_TTL_ARGS)
    client = srv.client()
    name = create_table_and_wait(client, **HASH_P)
    update_ttl(client, name, "expiration", True)
    srv.restart()
    client = srv.client()
    assert describe_ttl(client, name) == {"TimeToLiveStatus": "ENABLED",
                                          "AttributeName": "expiration"}
    # The one-change-per-interval rule survives too (its clock is wall time).
    with validation_error(message="TimeToLive is already enabled"):
        update_ttl(client, name, "expiration", True)


# ---------------------------------------------------------------------------------------------
# Expiry.


def present(client, table, key):
    return get(client, table, key) is not None


@needs_local
def test_expiry_deletes_only_expired_numbers(ttl_client, ttl_table):
    table = ttl_table()
    t = now()
    items = {
        "before_enable": {"expiration": {"N": str(t - 60)}},
        "past": {"expiration": {"N": str(t - 60)}},
        "past_exponent": {"expiration": {"N": "%de1" % ((t - 60) // 10)}},
        "past_fraction": {"expiration": {"N": str(Decimal(t) - Decimal("59.25"))}},
        "soon": {"expiration": {"N": str(t + 2)}},
        "future": {"expiration": {"N": str(t + 3600)}},
        "string": {"expiration": {"S": str(t - 60)}},
        "number_set": {"expiration": {"NS": [str(t - 60)]}},
        "six_years_ago": {"expiration": {"N": str(t - 6 * 365 * 86400)}},
        "ancient": {"expiration": {"N": "162777600"}},
        "milliseconds": {"expiration": {"N": str((t - 60) * 1000)}},  # far future in seconds
        "no_attribute": {},
        "other_attribute": {"other": {"N": str(t - 60)}},
    }
    ttl_client.put_item(TableName=table, Item=dict(p={"S": "before_enable"},
                                                   **items["before_enable"]))
    update_ttl(ttl_client, table, "expiration", True)
    for p, attrs in items.items():
        if p != "before_enable":
            ttl_client.put_item(TableName=table, Item=dict(p={"S": p}, **attrs))
    expiring = {"before_enable", "past", "past_exponent", "past_fraction", "soon"}
    wait_until(lambda: not any(present(ttl_client, table, {"p": {"S": p}}) for p in expiring),
               what="expired items to go")
    for p in items:
        if p not in expiring:
            assert present(ttl_client, table, {"p": {"S": p}}), p


@needs_local
def test_expiry_on_key_attribute(ttl_client, ttl_table):
    table = ttl_table(key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                                  {"AttributeName": "c", "KeyType": "RANGE"}],
                      attribute_definitions=[{"AttributeName": "p", "AttributeType": "S"},
                                             {"AttributeName": "c", "AttributeType": "N"}])
    update_ttl(ttl_client, table, "c", True)
    old = {"p": {"S": "k"}, "c": {"N": str(now() - 60)}}
    new = {"p": {"S": "k"}, "c": {"N": str(now() + 3600)}}
    ttl_client.put_item(TableName=table, Item=old)
    ttl_client.put_item(TableName=table, Item=new)
    wait_until(lambda: not present(ttl_client, table, old), what="the expired item to go")
    assert present(ttl_client, table, new)


@needs_local
def test_expiry_maintains_indexes(ttl_client, ttl_table):
    table = ttl_table(
        key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                    {"AttributeName": "c", "KeyType": "RANGE"}],
        attribute_definitions=[{"AttributeName": a, "AttributeType": "S"}
                               for a in ("p", "c", "g", "l")],
        GlobalSecondaryIndexes=[{"IndexName": "gsi",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        LocalSecondaryIndexes=[{"IndexName": "lsi",
                                "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}])
    update_ttl(ttl_client, table, "expiration", True)
    g = random_string()
    keep = {"p": {"S": "k"}, "c": {"S": "keep"}, "g": {"S": g}, "l": {"S": "1"}}
    gone = {"p": {"S": "k"}, "c": {"S": "gone"}, "g": {"S": g}, "l": {"S": "2"},
            "expiration": {"N": str(now() - 60)}}
    ttl_client.put_item(TableName=table, Item=keep)
    ttl_client.put_item(TableName=table, Item=gone)

    def gsi_items():
        return ttl_client.query(TableName=table, IndexName="gsi", KeyConditionExpression="g = :g",
                                ExpressionAttributeValues={":g": {"S": g}})["Items"]

    def lsi_items():
        return ttl_client.query(TableName=table, IndexName="lsi", KeyConditionExpression="p = :p",
                                ExpressionAttributeValues={":p": {"S": "k"}})["Items"]

    wait_until(lambda: not present(ttl_client, table, {"p": gone["p"], "c": gone["c"]}),
               what="the expired item to go")
    assert gsi_items() == [keep]
    assert lsi_items() == [keep]
    desc = ttl_client.describe_table(TableName=table)["Table"]
    assert desc["ItemCount"] == 1


@needs_local
def test_disabled_ttl_expires_nothing(ttl_client, ttl_table):
    table = ttl_table()
    update_ttl(ttl_client, table, "expiration", True)
    time.sleep(COOLDOWN_MS / 1000 + 0.2)
    update_ttl(ttl_client, table, "expiration", False)
    key = {"p": {"S": "stays"}}
    ttl_client.put_item(TableName=table, Item=dict(key, expiration={"N": str(now() - 60)}))
    time.sleep(1.0)  # ten rounds of the expirer
    assert present(ttl_client, table, key)


@needs_local
def test_expiry_of_a_table_walked_over_many_rounds(ttl_client, ttl_table):
    # The server examines 50 items per table per round: 600 items take 12 rounds.
    table = ttl_table()
    update_ttl(ttl_client, table, "expiration", True)
    t = now()
    items = [{"p": {"S": "i%04d" % i},
              "expiration": {"N": str(t - 60 if i % 3 == 0 else t + 3600)}} for i in range(600)]
    put_items(ttl_client, table, items)

    def count():
        n, kwargs = 0, {}
        while True:
            resp = ttl_client.scan(TableName=table, Select="COUNT", **kwargs)
            n += resp["Count"]
            if "LastEvaluatedKey" not in resp:
                return n
            kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]

    wait_until(lambda: count() == 400, what="200 expired items to go")
    time.sleep(0.3)
    assert count() == 400


@needs_local
def test_deletions_are_paced(private_server):
    srv = private_server(in_memory=True, extra_args=["--ttl-scan-interval-ms", "100",
                                                     "--ttl-deletes-per-second", "40"])
    client = srv.client()
    table = create_table_and_wait(client, **HASH_P)
    put_items(client, table, [{"p": {"S": "i%03d" % i}, "expiration": {"N": str(now() - 60)}}
                              for i in range(120)])
    update_ttl(client, table, "expiration", True)
    start = time.monotonic()
    time.sleep(1.0)
    remaining = client.scan(TableName=table, Select="COUNT")["Count"]
    # At 40 per second, about 40 are gone after a second, and surely not 120.
    assert remaining > 120 - 40 * (time.monotonic() - start) - 10
    wait_until(lambda: client.scan(TableName=table, Select="COUNT")["Count"] == 0,
               what="every item to expire")
    assert time.monotonic() - start > 2.0


# ---------------------------------------------------------------------------------------------
# Streams: an expiry is a REMOVE by the DynamoDB service.


def streams_client(ttl_client):
    cfg = botocore.config.Config(parameter_validation=False, retries={"max_attempts": 0})
    return boto3.client("dynamodbstreams", region_name=REGION,
                        endpoint_url=ttl_client.meta.endpoint_url, config=cfg)


def read_stream(streams, arn):
    records = []
    desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    for shard in desc["Shards"]:
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while it:
            resp = streams.get_records(ShardIterator=it)
            if not resp["Records"]:
                break
            records.extend(resp["Records"])
            it = resp.get("NextShardIterator")
    return records


@needs_local
def test_expiry_stream_record_has_service_identity(ttl_client, ttl_table):
    streams = streams_client(ttl_client)
    try:
        streams.list_streams()
    except ClientError as e:
        if e.response["Error"]["Code"] in ("UnknownOperationException", "InvalidAction",
                                           "UnrecognizedClientException"):
            pytest.skip("the DynamoDB Streams API is not served yet (%s)"
                        % e.response["Error"]["Code"])
        raise
    table = ttl_table(key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                                  {"AttributeName": "c", "KeyType": "RANGE"}],
                      attribute_definitions=[{"AttributeName": "p", "AttributeType": "S"},
                                             {"AttributeName": "c", "AttributeType": "S"}],
                      StreamSpecification={"StreamEnabled": True,
                                           "StreamViewType": "NEW_AND_OLD_IMAGES"})
    update_ttl(ttl_client, table, "expiration", True)
    arn = ttl_client.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    expiration = str(now() - 60)
    item = {"p": {"S": "k"}, "c": {"S": "c"}, "animal": {"S": "dog"},
            "expiration": {"N": expiration}}
    ttl_client.put_item(TableName=table, Item=item)
    wait_until(lambda: not present(ttl_client, table, {"p": {"S": "k"}, "c": {"S": "c"}}),
               what="the expired item to go")

    def removes():
        return [r for r in read_stream(streams, arn) if r["eventName"] == "REMOVE"]

    wait_until(lambda: removes(), what="the REMOVE record")
    (record,) = removes()
    assert record["userIdentity"] == {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}
    assert record["dynamodb"]["Keys"] == {"p": {"S": "k"}, "c": {"S": "c"}}
    assert record["dynamodb"]["OldImage"] == item
    # A client's own writes carry no userIdentity.
    inserts = [r for r in read_stream(streams, arn) if r["eventName"] == "INSERT"]
    assert inserts and all("userIdentity" not in r for r in inserts)
