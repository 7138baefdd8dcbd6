# Black-box tests of the table operations: CreateTable (and its validation), DescribeTable,
# ListTables, DeleteTable, UpdateTable, tagging, DescribeLimits and DescribeEndpoints.

import datetime
import re

import pytest

from conftest import create_table_and_wait, delete_table_quietly
from ddb_util import (client_error, random_string, unique_table_name, validation_error,
                      wait_for_active, wait_for_gone)

HASH_P = [{"AttributeName": "p", "KeyType": "HASH"}]
ATTR_P = [{"AttributeName": "p", "AttributeType": "S"}]
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def create(dynamodb, name=None, key_schema=HASH_P, attrs=ATTR_P, **kwargs):
    """A raw CreateTable (no defaults added), for the validation tests."""
    return dynamodb.create_table(TableName=name or unique_table_name(), KeySchema=key_schema,
                                 AttributeDefinitions=attrs, **kwargs)


# --------------------------------------------------------------------------------------------
# CreateTable: validation.


# DynamoDB words these "1 validation error detected: Value 'ab' at 'tableName' failed to
# satisfy constraint: Member must have length greater than or equal to 3"; the member name's
# capitalisation has varied over time, so only the constraint part is checked exactly.
@pytest.mark.parametrize("name,constraint", [
    ("ab", "Member must have length greater than or equal to 3"),
    ("x" * 256, "Member must have length less than or equal to 255"),
    ("bad*name", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
    ("has space", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
])
def test_create_table_bad_names(dynamodb, name, constraint):
    with validation_error(contains=["validation error detected", "failed to satisfy constraint",
                                    constraint]):
        create(dynamodb, name=name, BillingMode="PAY_PER_REQUEST")


def test_create_table_name_length_limits(table_factory):
    # 3 and 255 characters and every allowed character class are fine.
    table_factory(name="a_" + random_string(1))
    table_factory(name=("T.-_" + random_string(20)).ljust(255, "z"))


def test_create_table_key_not_in_attribute_definitions(dynamodb):
    with validation_error(contains="One or more parameter values were invalid: Some index key "
                                   "attributes are not defined in AttributeDefinitions."):
        create(dynamodb, attrs=[{"AttributeName": "x", "AttributeType": "S"}],
               BillingMode="PAY_PER_REQUEST")


def test_create_table_extra_attribute_definitions(dynamodb):
    with validation_error(message="One or more parameter values were invalid: Number of "
                                  "attributes in KeySchema does not exactly match number of "
                                  "attributes defined in AttributeDefinitions"):
        create(dynamodb, attrs=ATTR_P + [{"AttributeName": "x", "AttributeType": "S"}],
               BillingMode="PAY_PER_REQUEST")


def test_create_table_range_key_first(dynamodb):
    with validation_error(message="Invalid KeySchema: The first KeySchemaElement is not a "
                                  "HASH key type"):
        create(dynamodb,
               key_schema=[{"AttributeName": "c", "KeyType": "RANGE"},
                           {"AttributeName": "p", "KeyType": "HASH"}],
               attrs=ATTR_P + [{"AttributeName": "c", "AttributeType": "S"}],
               BillingMode="PAY_PER_REQUEST")


def test_create_table_two_hash_keys(dynamodb):
    # DynamoDB: "Too many hash keys specified.  All Dynamo DB tables must have exactly one hash
    # key" (exact spacing unconfirmed, so checked loosely).
    with validation_error(contains="hash key"):
        create(dynamodb,
               key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                           {"AttributeName": "c", "KeyType": "HASH"}],
               attrs=ATTR_P + [{"AttributeName": "c", "AttributeType": "S"}],
               BillingMode="PAY_PER_REQUEST")


def test_create_table_same_hash_and_range(dynamodb):
    with validation_error(contains="same name"):
        create(dynamodb,
               key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                           {"AttributeName": "p", "KeyType": "RANGE"}],
               BillingMode="PAY_PER_REQUEST")


