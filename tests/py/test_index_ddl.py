# Black-box tests of the table-level API of secondary indexes: CreateTable with
# LocalSecondaryIndexes and GlobalSecondaryIndexes (and its validation), how DescribeTable shows
# the indexes, and UpdateTable's GlobalSecondaryIndexUpdates (Create, Update, Delete).
#
# Messages checked exactly were seen from DynamoDB itself (AWS documentation, public issue
# threads and probes of the live service quoting them); where the exact wording is not
# confirmed, the test checks the error type and a substring and says so.

import time

import pytest

from conftest import delete_table_quietly, is_local
from ddb_util import client_error, unique_table_name, validation_error, wait_for_active

INVALID = "One or more parameter values were invalid: "
HASH_P = [{"AttributeName": "p", "KeyType": "HASH"}]
HASH_P_RANGE_C = [{"AttributeName": "p", "KeyType": "HASH"},
                  {"AttributeName": "c", "KeyType": "RANGE"}]


def attrs(*names_and_types):
    """attrs("p", "c", ("x", "N")) -> AttributeDefinitions (S unless a type is given)."""
    out = []
    for n in names_and_types:
        name, type_ = n if isinstance(n, tuple) else (n, "S")
        out.append({"AttributeName": name, "AttributeType": type_})
    return out


