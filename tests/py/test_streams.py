# DynamoDB Streams: StreamSpecification in CreateTable/UpdateTable/DescribeTable, and the Streams
# API (ListStreams, DescribeStream, GetShardIterator, GetRecords) through boto3's
# `dynamodbstreams` client on the same endpoint. Records are checked field by field against what
# DynamoDB writes: every event kind, every view type, one record per changing write and none for
# a write that changes nothing or fails. Retention and iterator expiry run on private servers with
# small --stream-retention-ms / --stream-iterator-ttl-ms.
#
# Against the real DynamoDB, a stream is read through several shards; the helpers here follow
# every shard of DescribeStream, so the tests do not depend on Magneto's one-shard layout.

import datetime
import re
import time

import boto3
import botocore.config
import pytest

from conftest import REGION, create_table_and_wait, is_local
from ddb_util import client_error, unique_table_name, wait_for_active

VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]
LABEL_RE = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}"


def make_streams_client(endpoint):
    cfg = botocore.config.Config(parameter_validation=False,
                                 retries={"max_attempts": 0, "mode": "standard"})
    return boto3.client("dynamodbstreams", region_name=REGION, endpoint_url=endpoint, config=cfg)


@pytest.fixture(scope="module")
def streams(endpoint):
    return make_streams_client(endpoint)


@pytest.fixture
def stream_table(dynamodb, table_factory):
    """A factory of hash-only (p S) tables with a stream of the given view type; returns
    (table name, stream ARN)."""

    def create(view_type="NEW_AND_OLD_IMAGES", **kwargs):
        name = table_factory(StreamSpecification={"StreamEnabled": True,
                                                  "StreamViewType": view_type}, **kwargs)
        return name, dynamodb.describe_table(TableName=name)["Table"]["LatestStreamArn"]

    return create


def shard_ids(streams, arn):
    out, start = [], None
    while True:
        kw = {"StreamArn": arn}
        if start:
            kw["ExclusiveStartShardId"] = start
        desc = streams.describe_stream(**kw)["StreamDescription"]
        out += [s["ShardId"] for s in desc["Shards"]]
        start = desc.get("LastEvaluatedShardId")
        if not start:
            return out


def read_iterator(streams, iterator, limit=None, max_empty=2):
    """Follows an iterator until it ends or yields nothing `max_empty` times in a row."""
    records, empty = [], 0
    while iterator and empty < max_empty:
        kw = {"ShardIterator": iterator}
        if limit:
            kw["Limit"] = limit
        r = streams.get_records(**kw)
        records += r["Records"]
        empty = 0 if r["Records"] else empty + 1
        iterator = r.get("NextShardIterator")
    return records


def read_all(streams, arn, limit=None):
    """Every record of the stream, from the trim horizon of each shard."""
    records = []
    for shard in shard_ids(streams, arn):
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records += read_iterator(streams, it, limit)
    return sorted(records, key=lambda r: int(r["dynamodb"]["SequenceNumber"]))


def latest_iterator(streams, arn):
    shard = shard_ids(streams, arn)[-1]
    return streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                      ShardIteratorType="LATEST")["ShardIterator"]


def events(records):
    return [r["eventName"] for r in records]


# ---------------------------------------------------------------------------------------------
# StreamSpecification in the table operations.


def test_create_table_with_stream_describes_it(dynamodb):
    name = unique_table_name()
    spec = {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    created = dynamodb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                                    KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
                                    AttributeDefinitions=[{"AttributeName": "p",
                                                           "AttributeType": "S"}],
                                    StreamSpecification=spec)["TableDescription"]
    try:
        assert created["StreamSpecification"] == spec
        label = created["LatestStreamLabel"]
        assert re.fullmatch(LABEL_RE, label)
        assert created["LatestStreamArn"] == created["TableArn"] + "/stream/" + label
        desc = wait_for_active(dynamodb, name)
        assert desc["StreamSpecification"] == spec
        assert desc["LatestStreamLabel"] == label
        assert desc["LatestStreamArn"] == created["LatestStreamArn"]
        # The members sit where the API model puts them.
        keys = list(desc)
        assert keys.index("StreamSpecification") < keys.index("LatestStreamLabel") \
            < keys.index("LatestStreamArn")
    finally:
        dynamodb.delete_table(TableName=name)


