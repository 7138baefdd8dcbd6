# Black-box tests of the single-item operations: PutItem, GetItem, DeleteItem, UpdateItem.
# Types, numbers, validation of keys and values, item size, ReturnValues, consumed capacity,
# conditions (expression and legacy), and the legacy parameters.

import pytest

from ddb_util import client_error, get, random_string, unique_table_name, validation_error

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731

MAX_ITEM = 400 * 1024


def key(k=None):
    return {"p": S(k or random_string())}


# --------------------------------------------------------------------------------------------
# Basics, all types.


ALL_TYPES = {
    "s": {"S": "hello \u00e9\u4e2d"},
    "empty_s": {"S": ""},
    "n": {"N": "-12.5"},
    "b": {"B": b"\x00\x01\xff"},
    "empty_b": {"B": b""},
    "t": {"BOOL": True},
    "f": {"BOOL": False},
    "null": {"NULL": True},
    "ss": {"SS": ["a", "b", "c"]},
    "ns": {"NS": ["1", "2.5", "-3"]},
    "bs": {"BS": [b"x", b"\x00"]},
    "l": {"L": [{"S": "x"}, {"N": "1"}, {"L": []}, {"M": {}}, {"NULL": True}]},
    "m": {"M": {"a": {"M": {"b": {"L": [{"SS": ["z"]}, {"BOOL": False}]}}}, "e": {"S": ""}}},
}


def normalize_sets(item):
    """Sets have no order: compare them as sorted lists."""
    out = {}
    for k, v in item.items():
        ((t, x),) = v.items()
        if t in ("SS", "NS", "BS"):
            out[k] = {t: sorted(x, key=lambda e: (str(type(e)), e))}
        elif t == "M":
            out[k] = {"M": normalize_sets(x)}
        elif t == "L":
            out[k] = {"L": [list(normalize_sets({"_": e}).values())[0] for e in x]}
        else:
            out[k] = v
    return out


def test_put_get_all_types(dynamodb, test_table_s):
    item = dict(key(), **ALL_TYPES)
    dynamodb.put_item(TableName=test_table_s, Item=item)
    got = get(dynamodb, test_table_s, {"p": item["p"]})
    assert normalize_sets(got) == normalize_sets(item)
    # An eventually consistent read sees it too on a single-node server (not on AWS, hence
    # no assertion on the content).
    dynamodb.get_item(TableName=test_table_s, Key={"p": item["p"]})


def test_put_replaces_whole_item(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("1"), b=S("2")))
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, c=S("3")))
    assert get(dynamodb, test_table_s, k) == dict(k, c=S("3"))


def test_get_missing_item(dynamodb, test_table_s):
    resp = dynamodb.get_item(TableName=test_table_s, Key=key(), ConsistentRead=True)
    assert "Item" not in resp


def test_delete_item(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("x")))
    resp = dynamodb.delete_item(TableName=test_table_s, Key=k)
    assert "Attributes" not in resp
    assert get(dynamodb, test_table_s, k) is None
    # Deleting a missing item is not an error.
    dynamodb.delete_item(TableName=test_table_s, Key=k)


def test_hash_range_table(dynamodb, test_table_sc):
    p = random_string()
    for c in ("a", "b"):
        dynamodb.put_item(TableName=test_table_sc, Item={"p": S(p), "c": S(c), "v": S(c * 2)})
    assert get(dynamodb, test_table_sc, {"p": S(p), "c": S("b")})["v"] == S("bb")
    dynamodb.delete_item(TableName=test_table_sc, Key={"p": S(p), "c": S("a")})
    assert get(dynamodb, test_table_sc, {"p": S(p), "c": S("a")}) is None
    assert get(dynamodb, test_table_sc, {"p": S(p), "c": S("b")}) is not None