def lsi(name, range_key, hash_key="p", projection=None):
    return {"IndexName": name,
            "KeySchema": [{"AttributeName": hash_key, "KeyType": "HASH"},
                          {"AttributeName": range_key, "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"} if projection is None else projection}


def gsi(name, hash_key, range_key=None, projection=None, throughput=None):
    keys = [{"AttributeName": hash_key, "KeyType": "HASH"}]
    if range_key:
        keys.append({"AttributeName": range_key, "KeyType": "RANGE"})
    out = {"IndexName": name, "KeySchema": keys,
           "Projection": {"ProjectionType": "ALL"} if projection is None else projection}
    if throughput:
        out["ProvisionedThroughput"] = {"ReadCapacityUnits": throughput[0],
                                        "WriteCapacityUnits": throughput[1]}
    return out


def create_invalid(dynamodb, key_schema=HASH_P_RANGE_C, attribute_definitions=None, **kwargs):
    """A CreateTable expected to fail. Should it succeed, the table is deleted again (and the
    surrounding pytest.raises reports the missing error)."""
    name = unique_table_name()
    kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
    dynamodb.create_table(TableName=name, KeySchema=key_schema,
                          AttributeDefinitions=attribute_definitions or attrs("p", "c"),
                          **kwargs)
    try:
        dynamodb.delete_table(TableName=name)
    except Exception:
        pass


def index_wait_timeout():
    # A local server fills a small table in well under a second; DynamoDB takes minutes.
    return 10.0 if is_local() else 1800.0


def wait_for_index(dynamodb, table, index, status="ACTIVE"):
    deadline = time.monotonic() + index_wait_timeout()
    while True:
        desc = dynamodb.describe_table(TableName=table)["Table"]
        found = [g for g in desc.get("GlobalSecondaryIndexes", []) if g["IndexName"] == index]
        if status is None and not found:
            return desc
        if found and found[0]["IndexStatus"] == status:
            return desc
        assert time.monotonic() < deadline, "index %s of %s not %s: %s" % (
            index, table, status, found)
        time.sleep(0.05 if is_local() else 5)


# --------------------------------------------------------------------------------------------
# CreateTable: validation.


def test_empty_index_lists(dynamodb):
    with validation_error(message=INVALID + "List of LocalSecondaryIndexes is empty"):
        create_invalid(dynamodb, LocalSecondaryIndexes=[])
    with validation_error(message=INVALID + "List of GlobalSecondaryIndexes is empty"):
        create_invalid(dynamodb, GlobalSecondaryIndexes=[])


def test_duplicate_index_name(dynamodb):
    with validation_error(message=INVALID + "Duplicate index name: idx"):
        create_invalid(dynamodb, attribute_definitions=attrs("p", "c", "x"),
                       LocalSecondaryIndexes=[lsi("idx", "x")],
                       GlobalSecondaryIndexes=[gsi("idx", "x")])
    with validation_error(message=INVALID + "Duplicate index name: gg1"):
        create_invalid(dynamodb, attribute_definitions=attrs("p", "c", "x"),
                       GlobalSecondaryIndexes=[gsi("gg1", "x"), gsi("gg1", "c")])


@pytest.mark.parametrize("name,constraint", [
    ("ab", "Member must have length greater than or equal to 3"),
    ("n" * 256, "Member must have length less than or equal to 255"),
    ("bad*name", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
])
def test_bad_index_names(dynamodb, name, constraint):
    with validation_error(contains=["globalSecondaryIndexes.1.member.indexName", constraint]):
        create_invalid(dynamodb, attribute_definitions=attrs("p", "c", "x"),
                       GlobalSecondaryIndexes=[gsi(name, "x")])


def test_index_key_not_defined(dynamodb):
    with validation_error(message=INVALID + "Some index key attributes are not defined in "
                          "AttributeDefinitions. Keys: [x], AttributeDefinitions: [p, c]"):
        create_invalid(dynamodb, GlobalSecondaryIndexes=[gsi("gsi", "x")])
    # Whether "Keys" lists all of the index's keys or only the undefined ones is not confirmed.
    with validation_error(contains=INVALID + "Some index key attributes are not defined in "
                          "AttributeDefinitions. Keys: ["):
        create_invalid(dynamodb, LocalSecondaryIndexes=[lsi("lsi", "x")])


def test_unused_attribute_definitions(dynamodb):
    # DynamoDB lists "keys used" in the order of a Java HashSet; for p and x that is [p, x].
    with validation_error(message=INVALID + "Some AttributeDefinitions are not used. "
                          "AttributeDefinitions: [p, x, y], keys used: [p, x]"):
        create_invalid(dynamodb, key_schema=HASH_P, attribute_definitions=attrs("p", "x", "y"),
                       GlobalSecondaryIndexes=[gsi("gsi", "x")])


def test_lsi_needs_table_sort_key(dynamodb):
    with validation_error(message=INVALID + "Table KeySchema does not have a range key, which "
                          "is required when specifying a LocalSecondaryIndex"):
        create_invalid(dynamodb, key_schema=HASH_P, attribute_definitions=attrs("p", "x"),
                       LocalSecondaryIndexes=[lsi("lsi", "x")])


def test_lsi_must_share_hash_key(dynamodb):
    with validation_error(message=INVALID + "Index KeySchema does not have the same leading "
                          "hash key as table KeySchema for index: lsi. index hash key: x, table "
                          "hash key: p"):
        create_invalid(dynamodb, attribute_definitions=attrs("p", "c", "x"),
                       LocalSecondaryIndexes=[lsi("lsi", "c", hash_key="x")])


def test_lsi_needs_range_key(dynamodb):
    index = {"IndexName": "lsi", "KeySchema": HASH_P, "Projection": {"ProjectionType": "ALL"}}
    with validation_error(message=INVALID + "Index KeySchema does not have a range key for "
                          "index: lsi"):
        create_invalid(dynamodb, LocalSecondaryIndexes=[index])


def test_index_key_schema_order(dynamodb):
    index = {"IndexName": "gsi", "KeySchema": [{"AttributeName": "x", "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "ALL"}}
    with validation_error(
            message="Invalid KeySchema: The first KeySchemaElement is not a HASH key type"):
        create_invalid(dynamodb, attribute_definitions=attrs("p", "c", "x"),
                       GlobalSecondaryIndexes=[index])


def test_too_many_lsis(dynamodb):
    names = ["x%d" % i for i in range(6)]
    with validation_error(message=INVALID + "Number of LocalSecondaryIndexes exceeds per-table "
                          "limit of 5"):
        create_invalid(dynamodb, attribute_definitions=attrs("p", "c", *names),
                       LocalSecondaryIndexes=[lsi("lsi_" + n, n) for n in names])


def test_too_many_gsis(dynamodb):
    names = ["x%d" % i for i in range(21)]
    with validation_error(message=INVALID + "GlobalSecondaryIndex count exceeds the per-table "
                          "limit of 20"):
        create_invalid(dynamodb, attribute_definitions=attrs("p", "c", *names),
                       GlobalSecondaryIndexes=[gsi("gsi_" + n, n) for n in names])


def test_projection_rules(dynamodb):
    a = attrs("p", "c", "x")
    with validation_error(message=INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes "
                          "is not specified"):
        create_invalid(dynamodb, attribute_definitions=a, GlobalSecondaryIndexes=[
            gsi("gsi", "x", projection={"ProjectionType": "INCLUDE"})])
    with validation_error(message=INVALID + "ProjectionType is KEYS_ONLY, but NonKeyAttributes "
                          "is specified"):
        create_invalid(dynamodb, attribute_definitions=a, GlobalSecondaryIndexes=[
            gsi("gsi", "x", projection={"ProjectionType": "KEYS_ONLY",
                                        "NonKeyAttributes": ["y"]})])
    with validation_error(message=INVALID + "Unknown ProjectionType: null"):
        create_invalid(dynamodb, attribute_definitions=a,
                       GlobalSecondaryIndexes=[gsi("gsi", "x", projection={})])
    with validation_error(message=INVALID + "Duplicate element in NonKeyAttributes: y"):
        create_invalid(dynamodb, attribute_definitions=a, GlobalSecondaryIndexes=[
            gsi("gsi", "x", projection={"ProjectionType": "INCLUDE",
                                        "NonKeyAttributes": ["y", "z", "y"]})])
    with validation_error(contains=["projection.projectionType",
                                    "Member must satisfy enum value set"]):
        create_invalid(dynamodb, attribute_definitions=a, GlobalSecondaryIndexes=[
            gsi("gsi", "x", projection={"ProjectionType": "all"})])
    with validation_error(contains=["globalSecondaryIndexes.1.member.projection",
                                    "Member must not be null"]):
        index = gsi("gsi", "x")
        del index["Projection"]
        create_invalid(dynamodb, attribute_definitions=a, GlobalSecondaryIndexes=[index])


def test_too_many_projected_attributes(dynamodb):
    # At most 100 NonKeyAttributes over all indexes (20 per index). The wording after "limit
    # of 100" is not confirmed, so only the start of the message is checked.
    names = ["x%d" % i for i in range(6)]
    indexes = [gsi("gsi_" + n, n, projection={
        "ProjectionType": "INCLUDE",
        "NonKeyAttributes": ["%s_a%d" % (n, j) for j in range(20)]}) for n in names]
    with validation_error(contains=INVALID + "Number of projected attributes in all indexes "
                          "exceeds limit of 100"):
        create_invalid(dynamodb, attribute_definitions=attrs("p", "c", *names),
                       GlobalSecondaryIndexes=indexes)


def test_gsi_throughput_and_billing_mode(dynamodb):
    a = attrs("p", "c", "x")
    with validation_error(message=INVALID + "ProvisionedThroughput should not be specified for "
                          "index: gsi when BillingMode is PAY_PER_REQUEST"):
        create_invalid(dynamodb, attribute_definitions=a,
                       GlobalSecondaryIndexes=[gsi("gsi", "x", throughput=(1, 1))])
    with validation_error(message=INVALID + "ProvisionedThroughput is not specified for index: "
                          "gsi"):
        create_invalid(dynamodb, attribute_definitions=a, BillingMode="PROVISIONED",
                       ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                       GlobalSecondaryIndexes=[gsi("gsi", "x")])
    with validation_error(contains=["globalSecondaryIndexes.1.member.provisionedThroughput."
                                    "readCapacityUnits",
                                    "Member must have value greater than or equal to 1"]):
        create_invalid(dynamodb, attribute_definitions=a, BillingMode="PROVISIONED",
                       ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                       GlobalSecondaryIndexes=[gsi("gsi", "x", throughput=(0, 1))])


# --------------------------------------------------------------------------------------------
# DescribeTable.


def test_describe_lsi_and_gsi(dynamodb, table_factory):
    name = table_factory(
        key_schema=HASH_P_RANGE_C,
        attribute_definitions=attrs("z", "p", "c", ("x", "N"), "g"),
        LocalSecondaryIndexes=[lsi("by_x", "x", projection={"ProjectionType": "KEYS_ONLY"})],
        GlobalSecondaryIndexes=[gsi("by_g", "g", "x", projection={
            "ProjectionType": "INCLUDE", "NonKeyAttributes": ["zz", "aa"]}),
            gsi("by_z", "z")])
    desc = dynamodb.describe_table(TableName=name)["Table"]
    arn = desc["TableArn"]
    # AttributeDefinitions come back sorted by name, index keys included.
    assert desc["AttributeDefinitions"] == attrs("c", "g", "p", ("x", "N"), "z")

    (local,) = desc["LocalSecondaryIndexes"]
    assert list(local) == ["IndexName", "KeySchema", "Projection", "IndexSizeBytes", "ItemCount",
                           "IndexArn"]
    assert local["IndexName"] == "by_x"
    assert local["KeySchema"] == [{"AttributeName": "p", "KeyType": "HASH"},
                                  {"AttributeName": "x", "KeyType": "RANGE"}]
    assert local["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert local["IndexArn"] == arn + "/index/by_x"
    assert local["ItemCount"] == 0 and local["IndexSizeBytes"] == 0

    by_g, by_z = desc["GlobalSecondaryIndexes"]  # in the order created
    for g in (by_g, by_z):
        assert g["IndexStatus"] == "ACTIVE"
        assert "Backfilling" not in g
        assert g["IndexArn"] == arn + "/index/" + g["IndexName"]
        assert g["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0,
                                              "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
        assert g["ItemCount"] == 0 and g["IndexSizeBytes"] == 0
    assert by_g["IndexName"] == "by_g"
    assert by_g["KeySchema"] == [{"AttributeName": "g", "KeyType": "HASH"},
                                 {"AttributeName": "x", "KeyType": "RANGE"}]
    # NonKeyAttributes come back sorted by name.
    assert by_g["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["aa", "zz"]}
    assert by_z["Projection"] == {"ProjectionType": "ALL"}
    if is_local():
        # DynamoDB adds WarmThroughput (and more) to each index; Magneto does not have them.
        assert list(by_g) == ["IndexName", "KeySchema", "Projection", "IndexStatus",
                              "ProvisionedThroughput", "IndexSizeBytes", "ItemCount", "IndexArn"]


def test_describe_gsi_provisioned(dynamodb, table_factory):
    name = table_factory(
        attribute_definitions=attrs("p", "x"),
        ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 3},
        GlobalSecondaryIndexes=[gsi("gsi", "x", throughput=(4, 5))])
    (g,) = dynamodb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]
    assert g["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 4,
                                          "WriteCapacityUnits": 5}


def test_create_table_answer_shows_indexes(dynamodb):
    name = unique_table_name()
    try:
        resp = dynamodb.create_table(
            TableName=name, KeySchema=HASH_P, AttributeDefinitions=attrs("p", "x"),
            BillingMode="PAY_PER_REQUEST", GlobalSecondaryIndexes=[gsi("gsi", "x")])
        desc = resp["TableDescription"]
        (g,) = desc["GlobalSecondaryIndexes"]
        assert g["IndexName"] == "gsi"
        # While the table is being created, so are its indexes.
        if desc["TableStatus"] == "CREATING":
            assert g["IndexStatus"] == "CREATING"
    finally:
        try:
            wait_for_active(dynamodb, name)
        finally:
            delete_table_quietly(dynamodb, name)


# --------------------------------------------------------------------------------------------
# UpdateTable: GlobalSecondaryIndexUpdates.


def create_action(name, key, **kwargs):
    return {"Create": gsi(name, key, **kwargs)}


def test_update_table_create_and_delete_gsi(dynamodb, table_factory):
    name = table_factory(key_schema=HASH_P, attribute_definitions=attrs("p"))
    items = [{"p": {"S": "k%d" % i}, "x": {"S": "v%d" % (i % 2)}} for i in range(5)]
    for item in items:
        dynamodb.put_item(TableName=name, Item=item)

    resp = dynamodb.update_table(TableName=name, AttributeDefinitions=attrs("x"),
                                 GlobalSecondaryIndexUpdates=[create_action("by_x", "x")])
    desc = resp["TableDescription"]
    (g,) = desc["GlobalSecondaryIndexes"]
    assert g["IndexName"] == "by_x"
    assert g["IndexStatus"] == "CREATING"
    assert g["KeySchema"] == [{"AttributeName": "x", "KeyType": "HASH"}]
    assert g["IndexArn"] == desc["TableArn"] + "/index/by_x"
    assert attrs("p", "x") == sorted(desc["AttributeDefinitions"],
                                     key=lambda d: d["AttributeName"])

    desc = wait_for_index(dynamodb, name, "by_x")
    (g,) = desc["GlobalSecondaryIndexes"]
    assert "Backfilling" not in g

    # Creating it again is refused (DynamoDB: ValidationException).
    with validation_error(message="Attempting to create an index which already exists"):
        dynamodb.update_table(TableName=name, AttributeDefinitions=attrs("x"),
                              GlobalSecondaryIndexUpdates=[create_action("by_x", "x")])

    resp = dynamodb.update_table(TableName=name,
                                 GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by_x"}}])
    (g,) = resp["TableDescription"]["GlobalSecondaryIndexes"]
    assert g["IndexName"] == "by_x"
    assert g["IndexStatus"] == "DELETING"
    desc = wait_for_index(dynamodb, name, "by_x", status=None)
    assert "GlobalSecondaryIndexes" not in desc
    # The definition only the index used goes with it.
    assert desc["AttributeDefinitions"] == attrs("p")

    # Deleting it again: it is not found.
    with client_error("ResourceNotFoundException", contains="by_x"):
        dynamodb.update_table(TableName=name,
                              GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by_x"}}])
    # The table itself is unharmed.
    assert dynamodb.scan(TableName=name, ConsistentRead=True)["Count"] == len(items)


def test_update_table_index_not_found(dynamodb, table_factory):
    name = table_factory(key_schema=HASH_P, attribute_definitions=attrs("p"))
    # Seen from DynamoDB: "Requested resource not found: Index ghost for table <name>".
    with client_error("ResourceNotFoundException",
                      message="Requested resource not found: Index ghost for table " + name):
        dynamodb.update_table(TableName=name,
                              GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "ghost"}}])


def test_update_table_one_online_index_change(dynamodb, table_factory):
    name = table_factory(key_schema=HASH_P, attribute_definitions=attrs("p"))
    limit = ("Subscriber limit exceeded: Only 1 online index can be created or deleted "
             "simultaneously per table")
    with client_error("LimitExceededException", message=limit):
        dynamodb.update_table(TableName=name, AttributeDefinitions=attrs("x", "y"),
                              GlobalSecondaryIndexUpdates=[create_action("gxx", "x"),
                                                           create_action("gyy", "y")])
    with client_error("LimitExceededException", message=limit):
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
            {"Delete": {"IndexName": "gaa"}}, {"Delete": {"IndexName": "gbb"}}])


def test_update_table_gsi_update_errors(dynamodb, table_factory):
    name = table_factory(key_schema=HASH_P, attribute_definitions=attrs("p"))
    with validation_error(message=INVALID + "One of GlobalSecondaryIndexUpdate.Update, "
                          "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete "
                          "must not be null"):
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{}])
    with validation_error(message=INVALID + "Only one global secondary index action is allowed "
                          "per GlobalSecondaryIndexUpdate object"):
        dynamodb.update_table(TableName=name, AttributeDefinitions=attrs("x"),
                              GlobalSecondaryIndexUpdates=[dict(create_action("gxx", "x"),
                                                                Delete={"IndexName": "gyy"})])
    with validation_error(message=INVALID + "AttributeDefinitions is not specified for index: "
                          "gxx"):
        dynamodb.update_table(TableName=name,
                              GlobalSecondaryIndexUpdates=[create_action("gxx", "x")])
    with validation_error(message=INVALID + "Some index key attributes are not defined in "
                          "AttributeDefinitions. Keys: [x], AttributeDefinitions: [y]"):
        dynamodb.update_table(TableName=name, AttributeDefinitions=attrs("y"),
                              GlobalSecondaryIndexUpdates=[create_action("gxx", "x")])
    # An empty list alone is no change at all; next to a change it is rejected.
    with validation_error(contains="At least one of"):
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[])
    with validation_error(message=INVALID + "List of GlobalSecondaryIndexUpdates is empty"):
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[],
                              BillingMode="PAY_PER_REQUEST")
    with validation_error(message=INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits "
                          "can be specified for index: gxx when BillingMode is PAY_PER_REQUEST"):
        dynamodb.update_table(TableName=name, AttributeDefinitions=attrs("x"),
                              GlobalSecondaryIndexUpdates=[
                                  create_action("gxx", "x", throughput=(1, 1))])