def test_table_without_stream_has_no_stream_members(dynamodb, table_factory):
    name = table_factory(StreamSpecification={"StreamEnabled": False})
    desc = dynamodb.describe_table(TableName=name)["Table"]
    for member in ("StreamSpecification", "LatestStreamLabel", "LatestStreamArn"):
        assert member not in desc


@pytest.mark.parametrize("spec,message", [
    ({"StreamEnabled": True},
     "One or more parameter values were invalid: Table is being created with a stream enabled, "
     "UpdateViewType is required"),
    ({"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"},
     "One or more parameter values were invalid: Table is being created with a stream disabled, "
     "UpdateViewType should not be specified"),
    ({"StreamViewType": "NEW_IMAGE"},
     "1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to "
     "satisfy constraint: Member must not be null"),
    ({"StreamEnabled": True, "StreamViewType": "new_image"},
     "1 validation error detected: Value 'new_image' at 'streamSpecification.streamViewType' "
     "failed to satisfy constraint: Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, "
     "NEW_AND_OLD_IMAGES, NEW_IMAGE]"),
])
def test_create_table_stream_spec_validation(dynamodb, spec, message):
    with client_error("ValidationException", message=message):
        dynamodb.create_table(TableName=unique_table_name(), BillingMode="PAY_PER_REQUEST",
                              KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}],
                              StreamSpecification=spec)