def test_number_and_binary_keys(dynamodb, test_table_n, test_table_b):
    dynamodb.put_item(TableName=test_table_n, Item={"p": N("01.0"), "c": N("-2E1"), "v": S("x")})
    # Key numbers are normalized too: 1 == 01.0 and -20 == -2E1.
    item = get(dynamodb, test_table_n, {"p": N("1"), "c": N("-20")})
    assert item == {"p": N("1"), "c": N("-20"), "v": S("x")}
    dynamodb.put_item(TableName=test_table_b, Item={"p": {"B": b"\x00\xff"}, "v": S("y")})
    assert get(dynamodb, test_table_b, {"p": {"B": b"\x00\xff"}})["v"] == S("y")
    assert get(dynamodb, test_table_b, {"p": {"B": b"\x00\xfe"}}) is None


def test_update_item_creates_item(dynamodb, test_table_s):
    k = key()
    dynamodb.update_item(TableName=test_table_s, Key=k, UpdateExpression="SET a = :v",
                         ExpressionAttributeValues={":v": S("x")})
    assert get(dynamodb, test_table_s, k) == dict(k, a=S("x"))
    # An update without any action still creates the item (with only its key).
    k2 = key()
    dynamodb.update_item(TableName=test_table_s, Key=k2)
    assert get(dynamodb, test_table_s, k2) == k2


def test_missing_table(dynamodb):
    name = unique_table_name()
    for call in (lambda: dynamodb.get_item(TableName=name, Key=key()),
                 lambda: dynamodb.put_item(TableName=name, Item=key()),
                 lambda: dynamodb.delete_item(TableName=name, Key=key()),
                 lambda: dynamodb.update_item(TableName=name, Key=key())):
        with client_error("ResourceNotFoundException", message="Requested resource not found"):
            call()


# --------------------------------------------------------------------------------------------
# Numbers.


@pytest.mark.parametrize("given,stored", [
    ("01.50", "1.5"), ("-0", "0"), ("0.000", "0"), ("1E2", "100"), ("5.00e1", "50"),
    ("-1.230", "-1.23"), ("1e-5", "0.00001"), ("1000", "1000"),
    ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
    ("0.12345678901234567890123456789012345678", "0.12345678901234567890123456789012345678"),
    ("123456789012345678901234567890123456780", "123456789012345678901234567890123456780"),
])
def test_number_normalization(dynamodb, test_table_s, given, stored):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, n=N(given)))
    assert get(dynamodb, test_table_s, k)["n"] == N(stored)


@pytest.mark.parametrize("value", [
    "9.9999999999999999999999999999999999999E+125", "-9.9999999999999999999999999999999999999E+125",
    "1E-130", "-1E-130",
])
def test_number_range_limits_accepted(dynamodb, test_table_s, value):
    dynamodb.put_item(TableName=test_table_s, Item=dict(key(), n=N(value)))


@pytest.mark.parametrize("value,message", [
    ("1E126", "Number overflow. Attempting to store a number with magnitude larger than "
              "supported range"),
    ("-1E126", "Number overflow. Attempting to store a number with magnitude larger than "
               "supported range"),
    ("1E-131", "Number underflow. Attempting to store a number with magnitude smaller than "
               "supported range"),
    ("123456789012345678901234567890123456789",
     "Attempting to store more than 38 significant digits in a Number"),
])
def test_number_out_of_range(dynamodb, test_table_s, value, message):
    with validation_error(message=message):
        dynamodb.put_item(TableName=test_table_s, Item=dict(key(), n=N(value)))


@pytest.mark.parametrize("value", ["abc", "", "1.2.3", "1e", "--1", "0x10", "Infinity", "NaN"])
def test_number_invalid(dynamodb, test_table_s, value):
    # DynamoDB: "A value provided cannot be converted into a number" for most; the wording for
    # some (the empty string) is unconfirmed, so only the type is checked.
    with validation_error():
        dynamodb.put_item(TableName=test_table_s, Item=dict(key(), n=N(value)))