def test_update_table_key_type_conflict(dynamodb, table_factory):
    name = table_factory(key_schema=HASH_P, attribute_definitions=attrs("p", "x"),
                         GlobalSecondaryIndexes=[gsi("gg1", "x")])
    # DynamoDB: "...Attributes cannot be redefined. Please check that your attribute has the
    # same type as previously defined. Existing schema: ... New schema: ..." (the schema parts
    # are not confirmed).
    with validation_error(contains=INVALID + "Attributes cannot be redefined"):
        dynamodb.update_table(TableName=name, AttributeDefinitions=attrs(("x", "N")),
                              GlobalSecondaryIndexUpdates=[create_action("gg2", "x")])


def test_update_table_cannot_touch_lsi(dynamodb, table_factory):
    name = table_factory(key_schema=HASH_P_RANGE_C, attribute_definitions=attrs("p", "c", "x"),
                         LocalSecondaryIndexes=[lsi("lsi", "x")])
    with validation_error(message="Cannot delete an index that is not a GlobalSecondaryIndex: "
                          "lsi"):
        dynamodb.update_table(TableName=name,
                              GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "lsi"}}])
    with validation_error(message="Attempting to create an index which already exists"):
        dynamodb.update_table(TableName=name, AttributeDefinitions=attrs("x"),
                              GlobalSecondaryIndexUpdates=[create_action("lsi", "x")])