def test_update_table_stream_validation(dynamodb, table_factory):
    name = table_factory()
    with client_error("ValidationException",
                      message="Table has no stream to disable: TableName: " + name):
        dynamodb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    with client_error("ValidationException",
                      message="One or more parameter values were invalid: If stream is being "
                              "enabled then UpdateViewType is required"):
        dynamodb.update_table(TableName=name, StreamSpecification={"StreamEnabled": True})
    with client_error("ValidationException",
                      message="One or more parameter values were invalid: If stream is being "
                              "disabled, then UpdateViewType must not be specified"):
        dynamodb.update_table(TableName=name, StreamSpecification={
            "StreamEnabled": False, "StreamViewType": "KEYS_ONLY"})
    with client_error("ValidationException",
                      message="One or more parameter values were invalid: DeletionProtection "
                              "modification must be the only operation in the request"):
        dynamodb.update_table(TableName=name, DeletionProtectionEnabled=True,
                              StreamSpecification={"StreamEnabled": True,
                                                   "StreamViewType": "KEYS_ONLY"})
    r = dynamodb.update_table(TableName=name, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
    assert r["TableStatus"] == "UPDATING"
    assert r["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    wait_for_active(dynamodb, name)
    # Enabling again, with the same or another view type, is refused.
    for view in ("KEYS_ONLY", "NEW_IMAGE"):
        with client_error("ValidationException",
                          message="Table already has an enabled stream: TableName: " + name):
            dynamodb.update_table(TableName=name, StreamSpecification={
                "StreamEnabled": True, "StreamViewType": view})


def test_update_table_stream_with_throughput_refused(dynamodb, table_factory):
    name = table_factory(BillingMode="PROVISIONED",
                         ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    with client_error("ValidationException", contains="cannot modify stream status while "
                                                      "updating table IOPS"):
        dynamodb.update_table(TableName=name,
                              ProvisionedThroughput={"ReadCapacityUnits": 6,
                                                     "WriteCapacityUnits": 6},
                              StreamSpecification={"StreamEnabled": True,
                                                   "StreamViewType": "KEYS_ONLY"})


# ---------------------------------------------------------------------------------------------
# Records.


def test_record_format(dynamodb, streams, stream_table):
    name, arn = stream_table("NEW_AND_OLD_IMAGES")
    before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)
    dynamodb.put_item(TableName=name, Item={"p": {"S": "k"}, "a": {"N": "1"}})
    [rec] = read_all(streams, arn)
    assert list(rec) == ["eventID", "eventName", "eventVersion", "eventSource", "awsRegion",
                         "dynamodb"]
    assert rec["eventName"] == "INSERT"
    assert rec["eventVersion"] == "1.1"
    assert rec["eventSource"] == "aws:dynamodb"
    assert rec["awsRegion"] == REGION
    assert re.fullmatch(r"[0-9a-f]{32}", rec["eventID"]) or rec["eventID"]
    body = rec["dynamodb"]
    assert list(body) == ["ApproximateCreationDateTime", "Keys", "NewImage", "SequenceNumber",
                          "SizeBytes", "StreamViewType"]
    assert body["Keys"] == {"p": {"S": "k"}}
    assert body["NewImage"] == {"p": {"S": "k"}, "a": {"N": "1"}}
    assert body["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert isinstance(body["SizeBytes"], int) and body["SizeBytes"] > 0
    assert body["SequenceNumber"].isdecimal() and len(body["SequenceNumber"]) >= 21
    created = body["ApproximateCreationDateTime"]
    assert before <= created <= datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(seconds=2)
    assert "userIdentity" not in rec


@pytest.mark.parametrize("view_type", VIEW_TYPES)
def test_view_types(dynamodb, streams, stream_table, view_type):
    name, arn = stream_table(view_type)
    k = {"p": {"S": "x"}}
    dynamodb.put_item(TableName=name, Item={**k, "v": {"S": "one"}})
    dynamodb.update_item(TableName=name, Key=k, UpdateExpression="SET v = :v",
                         ExpressionAttributeValues={":v": {"S": "two"}})
    dynamodb.delete_item(TableName=name, Key=k)
    recs = read_all(streams, arn)
    assert events(recs) == ["INSERT", "MODIFY", "REMOVE"]
    images = [(r["dynamodb"].get("OldImage"), r["dynamodb"].get("NewImage")) for r in recs]
    one, two = {**k, "v": {"S": "one"}}, {**k, "v": {"S": "two"}}
    want_new = view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES")
    want_old = view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES")
    assert images == [(None, one if want_new else None),
                      (one if want_old else None, two if want_new else None),
                      (two if want_old else None, None)]
    for r in recs:
        assert r["dynamodb"]["Keys"] == k
        assert r["dynamodb"]["StreamViewType"] == view_type


def test_event_kinds_and_writes_without_records(dynamodb, streams, stream_table):
    name, arn = stream_table("NEW_AND_OLD_IMAGES", key_schema=[
        {"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
        attribute_definitions=[{"AttributeName": "p", "AttributeType": "S"},
                               {"AttributeName": "c", "AttributeType": "N"}])
    k = {"p": {"S": "a"}, "c": {"N": "1"}}
    dynamodb.put_item(TableName=name, Item={**k, "x": {"N": "1"}})        # INSERT
    dynamodb.put_item(TableName=name, Item={**k, "x": {"N": "2"}})        # put over: MODIFY
    dynamodb.put_item(TableName=name, Item={**k, "x": {"N": "2"}})        # same item: nothing
    dynamodb.update_item(TableName=name, Key=k, UpdateExpression="SET x = :x",
                         ExpressionAttributeValues={":x": {"N": "2"}})    # no change: nothing
    with client_error("ConditionalCheckFailedException"):
        dynamodb.put_item(TableName=name, Item={**k, "x": {"N": "3"}},
                          ConditionExpression="attribute_not_exists(p)")  # failed: nothing
    dynamodb.delete_item(TableName=name, Key={"p": {"S": "zz"}, "c": {"N": "9"}})  # absent
    dynamodb.delete_item(TableName=name, Key=k)                            # REMOVE
    recs = read_all(streams, arn)
    assert events(recs) == ["INSERT", "MODIFY", "REMOVE"]
    assert recs[1]["dynamodb"]["OldImage"]["x"] == {"N": "1"}
    assert recs[1]["dynamodb"]["NewImage"]["x"] == {"N": "2"}
    assert all(r["dynamodb"]["Keys"] == k for r in recs)
    seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in recs]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3


def test_batch_and_transaction_records_in_order_once(dynamodb, streams, stream_table):
    name, arn = stream_table("KEYS_ONLY")
    dynamodb.batch_write_item(RequestItems={name: [
        {"PutRequest": {"Item": {"p": {"S": "b%d" % i}}}} for i in range(5)]})
    dynamodb.transact_write_items(TransactItems=[
        {"Put": {"TableName": name, "Item": {"p": {"S": "t1"}}}},
        {"Delete": {"TableName": name, "Key": {"p": {"S": "b0"}}}},
        {"Update": {"TableName": name, "Key": {"p": {"S": "b1"}},
                    "UpdateExpression": "SET y = :y",
                    "ExpressionAttributeValues": {":y": {"S": "z"}}}},
        {"ConditionCheck": {"TableName": name, "Key": {"p": {"S": "b2"}},
                            "ConditionExpression": "attribute_exists(p)"}},
    ])
    # A cancelled transaction writes nothing.
    with client_error("TransactionCanceledException"):
        dynamodb.transact_write_items(TransactItems=[
            {"Put": {"TableName": name, "Item": {"p": {"S": "never"}}}},
            {"ConditionCheck": {"TableName": name, "Key": {"p": {"S": "missing"}},
                                "ConditionExpression": "attribute_exists(p)"}},
        ])
    recs = read_all(streams, arn)
    keys = [(r["eventName"], r["dynamodb"]["Keys"]["p"]["S"]) for r in recs]
    assert sorted(keys[:5]) == [("INSERT", "b%d" % i) for i in range(5)]
    assert sorted(keys[5:]) == sorted([("INSERT", "t1"), ("REMOVE", "b0"), ("MODIFY", "b1")])
    assert len(recs) == 8


def test_paging_with_limit(dynamodb, streams, stream_table):
    name, arn = stream_table("KEYS_ONLY")
    for i in range(23):
        dynamodb.put_item(TableName=name, Item={"p": {"S": "k%02d" % i}})
    shard = shard_ids(streams, arn)[0]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    got, pages = [], 0
    while len(got) < 23:
        r = streams.get_records(ShardIterator=it, Limit=7)
        assert len(r["Records"]) <= 7
        got += r["Records"]
        it = r["NextShardIterator"]
        pages += 1
        assert pages < 20
    assert [r["dynamodb"]["Keys"]["p"]["S"] for r in got] == ["k%02d" % i for i in range(23)]
    # Caught up on an open shard: no records, but an iterator to come back with.
    r = streams.get_records(ShardIterator=it)
    assert r["Records"] == [] and r["NextShardIterator"]
    dynamodb.put_item(TableName=name, Item={"p": {"S": "later"}})
    r = streams.get_records(ShardIterator=r["NextShardIterator"])
    assert [x["dynamodb"]["Keys"]["p"]["S"] for x in r["Records"]] == ["later"]


def test_iterator_types(dynamodb, streams, stream_table):
    name, arn = stream_table("KEYS_ONLY")
    for i in range(3):
        dynamodb.put_item(TableName=name, Item={"p": {"S": "a%d" % i}})
    latest = latest_iterator(streams, arn)
    dynamodb.put_item(TableName=name, Item={"p": {"S": "after-latest"}})
    assert [r["dynamodb"]["Keys"]["p"]["S"] for r in read_iterator(streams, latest)] == \
        ["after-latest"]
    recs = read_all(streams, arn)
    assert len(recs) == 4
    shard = shard_ids(streams, arn)[0]
    second = recs[1]["dynamodb"]["SequenceNumber"]
    at = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                    ShardIteratorType="AT_SEQUENCE_NUMBER",
                                    SequenceNumber=second)["ShardIterator"]
    assert [r["dynamodb"]["SequenceNumber"] for r in read_iterator(streams, at)] == \
        [r["dynamodb"]["SequenceNumber"] for r in recs[1:]]
    after = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                       ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                                       SequenceNumber=second)["ShardIterator"]
    assert [r["dynamodb"]["SequenceNumber"] for r in read_iterator(streams, after)] == \
        [r["dynamodb"]["SequenceNumber"] for r in recs[2:]]
    # The shard's starting sequence number reads the whole shard.
    desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    start = desc["Shards"][0]["SequenceNumberRange"]["StartingSequenceNumber"]
    at_start = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="AT_SEQUENCE_NUMBER",
                                          SequenceNumber=start)["ShardIterator"]
    assert len(read_iterator(streams, at_start)) == 4


# ---------------------------------------------------------------------------------------------
# Streams of a table over time; ListStreams and DescribeStream.


def test_disable_and_reenable_makes_a_new_stream(dynamodb, streams, stream_table):
    name, old_arn = stream_table("NEW_IMAGE")
    dynamodb.put_item(TableName=name, Item={"p": {"S": "old"}})
    r = dynamodb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    assert r["TableDescription"]["TableStatus"] == "UPDATING"
    desc = wait_for_active(dynamodb, name)
    assert "StreamSpecification" not in desc
    assert desc["LatestStreamArn"] == old_arn          # stays after disabling
    dynamodb.put_item(TableName=name, Item={"p": {"S": "unrecorded"}})

    old = streams.describe_stream(StreamArn=old_arn)["StreamDescription"]
    assert old["StreamStatus"] == "DISABLED"
    [shard] = old["Shards"]
    rng = shard["SequenceNumberRange"]
    assert int(rng["EndingSequenceNumber"]) >= int(rng["StartingSequenceNumber"])
    # The old stream stays readable, and its closed shard ends.
    it = streams.get_shard_iterator(StreamArn=old_arn, ShardId=shard["ShardId"],
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    r = streams.get_records(ShardIterator=it)
    assert [x["dynamodb"]["Keys"]["p"]["S"] for x in r["Records"]] == ["old"]
    assert r["Records"][0]["dynamodb"]["SequenceNumber"] == rng["EndingSequenceNumber"]
    assert "NextShardIterator" not in r

    time.sleep(0.002)
    r = dynamodb.update_table(TableName=name, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
    new_arn = r["LatestStreamArn"]
    assert new_arn != old_arn
    wait_for_active(dynamodb, name)
    dynamodb.put_item(TableName=name, Item={"p": {"S": "new"}})
    assert [x["dynamodb"]["Keys"]["p"]["S"] for x in read_all(streams, new_arn)] == ["new"]
    listed = streams.list_streams(TableName=name)["Streams"]
    assert [s["StreamArn"] for s in listed] == [old_arn, new_arn]
    assert streams.describe_stream(StreamArn=new_arn)["StreamDescription"]["StreamStatus"] == \
        "ENABLED"


def test_describe_stream_fields(dynamodb, streams, stream_table):
    name, arn = stream_table("OLD_IMAGE", key_schema=[
        {"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
        attribute_definitions=[{"AttributeName": "p", "AttributeType": "S"},
                               {"AttributeName": "c", "AttributeType": "S"}])
    table = dynamodb.describe_table(TableName=name)["Table"]
    desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert list(desc) == ["StreamArn", "StreamLabel", "StreamStatus", "StreamViewType",
                          "CreationRequestDateTime", "TableName", "KeySchema", "Shards"]
    assert desc["StreamArn"] == arn
    assert desc["StreamLabel"] == table["LatestStreamLabel"]
    assert desc["StreamStatus"] == "ENABLED"
    assert desc["StreamViewType"] == "OLD_IMAGE"
    assert desc["TableName"] == name
    assert desc["KeySchema"] == table["KeySchema"]
    assert isinstance(desc["CreationRequestDateTime"], datetime.datetime)
    shards = desc["Shards"]
    assert len(shards) >= 1
    for s in shards:
        assert 28 <= len(s["ShardId"]) <= 65
        start = s["SequenceNumberRange"]["StartingSequenceNumber"]
        assert start.isdecimal() and len(start) >= 21
    open_shards = [s for s in shards if "EndingSequenceNumber" not in s["SequenceNumberRange"]]
    assert open_shards
    # Paging past the last shard gives no shards.
    last = desc["Shards"][-1]["ShardId"]
    assert streams.describe_stream(StreamArn=arn, ExclusiveStartShardId=last)[
        "StreamDescription"]["Shards"] == []


def test_list_streams(dynamodb, streams, stream_table, table_factory):
    a, arn_a = stream_table("KEYS_ONLY")
    b, arn_b = stream_table("KEYS_ONLY")
    plain = table_factory()
    assert streams.list_streams(TableName=plain)["Streams"] == []
    [entry] = streams.list_streams(TableName=a)["Streams"]
    assert entry == {"StreamArn": arn_a, "TableName": a,
                     "StreamLabel": arn_a.rsplit("/", 1)[1]}
    # Paging one stream at a time finds both.
    seen, start = [], None
    for _ in range(1000):
        kw = {"Limit": 1}
        if start:
            kw["ExclusiveStartStreamArn"] = start
        page = streams.list_streams(**kw)
        assert len(page["Streams"]) <= 1
        seen += [s["StreamArn"] for s in page["Streams"]]
        start = page.get("LastEvaluatedStreamArn")
        if not start:
            break
    assert arn_a in seen and arn_b in seen
    assert len(seen) == len(set(seen))


def test_list_streams_errors(streams):
    with client_error("ResourceNotFoundException"):
        streams.list_streams(TableName=unique_table_name())
    with client_error("ValidationException",
                      message="1 validation error detected: Value '0' at 'limit' failed to "
                              "satisfy constraint: Member must have value greater than or equal "
                              "to 1"):
        streams.list_streams(Limit=0)
    with client_error("ValidationException"):
        streams.list_streams(Limit=101)
    with client_error("ValidationException"):
        streams.list_streams(ExclusiveStartStreamArn="kossaapaaasdafsdaasdasdasdasasdasfadfadfas")


def test_describe_stream_errors(streams):
    with client_error("ValidationException"):
        streams.describe_stream(StreamArn="sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf")
    missing = "arn:aws:dynamodb:%s:000000000000:table/%s/stream/2020-01-01T00:00:00.000" % (
        REGION, unique_table_name())
    if is_local():
        with client_error("ResourceNotFoundException"):
            streams.describe_stream(StreamArn=missing)


def test_get_shard_iterator_errors(streams, stream_table):
    name, arn = stream_table("KEYS_ONLY")
    shard = shard_ids(streams, arn)[0]
    seq = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0][
        "SequenceNumberRange"]["StartingSequenceNumber"]
    for t in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        with client_error("ValidationException"):
            streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=t)
    for t in ("TRIM_HORIZON", "LATEST"):
        with client_error("ValidationException"):
            streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=t,
                                       SequenceNumber=seq)
    with client_error("ValidationException", contains="shardIteratorType"):
        streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="bulle")
    with client_error("ValidationException"):
        streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST",
                                   SequenceNumber="sdfsafglldfngjdafnasdflgnaldklkafdsgklnasd")
    with client_error("ValidationException"):
        streams.get_shard_iterator(StreamArn="sdfadsfsdfsdgdfsgsfdabadfbabdadsfsdfsdfsdfsdfsdf",
                                   ShardId=shard, ShardIteratorType="LATEST")
    with client_error("ResourceNotFoundException"):
        streams.get_shard_iterator(StreamArn=arn, ShardId="shardId-00000000000000000000-deadbeef",
                                   ShardIteratorType="LATEST")