def test_number_arithmetic_is_exact(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, n=N("0.1")))
    resp = dynamodb.update_item(TableName=test_table_s, Key=k, UpdateExpression="ADD n :v",
                                ExpressionAttributeValues={":v": N("0.2")},
                                ReturnValues="UPDATED_NEW")
    assert resp["Attributes"]["n"] == N("0.3")
    resp = dynamodb.update_item(
        TableName=test_table_s, Key=k, UpdateExpression="SET n = n - :v",
        ExpressionAttributeValues={":v": N("1234567890123456789012345678901234567")},
        ReturnValues="UPDATED_NEW")
    # 38 significant digits: still exact.
    assert resp["Attributes"]["n"] == N("-1234567890123456789012345678901234566.7")


# --------------------------------------------------------------------------------------------
# Sets, empty values, keys.


@pytest.mark.parametrize("value,message", [
    ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
    ({"NS": []}, "One or more parameter values were invalid: An number set  may not be empty"),
])
def test_empty_set(dynamodb, test_table_s, value, message):
    with validation_error(message=message):
        dynamodb.put_item(TableName=test_table_s, Item=dict(key(), a=value))


def test_empty_binary_set(dynamodb, test_table_s):
    # DynamoDB's wording for BS differs from SS/NS; only "empty" is certain.
    with validation_error(contains="empty"):
        dynamodb.put_item(TableName=test_table_s, Item=dict(key(), a={"BS": []}))


@pytest.mark.parametrize("value", [{"SS": ["a", "a"]}, {"NS": ["1", "1"]},
                                   {"BS": [b"x", b"x"]}])
def test_duplicate_set_members(dynamodb, test_table_s, value):
    # "One or more parameter values were invalid: Input collection [a, a] contains duplicates."
    # in some reports, shorter in others: checked loosely.
    with validation_error(contains="contains duplicates"):
        dynamodb.put_item(TableName=test_table_s, Item=dict(key(), a=value))


def test_empty_set_nested_in_map(dynamodb, test_table_s):
    with validation_error(contains="may not be empty"):
        dynamodb.put_item(TableName=test_table_s, Item=dict(key(), m={"M": {"x": {"SS": []}}}))


def test_empty_string_key(dynamodb, test_table_s, test_table_b):
    with validation_error(contains="The AttributeValue for a key attribute cannot contain an "
                                   "empty string value"):
        dynamodb.put_item(TableName=test_table_s, Item={"p": S("")})
    with validation_error():
        dynamodb.get_item(TableName=test_table_s, Key={"p": S("")})
    with validation_error(contains="empty"):
        dynamodb.put_item(TableName=test_table_b, Item={"p": {"B": b""}})


def test_wrong_key_type(dynamodb, test_table_s):
    with validation_error(message="One or more parameter values were invalid: Type mismatch for "
                                  "key p expected: S actual: N"):
        dynamodb.put_item(TableName=test_table_s, Item={"p": N("1")})
    with validation_error(message="The provided key element does not match the schema"):
        dynamodb.get_item(TableName=test_table_s, Key={"p": N("1")})


def test_missing_key(dynamodb, test_table_s, test_table_sc):
    with validation_error(message="One or more parameter values were invalid: Missing the key p "
                                  "in the item"):
        dynamodb.put_item(TableName=test_table_s, Item={"a": S("x")})
    with validation_error(message="One or more parameter values were invalid: Missing the key c "
                                  "in the item"):
        dynamodb.put_item(TableName=test_table_sc, Item={"p": S("x")})
    with validation_error(message="The provided key element does not match the schema"):
        dynamodb.get_item(TableName=test_table_sc, Key={"p": S("x")})
    with validation_error(message="The provided key element does not match the schema"):
        dynamodb.delete_item(TableName=test_table_s, Key={"q": S("x")})
    with validation_error(message="The provided key element does not match the schema"):
        dynamodb.update_item(TableName=test_table_s, Key={})


def test_extra_key_attribute(dynamodb, test_table_s):
    with validation_error(message="The provided key element does not match the schema"):
        dynamodb.get_item(TableName=test_table_s, Key={"p": S("x"), "a": S("y")})
    with validation_error(message="The provided key element does not match the schema"):
        dynamodb.delete_item(TableName=test_table_s, Key={"p": S("x"), "a": S("y")})