def test_create_table_three_key_elements(dynamodb):
    with validation_error(contains="Member must have length less than or equal to 2"):
        create(dynamodb,
               key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                           {"AttributeName": "c", "KeyType": "RANGE"},
                           {"AttributeName": "d", "KeyType": "RANGE"}],
               attrs=ATTR_P + [{"AttributeName": "c", "AttributeType": "S"},
                               {"AttributeName": "d", "AttributeType": "S"}],
               BillingMode="PAY_PER_REQUEST")


def test_create_table_empty_key_schema(dynamodb):
    with validation_error():
        create(dynamodb, key_schema=[], attrs=[], BillingMode="PAY_PER_REQUEST")


def test_create_table_bad_attribute_type(dynamodb):
    # Key attributes may only be S, N or B; DynamoDB answers an enum-constraint message.
    with validation_error(contains="Member must satisfy enum value set"):
        create(dynamodb, attrs=[{"AttributeName": "p", "AttributeType": "BOOL"}],
               BillingMode="PAY_PER_REQUEST")


def test_create_table_bad_key_type(dynamodb):
    with validation_error(contains="Member must satisfy enum value set"):
        create(dynamodb, key_schema=[{"AttributeName": "p", "KeyType": "PRIMARY"}],
               BillingMode="PAY_PER_REQUEST")


def test_create_table_provisioned_requires_throughput(dynamodb):
    msg = ("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
           "must both be specified when BillingMode is PROVISIONED")
    with validation_error(message=msg):
        create(dynamodb, BillingMode="PROVISIONED")
    # PROVISIONED is the default billing mode.
    with validation_error(message=msg):
        create(dynamodb)


def test_create_table_pay_per_request_forbids_throughput(dynamodb):
    with validation_error(message="One or more parameter values were invalid: Neither "
                                  "ReadCapacityUnits nor WriteCapacityUnits can be specified "
                                  "when BillingMode is PAY_PER_REQUEST"):
        create(dynamodb, BillingMode="PAY_PER_REQUEST",
               ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})


def test_create_table_zero_throughput(dynamodb):
    with validation_error(contains="Member must have value greater than or equal to 1"):
        create(dynamodb, ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 1})


def test_create_table_bad_billing_mode(dynamodb):
    with validation_error(contains="Member must satisfy enum value set"):
        create(dynamodb, BillingMode="FREE")


def test_create_table_already_exists(dynamodb, test_table_s):
    with client_error("ResourceInUseException",
                      message="Table already exists: %s" % test_table_s):
        create(dynamodb, name=test_table_s, BillingMode="PAY_PER_REQUEST")


def test_create_table_answers_creating(dynamodb):
    name = unique_table_name()
    try:
        desc = create(dynamodb, name=name, BillingMode="PAY_PER_REQUEST")["TableDescription"]
        assert desc["TableName"] == name
        assert desc["TableStatus"] == "CREATING"
        assert desc["KeySchema"] == HASH_P
        assert desc["AttributeDefinitions"] == ATTR_P
        assert wait_for_active(dynamodb, name)["TableStatus"] == "ACTIVE"
    finally:
        delete_table_quietly(dynamodb, name)


# --------------------------------------------------------------------------------------------
# DescribeTable.