def test_update_gsi_throughput(dynamodb, table_factory):
    name = table_factory(
        attribute_definitions=attrs("p", "x"),
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        GlobalSecondaryIndexes=[gsi("gsi", "x", throughput=(1, 1))])
    dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
        {"Update": {"IndexName": "gsi", "ProvisionedThroughput": {"ReadCapacityUnits": 3,
                                                                  "WriteCapacityUnits": 4}}}])
    desc = wait_for_index(dynamodb, name, "gsi")
    (g,) = desc["GlobalSecondaryIndexes"]
    assert g["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert g["ProvisionedThroughput"]["WriteCapacityUnits"] == 4
    assert "LastIncreaseDateTime" in g["ProvisionedThroughput"]


def test_update_gsi_throughput_pay_per_request(dynamodb, table_factory):
    name = table_factory(key_schema=HASH_P, attribute_definitions=attrs("p", "x"),
                         GlobalSecondaryIndexes=[gsi("gsi", "x")])
    with validation_error(message=INVALID + "The only Updates for index: gsi when "
                          "TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, "
                          "WarmThroughput"):
        dynamodb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
            {"Update": {"IndexName": "gsi", "ProvisionedThroughput": {"ReadCapacityUnits": 3,
                                                                      "WriteCapacityUnits": 4}}}])