def test_bad_attribute_value(dynamodb, test_table_s):
    # An AttributeValue with no type, or with two.
    with validation_error():
        dynamodb.put_item(TableName=test_table_s, Item=dict(key(), a={}))
    with validation_error():
        dynamodb.put_item(TableName=test_table_s, Item=dict(key(), a={"S": "x", "N": "1"}))


# --------------------------------------------------------------------------------------------
# Item size.


def test_item_size_limit(dynamodb, test_table_s):
    # Size = UTF-8 lengths of attribute names and values: p + key + a + value.
    k = random_string(10)
    room = MAX_ITEM - len("p") - len(k) - len("a")
    dynamodb.put_item(TableName=test_table_s, Item={"p": S(k), "a": S("x" * room)})
    assert len(get(dynamodb, test_table_s, {"p": S(k)})["a"]["S"]) == room
    with validation_error(message="Item size has exceeded the maximum allowed size"):
        dynamodb.put_item(TableName=test_table_s, Item={"p": S(k), "a": S("x" * (room + 1))})


def test_update_item_too_large(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("x" * 300000)))
    with validation_error(message="Item size to update has exceeded the maximum allowed size"):
        dynamodb.update_item(TableName=test_table_s, Key=k, UpdateExpression="SET b = :v",
                             ExpressionAttributeValues={":v": S("y" * 200000)})


# --------------------------------------------------------------------------------------------
# ReturnValues.


def test_put_return_values(dynamodb, test_table_s):
    k = key()
    resp = dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("1")), ReturnValues="ALL_OLD")
    assert "Attributes" not in resp
    resp = dynamodb.put_item(TableName=test_table_s, Item=dict(k, b=S("2")), ReturnValues="ALL_OLD")
    assert resp["Attributes"] == dict(k, a=S("1"))
    resp = dynamodb.put_item(TableName=test_table_s, Item=dict(k, c=S("3")), ReturnValues="NONE")
    assert "Attributes" not in resp
    for bad in ("ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"):
        with validation_error(message="ReturnValues can only be ALL_OLD or NONE"):
            dynamodb.put_item(TableName=test_table_s, Item=k, ReturnValues=bad)


def test_delete_return_values(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("1")))
    for bad in ("ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"):
        with validation_error(message="ReturnValues can only be ALL_OLD or NONE"):
            dynamodb.delete_item(TableName=test_table_s, Key=k, ReturnValues=bad)
    resp = dynamodb.delete_item(TableName=test_table_s, Key=k, ReturnValues="ALL_OLD")
    assert resp["Attributes"] == dict(k, a=S("1"))
    resp = dynamodb.delete_item(TableName=test_table_s, Key=k, ReturnValues="ALL_OLD")
    assert "Attributes" not in resp


def test_update_return_values(dynamodb, test_table_s):
    k = key()
    base = dict(k, a=N("1"), b=N("2"))
    expr = dict(UpdateExpression="SET a = :three, c = :four REMOVE b",
                ExpressionAttributeValues={":three": N("3"), ":four": N("4")})
    expected = {
        "NONE": None,
        "ALL_OLD": base,
        "UPDATED_OLD": {"a": N("1"), "b": N("2")},
        "ALL_NEW": dict(k, a=N("3"), c=N("4")),
        "UPDATED_NEW": {"a": N("3"), "c": N("4")},
    }
    for mode, want in expected.items():
        dynamodb.put_item(TableName=test_table_s, Item=base)
        resp = dynamodb.update_item(TableName=test_table_s, Key=k, ReturnValues=mode, **expr)
        assert resp.get("Attributes") == want, mode


def test_update_return_values_on_missing_item(dynamodb, test_table_s):
    k = key()
    resp = dynamodb.update_item(TableName=test_table_s, Key=k, UpdateExpression="SET a = :v",
                                ExpressionAttributeValues={":v": S("x")}, ReturnValues="ALL_OLD")
    assert "Attributes" not in resp


def test_update_return_values_invalid(dynamodb, test_table_s):
    with validation_error(contains="Member must satisfy enum value set"):
        dynamodb.update_item(TableName=test_table_s, Key=key(), ReturnValues="EVERYTHING")