def test_get_records_errors(streams, stream_table):
    name, arn = stream_table("KEYS_ONLY")
    with client_error("ValidationException"):
        streams.get_records(ShardIterator="sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdg")
    it = latest_iterator(streams, arn)
    with client_error("ValidationException",
                      message="1 validation error detected: Value '1001' at 'limit' failed to "
                              "satisfy constraint: Member must have value less than or equal to "
                              "1000"):
        streams.get_records(ShardIterator=it, Limit=1001)
    with client_error("ValidationException"):
        streams.get_records(ShardIterator=it, Limit=0)
    # A mangled iterator is refused, not misread.
    with client_error("ValidationException"):
        streams.get_records(ShardIterator=it[:-1] + ("0" if it[-1] != "0" else "1"))


def test_stream_gone_with_its_table(dynamodb, streams):
    name = create_table_and_wait(dynamodb, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    arn = dynamodb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    it = latest_iterator(streams, arn)
    dynamodb.delete_table(TableName=name)
    if is_local():
        # DynamoDB keeps a deleted table's stream readable for 24 hours; Magneto drops it with
        # the table (docs/compatibility.md).
        with client_error("ResourceNotFoundException"):
            streams.get_records(ShardIterator=it)


# ---------------------------------------------------------------------------------------------
# Private servers: iterator lifetime and retention.


def _private_stream_table(client, view="KEYS_ONLY"):
    name = create_table_and_wait(client, StreamSpecification={"StreamEnabled": True,
                                                              "StreamViewType": view})
    return name, client.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def test_expired_iterator(private_server):
    srv = private_server(in_memory=True, extra_args=["--stream-iterator-ttl-ms", "300"])
    client, st = srv.client(), make_streams_client(srv.endpoint)
    name, arn = _private_stream_table(client)
    it = latest_iterator(st, arn)
    time.sleep(0.5)
    with client_error("ExpiredIteratorException",
                      match=r"^Iterator expired\. The iterator was created at time "
                            r"\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} while right now it is "
                            r"\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} which is further in "
                            r"the future than the tolerated delay of 300 milliseconds\.$"):
        st.get_records(ShardIterator=it)
    # A fresh iterator works; each GetRecords hands out a fresh one.
    it = latest_iterator(st, arn)
    r = st.get_records(ShardIterator=it)
    time.sleep(0.2)
    r = st.get_records(ShardIterator=r["NextShardIterator"])
    time.sleep(0.2)
    st.get_records(ShardIterator=r["NextShardIterator"])


def test_retention_trims_records_and_drops_disabled_streams(private_server):
    srv = private_server(in_memory=True, extra_args=["--stream-retention-ms", "1500"])
    client, st = srv.client(), make_streams_client(srv.endpoint)
    name, arn = _private_stream_table(client)
    client.put_item(TableName=name, Item={"p": {"S": "old"}})
    [old] = read_all(st, arn)
    shard = shard_ids(st, arn)[0]
    at_old = st.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                   ShardIteratorType="AT_SEQUENCE_NUMBER",
                                   SequenceNumber=old["dynamodb"]["SequenceNumber"])["ShardIterator"]
    time.sleep(1.2)
    client.put_item(TableName=name, Item={"p": {"S": "young"}})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        recs = read_all(st, arn)
        if [r["dynamodb"]["Keys"]["p"]["S"] for r in recs] == ["young"]:
            break
        time.sleep(0.1)
    assert [r["dynamodb"]["Keys"]["p"]["S"] for r in recs] == ["young"]
    with client_error("TrimmedDataAccessException"):
        st.get_records(ShardIterator=at_old)
    with client_error("TrimmedDataAccessException"):
        st.get_shard_iterator(StreamArn=arn, ShardId=shard,
                              ShardIteratorType="AT_SEQUENCE_NUMBER",
                              SequenceNumber=old["dynamodb"]["SequenceNumber"])
    # A disabled stream goes once its records are all gone.
    client.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    wait_for_active(client, name)
    assert st.describe_stream(StreamArn=arn)["StreamDescription"]["StreamStatus"] == "DISABLED"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and st.list_streams(TableName=name)["Streams"]:
        time.sleep(0.2)
    assert st.list_streams(TableName=name)["Streams"] == []
    with client_error("ResourceNotFoundException"):
        st.describe_stream(StreamArn=arn)


def test_stream_survives_restart(private_server):
    srv = private_server()
    client, st = srv.client(), make_streams_client(srv.endpoint)
    name, arn = _private_stream_table(client, "NEW_IMAGE")
    client.put_item(TableName=name, Item={"p": {"S": "before"}})
    before = read_all(st, arn)
    srv.restart()
    client, st = srv.client(), make_streams_client(srv.endpoint)
    client.put_item(TableName=name, Item={"p": {"S": "after"}})
    recs = read_all(st, arn)
    assert [r["dynamodb"]["Keys"]["p"]["S"] for r in recs] == ["before", "after"]
    assert recs[0]["dynamodb"]["SequenceNumber"] == before[0]["dynamodb"]["SequenceNumber"]
    assert int(recs[1]["dynamodb"]["SequenceNumber"]) > int(recs[0]["dynamodb"]["SequenceNumber"])