def test_describe_table_pay_per_request(dynamodb, table_factory):
    before = datetime.datetime.now(datetime.timezone.utc)
    name = table_factory()
    desc = dynamodb.describe_table(TableName=name)["Table"]
    assert desc["TableName"] == name
    assert desc["TableStatus"] == "ACTIVE"
    assert desc["KeySchema"] == HASH_P
    assert desc["AttributeDefinitions"] == ATTR_P
    assert re.fullmatch(r"arn:aws:dynamodb:us-east-1:\d{12}:table/" + re.escape(name),
                        desc["TableArn"])
    assert UUID_RE.match(desc["TableId"])
    created = desc["CreationDateTime"]
    assert isinstance(created, datetime.datetime)
    assert before - datetime.timedelta(minutes=5) <= created
    assert created <= datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
    assert desc["ItemCount"] == 0
    assert desc["TableSizeBytes"] == 0
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert "LastUpdateToPayPerRequestDateTime" in desc["BillingModeSummary"]
    assert desc["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0,
                                             "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    assert desc["DeletionProtectionEnabled"] is False


def test_describe_table_provisioned(dynamodb, table_factory):
    name = table_factory(ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
    desc = dynamodb.describe_table(TableName=name)["Table"]
    tp = desc["ProvisionedThroughput"]
    assert tp["ReadCapacityUnits"] == 3
    assert tp["WriteCapacityUnits"] == 4
    assert tp["NumberOfDecreasesToday"] == 0
    # DynamoDB leaves BillingModeSummary out for a table created PROVISIONED; if present, it
    # must say PROVISIONED.
    if "BillingModeSummary" in desc:
        assert desc["BillingModeSummary"]["BillingMode"] == "PROVISIONED"


def test_describe_table_hash_range_and_arn_account(dynamodb, test_table_sc, test_table_s):
    desc = dynamodb.describe_table(TableName=test_table_sc)["Table"]
    assert desc["KeySchema"] == [{"AttributeName": "p", "KeyType": "HASH"},
                                 {"AttributeName": "c", "KeyType": "RANGE"}]
    assert sorted(d["AttributeName"] for d in desc["AttributeDefinitions"]) == ["c", "p"]
    other = dynamodb.describe_table(TableName=test_table_s)["Table"]
    # Same region and account for every table; different ids.
    assert desc["TableArn"].rsplit("/", 1)[0] == other["TableArn"].rsplit("/", 1)[0]
    assert desc["TableId"] != other["TableId"]


def test_describe_table_missing(dynamodb):
    name = unique_table_name()
    with client_error("ResourceNotFoundException",
                      message="Requested resource not found: Table: %s not found" % name):
        dynamodb.describe_table(TableName=name)


def test_describe_table_item_count_not_negative(dynamodb, test_table_s):
    # ItemCount/TableSizeBytes are refreshed lazily by DynamoDB; only check they are sane.
    dynamodb.put_item(TableName=test_table_s, Item={"p": {"S": random_string()}})
    desc = dynamodb.describe_table(TableName=test_table_s)["Table"]
    assert desc["ItemCount"] >= 0 and desc["TableSizeBytes"] >= 0


# --------------------------------------------------------------------------------------------
# ListTables.


def list_all_tables(dynamodb, limit):
    names, kwargs = [], {"Limit": limit}
    for _ in range(10000):
        resp = dynamodb.list_tables(**kwargs)
        assert len(resp["TableNames"]) <= limit
        names += resp["TableNames"]
        if "LastEvaluatedTableName" not in resp:
            return names
        assert resp["LastEvaluatedTableName"] == resp["TableNames"][-1]
        kwargs["ExclusiveStartTableName"] = resp["LastEvaluatedTableName"]
    raise AssertionError("ListTables paging did not end")


def test_list_tables_paging(dynamodb, table_factory):
    prefix = "magneto_test_list_" + random_string(6) + "_"
    mine = sorted(table_factory(name=prefix + str(i)) for i in range(5))
    for limit in (1, 2, 3, 100):
        names = list_all_tables(dynamodb, limit)
        assert names == sorted(names), "ListTables must answer in name order"
        assert len(names) == len(set(names))
        assert [n for n in names if n.startswith(prefix)] == mine


def test_list_tables_exclusive_start(dynamodb, table_factory):
    prefix = "magneto_test_lst_" + random_string(6) + "_"
    mine = sorted(table_factory(name=prefix + str(i)) for i in range(3))
    resp = dynamodb.list_tables(ExclusiveStartTableName=mine[0], Limit=2)
    assert resp["TableNames"] == mine[1:]
    # The start name need not exist.
    resp = dynamodb.list_tables(ExclusiveStartTableName=prefix, Limit=1)
    assert resp["TableNames"] == [mine[0]]
    assert resp["LastEvaluatedTableName"] == mine[0]


def test_list_tables_paginator(dynamodb, table_factory):
    prefix = "magneto_test_pag_" + random_string(6) + "_"
    mine = sorted(table_factory(name=prefix + str(i)) for i in range(3))
    names = []
    for page in dynamodb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2}):
        names += page["TableNames"]
    assert [n for n in names if n.startswith(prefix)] == mine