def test_return_values_on_condition_check_failure(dynamodb, test_table_s):
    k = key()
    old = dict(k, a=S("old"))
    dynamodb.put_item(TableName=test_table_s, Item=old)
    calls = [
        lambda **kw: dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("new")),
                                       ConditionExpression="attribute_not_exists(p)", **kw),
        lambda **kw: dynamodb.update_item(TableName=test_table_s, Key=k,
                                          UpdateExpression="SET a = :v",
                                          ConditionExpression="a = :v",
                                          ExpressionAttributeValues={":v": S("zzz")}, **kw),
        lambda **kw: dynamodb.delete_item(TableName=test_table_s, Key=k,
                                          ConditionExpression="attribute_not_exists(a)", **kw),
    ]
    for call in calls:
        with client_error("ConditionalCheckFailedException",
                          message="The conditional request failed") as info:
            call(ReturnValuesOnConditionCheckFailure="ALL_OLD")
        assert info.value.response["Item"] == old
        with client_error("ConditionalCheckFailedException") as info:
            call(ReturnValuesOnConditionCheckFailure="NONE")
        assert "Item" not in info.value.response
        with client_error("ConditionalCheckFailedException") as info:
            call()
        assert "Item" not in info.value.response
    assert get(dynamodb, test_table_s, k) == old


def test_return_values_on_condition_check_failure_missing_item(dynamodb, test_table_s):
    with client_error("ConditionalCheckFailedException") as info:
        dynamodb.put_item(TableName=test_table_s, Item=key(),
                          ConditionExpression="attribute_exists(p)",
                          ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert "Item" not in info.value.response


# --------------------------------------------------------------------------------------------
# ReturnConsumedCapacity.


def capacity(resp):
    return resp["ConsumedCapacity"]["CapacityUnits"]


def test_consumed_capacity_writes(dynamodb, test_table_s):
    k = key()
    resp = dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("x")),
                             ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"]["TableName"] == test_table_s
    assert capacity(resp) == 1.0
    # 1 WCU per started KB: an item of about 1.5 KB costs 2; PutItem pays for the larger of
    # the old and new items.
    resp = dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("x" * 1500)),
                             ReturnConsumedCapacity="TOTAL")
    assert capacity(resp) == 2.0
    resp = dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("x" * 10)),
                             ReturnConsumedCapacity="TOTAL")
    assert capacity(resp) == 2.0
    resp = dynamodb.update_item(TableName=test_table_s, Key=k, UpdateExpression="SET b = :v",
                                ExpressionAttributeValues={":v": S("y" * 3000)},
                                ReturnConsumedCapacity="TOTAL")
    assert capacity(resp) == 3.0
    resp = dynamodb.delete_item(TableName=test_table_s, Key=k, ReturnConsumedCapacity="TOTAL")
    assert capacity(resp) == 3.0
    resp = dynamodb.delete_item(TableName=test_table_s, Key=k, ReturnConsumedCapacity="TOTAL")
    assert capacity(resp) == 1.0


def test_consumed_capacity_reads(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("x" * 5000)))
    # Reads: per started 4 KB, 1 RCU strongly consistent, 0.5 eventually consistent.
    resp = dynamodb.get_item(TableName=test_table_s, Key=k, ConsistentRead=True,
                             ReturnConsumedCapacity="TOTAL")
    assert capacity(resp) == 2.0
    resp = dynamodb.get_item(TableName=test_table_s, Key=k, ReturnConsumedCapacity="TOTAL")
    assert capacity(resp) == 1.0
    resp = dynamodb.get_item(TableName=test_table_s, Key=key(), ReturnConsumedCapacity="TOTAL")
    assert capacity(resp) == 0.5
    resp = dynamodb.get_item(TableName=test_table_s, Key=key(), ConsistentRead=True,
                             ReturnConsumedCapacity="TOTAL")
    assert capacity(resp) == 1.0


def test_consumed_capacity_indexes_and_none(dynamodb, test_table_s):
    k = key()
    resp = dynamodb.put_item(TableName=test_table_s, Item=k, ReturnConsumedCapacity="INDEXES")
    assert capacity(resp) == 1.0
    assert resp["ConsumedCapacity"]["Table"]["CapacityUnits"] == 1.0
    resp = dynamodb.get_item(TableName=test_table_s, Key=k, ConsistentRead=True,
                             ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"]["Table"]["CapacityUnits"] == 1.0
    resp = dynamodb.get_item(TableName=test_table_s, Key=k, ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in resp
    resp = dynamodb.get_item(TableName=test_table_s, Key=k)
    assert "ConsumedCapacity" not in resp


# --------------------------------------------------------------------------------------------
# ConditionExpression on writes.


def test_condition_expression(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=N("1")),
                      ConditionExpression="attribute_not_exists(p)")
    with client_error("ConditionalCheckFailedException", message="The conditional request failed"):
        dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=N("2")),
                          ConditionExpression="attribute_not_exists(p)")
    dynamodb.update_item(TableName=test_table_s, Key=k, UpdateExpression="SET a = :two",
                         ConditionExpression="a = :one",
                         ExpressionAttributeValues={":one": N("1"), ":two": N("2")})
    with client_error("ConditionalCheckFailedException", message="The conditional request failed"):
        dynamodb.delete_item(TableName=test_table_s, Key=k, ConditionExpression="a = :one",
                             ExpressionAttributeValues={":one": N("1")})
    dynamodb.delete_item(TableName=test_table_s, Key=k, ConditionExpression="a = :two",
                         ExpressionAttributeValues={":two": N("2")})
    assert get(dynamodb, test_table_s, k) is None


def test_condition_on_missing_item_update_does_not_create(dynamodb, test_table_s):
    k = key()
    with client_error("ConditionalCheckFailedException"):
        dynamodb.update_item(TableName=test_table_s, Key=k, UpdateExpression="SET a = :v",
                             ConditionExpression="attribute_exists(p)",
                             ExpressionAttributeValues={":v": S("x")})
    assert get(dynamodb, test_table_s, k) is None


# --------------------------------------------------------------------------------------------
# Legacy parameters.


def test_legacy_expected(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=N("1")),
                      Expected={"p": {"Exists": False}})
    with client_error("ConditionalCheckFailedException", message="The conditional request failed"):
        dynamodb.put_item(TableName=test_table_s, Item=k, Expected={"p": {"Exists": False}})
    # Value alone means Exists: true and equal.
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=N("2")),
                      Expected={"a": {"Value": N("1")}})
    with client_error("ConditionalCheckFailedException"):
        dynamodb.put_item(TableName=test_table_s, Item=k, Expected={"a": {"Value": N("1")}})
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=N("3")),
                      Expected={"a": {"ComparisonOperator": "GT",
                                      "AttributeValueList": [N("1")]}})
    # ConditionalOperator OR: one of the two is enough.
    dynamodb.delete_item(TableName=test_table_s, Key=k, ConditionalOperator="OR",
                         Expected={"a": {"ComparisonOperator": "EQ",
                                         "AttributeValueList": [N("9")]},
                                   "b": {"ComparisonOperator": "NULL"}})
    assert get(dynamodb, test_table_s, k) is None


def test_legacy_expected_operators(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, s=S("hello"), n=N("5"),
                                                        ss={"SS": ["a", "b"]}))
    passing = {
        "s": [("BEGINS_WITH", [S("he")]), ("CONTAINS", [S("ell")]), ("NE", [S("x")]),
              ("NOT_NULL", []), ("IN", [S("x"), S("hello")]), ("GE", [S("hello")])],
        "n": [("BETWEEN", [N("1"), N("5")]), ("LT", [N("6")]), ("LE", [N("5")])],
        "ss": [("CONTAINS", [S("a")]), ("NOT_CONTAINS", [S("c")])],
        "zz": [("NULL", [])],
    }
    for attr, cases in passing.items():
        for op, values in cases:
            cond = {"ComparisonOperator": op}
            if values:
                cond["AttributeValueList"] = values
            dynamodb.update_item(TableName=test_table_s, Key=k, Expected={attr: cond})
    with client_error("ConditionalCheckFailedException"):
        dynamodb.update_item(TableName=test_table_s, Key=k,
                             Expected={"n": {"ComparisonOperator": "BETWEEN",
                                             "AttributeValueList": [N("6"), N("9")]}})