@pytest.mark.parametrize("limit,constraint", [
    (0, "Member must have value greater than or equal to 1"),
    (101, "Member must have value less than or equal to 100"),
])
def test_list_tables_bad_limit(dynamodb, limit, constraint):
    with validation_error(contains=constraint):
        dynamodb.list_tables(Limit=limit)


# --------------------------------------------------------------------------------------------
# DeleteTable.


def test_delete_table(dynamodb):
    name = create_table_and_wait(dynamodb)
    desc = dynamodb.delete_table(TableName=name)["TableDescription"]
    assert desc["TableName"] == name
    assert desc["TableStatus"] == "DELETING"
    wait_for_gone(dynamodb, name)
    assert name not in list_all_tables(dynamodb, 100)
    with client_error("ResourceNotFoundException",
                      message="Requested resource not found: Table: %s not found" % name):
        dynamodb.delete_table(TableName=name)


def test_delete_table_missing(dynamodb):
    name = unique_table_name()
    with client_error("ResourceNotFoundException",
                      message="Requested resource not found: Table: %s not found" % name):
        dynamodb.delete_table(TableName=name)


def test_delete_table_then_recreate_is_empty(dynamodb):
    name = create_table_and_wait(dynamodb)
    try:
        dynamodb.put_item(TableName=name, Item={"p": {"S": "x"}})
        dynamodb.delete_table(TableName=name)
        wait_for_gone(dynamodb, name)
        create_table_and_wait(dynamodb, name=name)
        assert "Item" not in dynamodb.get_item(TableName=name, Key={"p": {"S": "x"}},
                                               ConsistentRead=True)
    finally:
        delete_table_quietly(dynamodb, name)


# The message is DynamoDB's; the error type is ValidationException as far as we know (other
# emulators answer ResourceInUseException, unconfirmed against AWS).
PROTECTED_MSG = ("Resource cannot be deleted as it is currently protected against deletion. "
                 "Disable deletion protection first.")


def test_delete_table_protected(dynamodb, table_factory):
    name = table_factory(DeletionProtectionEnabled=True)
    assert dynamodb.describe_table(TableName=name)["Table"]["DeletionProtectionEnabled"] is True
    with validation_error(message=PROTECTED_MSG):
        dynamodb.delete_table(TableName=name)
    assert dynamodb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    dynamodb.update_table(TableName=name, DeletionProtectionEnabled=False)
    wait_for_active(dynamodb, name)
    dynamodb.delete_table(TableName=name)
    wait_for_gone(dynamodb, name)


# --------------------------------------------------------------------------------------------
# UpdateTable.


def test_update_table_billing_mode_switch(dynamodb, table_factory):
    name = table_factory()
    desc = dynamodb.update_table(
        TableName=name, BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 6})["TableDescription"]
    assert desc["TableName"] == name
    desc = wait_for_active(dynamodb, name)
    assert desc["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 6


def test_update_table_to_provisioned_needs_throughput(dynamodb, table_factory):
    name = table_factory()
    with validation_error():
        dynamodb.update_table(TableName=name, BillingMode="PROVISIONED")


def test_update_table_throughput(dynamodb, table_factory):
    name = table_factory(ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    desc = dynamodb.update_table(
        TableName=name,
        ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 8})["TableDescription"]
    assert desc["TableStatus"] in ("UPDATING", "ACTIVE")
    desc = wait_for_active(dynamodb, name)
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 7
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 8
    # Items stay readable and writable across the change.
    dynamodb.put_item(TableName=name, Item={"p": {"S": "k"}, "v": {"N": "1"}})
    assert dynamodb.get_item(TableName=name, Key={"p": {"S": "k"}},
                             ConsistentRead=True)["Item"]["v"] == {"N": "1"}


def test_update_table_throughput_on_pay_per_request(dynamodb, table_factory):
    name = table_factory()
    with validation_error():
        dynamodb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                                     "WriteCapacityUnits": 1})