def test_legacy_attribute_updates(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, n=N("1"), ss={"SS": ["a", "b"]},
                                                        gone=S("x")))
    resp = dynamodb.update_item(TableName=test_table_s, Key=k, ReturnValues="ALL_NEW",
                                AttributeUpdates={
                                    "n": {"Action": "ADD", "Value": N("2")},
                                    "ss": {"Action": "DELETE", "Value": {"SS": ["a"]}},
                                    "gone": {"Action": "DELETE"},
                                    "new": {"Action": "PUT", "Value": S("v")},
                                    "cnt": {"Action": "ADD", "Value": N("7")},
                                })
    assert resp["Attributes"] == dict(k, n=N("3"), ss={"SS": ["b"]}, new=S("v"), cnt=N("7"))


def test_legacy_attributes_to_get(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, a=S("1"), b=S("2"), c=S("3")))
    item = get(dynamodb, test_table_s, k, AttributesToGet=["a", "c", "missing"])
    assert item == {"a": S("1"), "c": S("3")}


def test_mixing_legacy_and_expressions(dynamodb, test_table_s):
    k = key()
    with validation_error(message="Can not use both expression and non-expression parameters in "
                                  "the same request: Non-expression parameters: {AttributesToGet}"
                                  " Expression parameters: {ProjectionExpression}"):
        dynamodb.get_item(TableName=test_table_s, Key=k, AttributesToGet=["a"],
                          ProjectionExpression="a")
    with validation_error(message="Can not use both expression and non-expression parameters in "
                                  "the same request: Non-expression parameters: {Expected} "
                                  "Expression parameters: {ConditionExpression}"):
        dynamodb.put_item(TableName=test_table_s, Item=k, Expected={"p": {"Exists": False}},
                          ConditionExpression="attribute_not_exists(p)")
    with validation_error(contains="Can not use both expression and non-expression parameters"):
        dynamodb.update_item(TableName=test_table_s, Key=k,
                             AttributeUpdates={"a": {"Action": "PUT", "Value": S("x")}},
                             UpdateExpression="SET b = :v",
                             ExpressionAttributeValues={":v": S("y")})


def test_expression_attributes_without_expression(dynamodb, test_table_s):
    with validation_error(message="ExpressionAttributeNames can only be specified when using "
                                  "expressions"):
        dynamodb.get_item(TableName=test_table_s, Key=key(), ExpressionAttributeNames={"#a": "a"})
    with validation_error(message="ExpressionAttributeValues can only be specified when using "
                                  "expressions"):
        dynamodb.put_item(TableName=test_table_s, Item=key(),
                          ExpressionAttributeValues={":a": S("a")})


def test_resource_api_round_trip(dynamodb_resource, test_table_s):
    # The high-level boto3 resource: Python types in and out (numbers as Decimal).
    import decimal

    table = dynamodb_resource.Table(test_table_s)
    k = random_string()
    table.put_item(Item={"p": k, "n": decimal.Decimal("3.14"), "s": {"x", "y"},
                         "m": {"l": [1, "two", None, True]}})
    item = table.get_item(Key={"p": k}, ConsistentRead=True)["Item"]
    assert item == {"p": k, "n": decimal.Decimal("3.14"), "s": {"x", "y"},
                    "m": {"l": [decimal.Decimal(1), "two", None, True]}}
    table.update_item(Key={"p": k}, UpdateExpression="ADD n :d",
                      ExpressionAttributeValues={":d": decimal.Decimal("-0.14")})
    assert table.get_item(Key={"p": k}, ConsistentRead=True)["Item"]["n"] == 3