def test_update_table_deletion_protection(dynamodb, table_factory):
    name = table_factory()
    dynamodb.update_table(TableName=name, DeletionProtectionEnabled=True)
    desc = wait_for_active(dynamodb, name)
    assert desc["DeletionProtectionEnabled"] is True
    with validation_error(message=PROTECTED_MSG):
        dynamodb.delete_table(TableName=name)
    dynamodb.update_table(TableName=name, DeletionProtectionEnabled=False)
    assert wait_for_active(dynamodb, name)["DeletionProtectionEnabled"] is False


def test_update_table_missing(dynamodb):
    name = unique_table_name()
    with client_error("ResourceNotFoundException"):
        dynamodb.update_table(TableName=name, DeletionProtectionEnabled=True)


# --------------------------------------------------------------------------------------------
# Tags.


def test_tags(dynamodb, table_factory):
    name = table_factory()
    arn = dynamodb.describe_table(TableName=name)["Table"]["TableArn"]
    assert dynamodb.list_tags_of_resource(ResourceArn=arn).get("Tags", []) == []
    dynamodb.tag_resource(ResourceArn=arn, Tags=[{"Key": "k1", "Value": "v1"},
                                                 {"Key": "k2", "Value": "v2"}])
    tags = dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("k1", "v1"), ("k2", "v2")]
    # Tagging an existing key replaces its value.
    dynamodb.tag_resource(ResourceArn=arn, Tags=[{"Key": "k1", "Value": "new"}])
    tags = dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("k1", "new"), ("k2", "v2")]
    dynamodb.untag_resource(ResourceArn=arn, TagKeys=["k1", "nonexistent"])
    tags = dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert [(t["Key"], t["Value"]) for t in tags] == [("k2", "v2")]


def test_tags_on_create_table(dynamodb, table_factory):
    name = table_factory(Tags=[{"Key": "team", "Value": "magneto"}])
    arn = dynamodb.describe_table(TableName=name)["Table"]["TableArn"]
    assert dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "magneto"}]


def test_tags_missing_table(dynamodb, test_table_s):
    arn = dynamodb.describe_table(TableName=test_table_s)["Table"]["TableArn"]
    missing = arn.rsplit("/", 1)[0] + "/" + unique_table_name()
    with client_error("ResourceNotFoundException"):
        dynamodb.list_tags_of_resource(ResourceArn=missing)
    with client_error("ResourceNotFoundException"):
        dynamodb.tag_resource(ResourceArn=missing, Tags=[{"Key": "k", "Value": "v"}])


def test_tags_bad_arn(dynamodb):
    with client_error("ValidationException"):
        dynamodb.list_tags_of_resource(ResourceArn="not-an-arn")


# --------------------------------------------------------------------------------------------
# DescribeLimits, DescribeEndpoints.


def test_describe_limits(dynamodb):
    resp = dynamodb.describe_limits()
    for field in ("AccountMaxReadCapacityUnits", "AccountMaxWriteCapacityUnits",
                  "TableMaxReadCapacityUnits", "TableMaxWriteCapacityUnits"):
        assert isinstance(resp[field], int) and resp[field] > 0
    assert resp["TableMaxReadCapacityUnits"] <= resp["AccountMaxReadCapacityUnits"]


def test_describe_endpoints(dynamodb):
    endpoints = dynamodb.describe_endpoints()["Endpoints"]
    assert len(endpoints) >= 1
    assert isinstance(endpoints[0]["Address"], str) and endpoints[0]["Address"]
    assert endpoints[0]["CachePeriodInMinutes"] == 1440
