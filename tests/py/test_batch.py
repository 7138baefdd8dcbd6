# Black-box tests of the batch operations: BatchGetItem and BatchWriteItem. Reads and writes over
# several tables, projections, consistency and capacity, the validation errors (with DynamoDB's
# messages), boto3's batch_writer(), and UnprocessedKeys paging past the 16 MB response limit.

import json
import re

import pytest

from ddb_util import client_error, get, random_string, validation_error

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731

NULL_REQUEST_ITEMS = ("Value null at 'requestItems' failed to satisfy constraint: "
                      "Member must not be null")
EMPTY_REQUEST_ITEMS = ("1 validation error detected: Value '{}' at 'requestItems' failed to "
                       "satisfy constraint: Member must have length greater than or equal to 1")
MAP_VALUE_LENGTH = ("Map value must satisfy constraint: [Member must have length less than or "
                    "equal to 25, Member must have length greater than or equal to 1]")
MAP_KEYS = ("Map keys must satisfy constraint: [Member must have length less than or equal to "
            "255, Member must have length greater than or equal to 3, Member must satisfy "
            "regular expression pattern: [a-zA-Z0-9_.-]+]")
DUPLICATES = "Provided list of item keys contains duplicates"
KEY_MISMATCH = "The provided key element does not match the schema"
NOT_FOUND = "Requested resource not found"
ONE_OF_PUT_DELETE = ("Supplied AttributeValue has more than one datatypes set, must contain "
                     "exactly one of the supported datatypes")


def by_key(items, *names):
    """Items sorted by their key attributes' values (BatchGetItem returns them in any order)."""
    return sorted(items, key=lambda i: tuple(str(i[n]) for n in names))


def write_all(client, request_items):
    """BatchWriteItem, sending UnprocessedItems again until none are left (a real DynamoDB may
    throttle a big batch; Magneto never does)."""
    for _ in range(50):
        request_items = client.batch_write_item(RequestItems=request_items)["UnprocessedItems"]
        if not request_items:
            return
    raise AssertionError("items still unprocessed: %r" % list(request_items))


def put(item):
    return {"PutRequest": {"Item": item}}


def delete(key):
    return {"DeleteRequest": {"Key": key}}


# --------------------------------------------------------------------------------------------
# Happy paths.


def test_write_and_get_two_tables(dynamodb, test_table_s, test_table_sc):
    items_s = [{"p": S(random_string()), "a": S("x%d" % i)} for i in range(3)]
    items_sc = [{"p": S(random_string()), "c": S(random_string()), "n": N(str(i))}
                for i in range(4)]
    resp = dynamodb.batch_write_item(RequestItems={
        test_table_s: [put(i) for i in items_s],
        test_table_sc: [put(i) for i in items_sc]})
    assert resp["UnprocessedItems"] == {}
    assert "ConsumedCapacity" not in resp
    resp = dynamodb.batch_get_item(RequestItems={
        test_table_s: {"Keys": [{"p": i["p"]} for i in items_s], "ConsistentRead": True},
        test_table_sc: {"Keys": [{"p": i["p"], "c": i["c"]} for i in items_sc],
                        "ConsistentRead": True}})
    assert resp["UnprocessedKeys"] == {}
    assert by_key(resp["Responses"][test_table_s], "p") == by_key(items_s, "p")
    assert by_key(resp["Responses"][test_table_sc], "p", "c") == by_key(items_sc, "p", "c")
    assert "ConsumedCapacity" not in resp


def test_same_key_in_two_tables_is_no_duplicate(dynamodb, test_table_s, table_factory):
    other = table_factory()
    k = {"p": S(random_string())}
    dynamodb.batch_write_item(RequestItems={test_table_s: [put(dict(k, a=S("one")))],
                                            other: [put(dict(k, a=S("two")))]})
    resp = dynamodb.batch_get_item(RequestItems={
        test_table_s: {"Keys": [k], "ConsistentRead": True},
        other: {"Keys": [k], "ConsistentRead": True}})
    assert resp["Responses"][test_table_s] == [dict(k, a=S("one"))]
    assert resp["Responses"][other] == [dict(k, a=S("two"))]


def test_puts_and_deletes_together(dynamodb, test_table_s):
    k1, k2, k3 = ({"p": S(random_string())} for _ in range(3))
    dynamodb.put_item(TableName=test_table_s, Item=dict(k1, a=S("old")))
    dynamodb.put_item(TableName=test_table_s, Item=dict(k2, a=S("old"), b=S("gone")))
    resp = dynamodb.batch_write_item(RequestItems={test_table_s: [
        delete(k1), put(dict(k2, a=S("new"))), put(k3), delete({"p": S(random_string())})]})
    assert resp["UnprocessedItems"] == {}
    assert get(dynamodb, test_table_s, k1) is None
    # A PutRequest replaces the whole item, like PutItem.
    assert get(dynamodb, test_table_s, k2) == dict(k2, a=S("new"))
    assert get(dynamodb, test_table_s, k3) == k3


def test_get_missing_keys_are_absent(dynamodb, test_table_s, test_table_sc):
    k = {"p": S(random_string())}
    dynamodb.put_item(TableName=test_table_s, Item=k)
    resp = dynamodb.batch_get_item(RequestItems={
        test_table_s: {"Keys": [{"p": S(random_string())}, k, {"p": S(random_string())}],
                       "ConsistentRead": True},
        test_table_sc: {"Keys": [{"p": S(random_string()), "c": S("x")}]}})
    assert resp["Responses"][test_table_s] == [k]
    # A table none of whose keys exist still has its (empty) list.
    assert resp["Responses"][test_table_sc] == []
    assert resp["UnprocessedKeys"] == {}


def test_get_number_keys(dynamodb, test_table_n):
    items = [{"p": N("1"), "c": N(str(i)), "v": S("v%d" % i)} for i in range(5)]
    dynamodb.batch_write_item(RequestItems={test_table_n: [put(i) for i in items]})
    resp = dynamodb.batch_get_item(RequestItems={test_table_n: {
        "Keys": [{"p": N("1.0"), "c": N(str(i))} for i in range(5)], "ConsistentRead": True}})
    assert by_key(resp["Responses"][test_table_n], "c") == by_key(items, "c")


def test_get_projection_expression(dynamodb, test_table_sc):
    items = [{"p": S(random_string()), "c": S("c"), "a": S("a%d" % i), "b": N(str(i)),
              "m": {"M": {"x": S("x"), "y": S("y")}}} for i in range(3)]
    bare = {"p": S(random_string()), "c": S("c")}
    dynamodb.batch_write_item(RequestItems={test_table_sc: [put(i) for i in items + [bare]]})
    keys = [{"p": i["p"], "c": i["c"]} for i in items + [bare]]
    resp = dynamodb.batch_get_item(RequestItems={test_table_sc: {
        "Keys": keys, "ProjectionExpression": "a, #m.x", "ExpressionAttributeNames": {"#m": "m"},
        "ConsistentRead": True}})
    got = resp["Responses"][test_table_sc]
    expected = [{"a": i["a"], "m": {"M": {"x": S("x")}}} for i in items] + [{}]
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_get_attributes_to_get(dynamodb, test_table_s):
    items = [{"p": S(random_string()), "a": S("a"), "b": S("b"), "c": S("c")} for _ in range(3)]
    dynamodb.batch_write_item(RequestItems={test_table_s: [put(i) for i in items]})
    resp = dynamodb.batch_get_item(RequestItems={test_table_s: {
        "Keys": [{"p": i["p"]} for i in items], "AttributesToGet": ["p", "b"],
        "ConsistentRead": True}})
    assert by_key(resp["Responses"][test_table_s], "p") == by_key(
        [{"p": i["p"], "b": i["b"]} for i in items], "p")


def test_get_projection_errors(dynamodb, test_table_s):
    keys = [{"p": S(random_string())}]
    with validation_error(message="Value provided in ExpressionAttributeNames unused in "
                                  "expressions: keys: {#unused}"):
        dynamodb.batch_get_item(RequestItems={test_table_s: {
            "Keys": keys, "ProjectionExpression": "#a",
            "ExpressionAttributeNames": {"#a": "a", "#unused": "b"}}})
    with validation_error(contains="Can not use both expression and non-expression parameters"):
        dynamodb.batch_get_item(RequestItems={test_table_s: {
            "Keys": keys, "ProjectionExpression": "a", "AttributesToGet": ["a"]}})
    with validation_error(message="ExpressionAttributeNames can only be specified when using "
                                  "expressions"):
        dynamodb.batch_get_item(RequestItems={test_table_s: {
            "Keys": keys, "ExpressionAttributeNames": {"#a": "a"}}})
    with validation_error(contains="Invalid ProjectionExpression"):
        dynamodb.batch_get_item(RequestItems={test_table_s: {
            "Keys": keys, "ProjectionExpression": "a,,b"}})


def test_read_capacity(dynamodb, test_table_s, test_table_sc):
    big = {"p": S(random_string()), "a": S("x" * 5000)}  # two 4 KB units
    small = {"p": S(random_string())}
    dynamodb.batch_write_item(RequestItems={test_table_s: [put(big), put(small)]})
    request = {
        test_table_s: {"Keys": [{"p": big["p"]}, {"p": small["p"]}, {"p": S(random_string())}]},
        test_table_sc: {"Keys": [{"p": S(random_string()), "c": S("c")}]}}
    # Each item's size is rounded up to 4 KB on its own; a missing item still costs a read;
    # eventually consistent reads cost half.
    resp = dynamodb.batch_get_item(RequestItems=request, ReturnConsumedCapacity="TOTAL")
    assert sorted(resp["ConsumedCapacity"], key=lambda c: c["TableName"]) == sorted([
        {"TableName": test_table_s, "CapacityUnits": 2.0},
        {"TableName": test_table_sc, "CapacityUnits": 0.5}], key=lambda c: c["TableName"])
    for spec in request.values():
        spec["ConsistentRead"] = True
    resp = dynamodb.batch_get_item(RequestItems=request, ReturnConsumedCapacity="INDEXES")
    assert sorted(resp["ConsumedCapacity"], key=lambda c: c["TableName"]) == sorted([
        {"TableName": test_table_s, "CapacityUnits": 4.0, "Table": {"CapacityUnits": 4.0}},
        {"TableName": test_table_sc, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}],
        key=lambda c: c["TableName"])
    resp = dynamodb.batch_get_item(RequestItems=request, ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in resp


def test_write_capacity(dynamodb, test_table_s, test_table_sc):
    big = {"p": S(random_string()), "a": S("x" * 1500)}  # two 1 KB units
    other = {"p": S(random_string()), "c": S("c")}
    resp = dynamodb.batch_write_item(
        RequestItems={test_table_s: [put(big), put({"p": S(random_string())})],
                      test_table_sc: [put(other)]},
        ReturnConsumedCapacity="TOTAL")
    assert sorted(resp["ConsumedCapacity"], key=lambda c: c["TableName"]) == sorted([
        {"TableName": test_table_s, "CapacityUnits": 3.0},
        {"TableName": test_table_sc, "CapacityUnits": 1.0}], key=lambda c: c["TableName"])
    # Deleting pays for the item deleted.
    resp = dynamodb.batch_write_item(
        RequestItems={test_table_s: [delete({"p": big["p"]})]}, ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == [
        {"TableName": test_table_s, "CapacityUnits": 2.0, "Table": {"CapacityUnits": 2.0}}]


def test_return_item_collection_metrics_accepted(dynamodb, test_table_s):
    resp = dynamodb.batch_write_item(RequestItems={test_table_s: [put({"p": S(random_string())})]},
                                     ReturnItemCollectionMetrics="SIZE")
    assert resp["UnprocessedItems"] == {}
    # Only tables with local secondary indexes have item collections to report.
    assert not resp.get("ItemCollectionMetrics")
    with validation_error(message="1 validation error detected: Value 'ALL' at "
                                  "'returnItemCollectionMetrics' failed to satisfy constraint: "
                                  "Member must satisfy enum value set: [SIZE, NONE]"):
        dynamodb.batch_write_item(RequestItems={test_table_s: [put({"p": S(random_string())})]},
                                  ReturnItemCollectionMetrics="ALL")


def test_batch_writer_100_items(dynamodb_resource, test_table_sc):
    # boto3's batch_writer() sends BatchWriteItem calls of 25 requests each.
    table = dynamodb_resource.Table(test_table_sc)
    p = random_string()
    items = [{"p": p, "c": "%03d" % i, "v": i} for i in range(100)]
    with table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    keys = [{"p": p, "c": i["c"]} for i in items]
    got = []
    request = {test_table_sc: {"Keys": keys, "ConsistentRead": True}}
    while request:
        resp = dynamodb_resource.batch_get_item(RequestItems=request)
        got.extend(resp["Responses"][test_table_sc])
        request = resp["UnprocessedKeys"]
    assert sorted(got, key=lambda i: i["c"]) == items
    with table.batch_writer() as batch:
        for k in keys:
            batch.delete_item(Key=k)
    resp = dynamodb_resource.batch_get_item(
        RequestItems={test_table_sc: {"Keys": keys, "ConsistentRead": True}})
    assert resp["Responses"][test_table_sc] == []


def test_unprocessed_keys_past_16mb(dynamodb, table_factory):
    # 100 items of about 350 KB are about 35 MB: more than one BatchGetItem response can hold
    # (16 MB). The rest comes back in UnprocessedKeys, with the table's other parameters as
    # given, ready to be sent again.
    name = table_factory()
    blob = "x" * (350 * 1024)
    keys = [{"p": S("k%03d" % i)} for i in range(100)]
    for start in range(0, 100, 25):
        write_all(dynamodb, {name: [put(dict(k, v=S(blob))) for k in keys[start:start + 25]]})
    spec = {"ProjectionExpression": "p, #v", "ExpressionAttributeNames": {"#v": "v"},
            "ConsistentRead": True}
    request = {name: dict(spec, Keys=keys)}
    got = []
    calls = 0
    while request:
        calls += 1
        assert calls <= 20
        sent = len(request[name]["Keys"])
        resp = dynamodb.batch_get_item(RequestItems=request)
        returned = resp["Responses"][name]
        got.extend(returned)
        assert sum(len(i["v"]["S"]) for i in returned) <= 16 * 1024 * 1024
        request = resp["UnprocessedKeys"]
        if request:
            left = request[name]
            assert {k: v for k, v in left.items() if k != "Keys"} == spec
            assert len(returned) + len(left["Keys"]) == sent
        else:
            assert len(returned) == sent
    assert calls >= 3
    assert sorted(i["p"]["S"] for i in got) == [k["p"]["S"] for k in keys]
    assert all(i["v"]["S"] == blob for i in got)


# --------------------------------------------------------------------------------------------
# Validation: RequestItems and its limits.


def test_request_items_missing_or_empty(dynamodb):
    with validation_error(message="1 validation error detected: " + NULL_REQUEST_ITEMS):
        dynamodb.batch_get_item()
    with validation_error(message="1 validation error detected: " + NULL_REQUEST_ITEMS):
        dynamodb.batch_write_item()
    with validation_error(message=EMPTY_REQUEST_ITEMS):
        dynamodb.batch_get_item(RequestItems={})
    with validation_error(message=EMPTY_REQUEST_ITEMS):
        dynamodb.batch_write_item(RequestItems={})


def test_violations_reported_together(dynamodb):
    with validation_error(message="2 validation errors detected: Value 'hi' at "
                                  "'returnConsumedCapacity' failed to satisfy constraint: Member "
                                  "must satisfy enum value set: [INDEXES, TOTAL, NONE]; "
                                  + NULL_REQUEST_ITEMS):
        dynamodb.batch_get_item(ReturnConsumedCapacity="hi")
    with validation_error(message="3 validation errors detected: Value 'hi' at "
                                  "'returnConsumedCapacity' failed to satisfy constraint: Member "
                                  "must satisfy enum value set: [INDEXES, TOTAL, NONE]; "
                                  "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy "
                                  "constraint: Member must satisfy enum value set: [SIZE, NONE]; "
                                  + NULL_REQUEST_ITEMS):
        dynamodb.batch_write_item(ReturnConsumedCapacity="hi", ReturnItemCollectionMetrics="hi")


def test_bad_table_names(dynamodb):
    bad_keys = re.escape(MAP_KEYS)
    with validation_error(match="^1 validation error detected: Value '\\{.+\\}' at "
                                "'requestItems' failed to satisfy constraint: " + bad_keys + "$"):
        dynamodb.batch_write_item(RequestItems={"a": [put({"p": S("x")})]})
    with validation_error(match="^1 validation error detected: Value '\\{.+\\}' at "
                                "'requestItems' failed to satisfy constraint: " + bad_keys + "$"):
        dynamodb.batch_get_item(RequestItems={"a;b": {"Keys": [{"p": S("x")}]}})
    with validation_error(match="^2 validation errors detected: Value '\\{.+\\}' at "
                                "'requestItems' failed to satisfy constraint: " + bad_keys +
                                "; Value '\\[\\]' at 'requestItems.a.member.keys' failed to "
                                "satisfy constraint: Member must have length greater than or "
                                "equal to 1$"):
        dynamodb.batch_get_item(RequestItems={"a": {"Keys": []}})


def test_get_keys_missing_or_empty(dynamodb, test_table_s):
    prefix = "1 validation error detected: "
    with validation_error(message=prefix + "Value null at 'requestItems.%s.member.keys' failed to "
                                  "satisfy constraint: Member must not be null" % test_table_s):
        dynamodb.batch_get_item(RequestItems={test_table_s: {"ConsistentRead": True}})
    with validation_error(message=prefix + "Value '[]' at 'requestItems.%s.member.keys' failed to "
                                  "satisfy constraint: Member must have length greater than or "
                                  "equal to 1" % test_table_s):
        dynamodb.batch_get_item(RequestItems={test_table_s: {"Keys": []}})


def test_get_too_many_keys(dynamodb, test_table_s, test_table_sc):
    keys = [{"p": S("k%d" % i)} for i in range(101)]
    with validation_error(match="^1 validation error detected: Value '\\[.+\\]' at 'requestItems"
                                "\\.%s\\.member\\.keys' failed to satisfy constraint: Member "
                                "must have length less than or equal to 100$"
                                % re.escape(test_table_s)):
        dynamodb.batch_get_item(RequestItems={test_table_s: {"Keys": keys}})
    # 100 keys are fine...
    resp = dynamodb.batch_get_item(RequestItems={test_table_s: {"Keys": keys[:100]}})
    assert resp["Responses"][test_table_s] == []
    # ...but no more than 100 over all tables.
    with validation_error(message="Too many items requested for the BatchGetItem call"):
        dynamodb.batch_get_item(RequestItems={
            test_table_s: {"Keys": keys[:60]},
            test_table_sc: {"Keys": [{"p": S("k%d" % i), "c": S("c")} for i in range(41)]}})


def test_write_too_many_requests(dynamodb, test_table_s, test_table_sc):
    p = random_string()
    requests = [put({"p": S("%s-%d" % (p, i))}) for i in range(26)]
    with validation_error(match="^1 validation error detected: Value '\\{%s=\\[.+\\]\\}' at "
                                "'requestItems' failed to satisfy constraint: %s$"
                                % (re.escape(test_table_s), re.escape(MAP_VALUE_LENGTH))):
        dynamodb.batch_write_item(RequestItems={test_table_s: requests})
    assert get(dynamodb, test_table_s, {"p": S("%s-0" % p)}) is None
    # Each table's list is within 25 here, but the batch is not. (This message is the one
    # other DynamoDB emulators give; checked by type and substring.)
    with validation_error(contains="Too many items requested for the BatchWriteItem call"):
        dynamodb.batch_write_item(RequestItems={
            test_table_s: requests[:13],
            test_table_sc: [put({"p": S(p), "c": S(str(i))}) for i in range(13)]})
    assert get(dynamodb, test_table_s, {"p": S("%s-0" % p)}) is None
    resp = dynamodb.batch_write_item(RequestItems={test_table_s: requests[:25]})
    assert resp["UnprocessedItems"] == {}
    assert get(dynamodb, test_table_s, {"p": S("%s-24" % p)}) == {"p": S("%s-24" % p)}


def test_write_empty_list(dynamodb, test_table_s):
    # The Java rendering of an empty list is exact ('{table=[]}').
    with validation_error(message="1 validation error detected: Value '{%s=[]}' at "
                                  "'requestItems' failed to satisfy constraint: %s"
                                  % (test_table_s, MAP_VALUE_LENGTH)):
        dynamodb.batch_write_item(RequestItems={test_table_s: []})


def test_write_request_shape(dynamodb, test_table_s):
    k = {"p": S(random_string())}
    with validation_error(message=ONE_OF_PUT_DELETE):
        dynamodb.batch_write_item(RequestItems={test_table_s: [{}]})
    # Both members set: the same message (seen from DynamoDB Local; unconfirmed on DynamoDB).
    with validation_error(message=ONE_OF_PUT_DELETE):
        dynamodb.batch_write_item(RequestItems={test_table_s: [
            {"PutRequest": {"Item": k}, "DeleteRequest": {"Key": k}}]})
    with validation_error(message="1 validation error detected: Value null at 'requestItems.%s."
                                  "member.1.member.putRequest.item' failed to satisfy constraint: "
                                  "Member must not be null" % test_table_s):
        dynamodb.batch_write_item(RequestItems={test_table_s: [{"PutRequest": {}}]})
    with validation_error(message="1 validation error detected: Value null at 'requestItems.%s."
                                  "member.2.member.deleteRequest.key' failed to satisfy "
                                  "constraint: Member must not be null" % test_table_s):
        dynamodb.batch_write_item(RequestItems={test_table_s: [put(k), {"DeleteRequest": {}}]})
    assert get(dynamodb, test_table_s, k) is None


# --------------------------------------------------------------------------------------------
# Validation: tables, keys, items, duplicates. Nothing of a rejected batch is written.


def test_missing_table(dynamodb, test_table_s):
    k = {"p": S(random_string())}
    missing = "magneto_missing_" + random_string()
    with client_error("ResourceNotFoundException", message=NOT_FOUND):
        dynamodb.batch_write_item(RequestItems={test_table_s: [put(k)], missing: [put(k)]})
    assert get(dynamodb, test_table_s, k) is None
    with client_error("ResourceNotFoundException", message=NOT_FOUND):
        dynamodb.batch_get_item(RequestItems={test_table_s: {"Keys": [k]},
                                              missing: {"Keys": [k]}})
    # The table is looked up before the keys are checked against its schema.
    with client_error("ResourceNotFoundException", message=NOT_FOUND):
        dynamodb.batch_get_item(RequestItems={missing: {"Keys": [{}]}})


def test_write_bad_keys(dynamodb, test_table_s, test_table_sc):
    good = {"p": S(random_string())}
    for bad in ({"p": N("1")}, {"x": S("a")}, {"p": {"SS": ["a"]}}):
        with validation_error(message=KEY_MISMATCH):
            dynamodb.batch_write_item(RequestItems={test_table_s: [put(good), put(bad)]})
    with validation_error(message=KEY_MISMATCH):
        dynamodb.batch_write_item(RequestItems={test_table_s: [put(good)],
                                                test_table_sc: [put({"p": S("a")})]})
    with validation_error(message=KEY_MISMATCH):
        dynamodb.batch_write_item(RequestItems={test_table_s: [
            put(good), delete({"p": S("a"), "x": S("extra")})]})
    with validation_error(contains="empty string value"):
        dynamodb.batch_write_item(RequestItems={test_table_s: [put(good), put({"p": S("")})]})
    assert get(dynamodb, test_table_s, good) is None


def test_get_bad_keys(dynamodb, test_table_s, test_table_sc):
    for bad in ({}, {"p": N("1")}, {"x": S("a")}, {"p": S("a"), "x": S("b")}):
        with validation_error(message=KEY_MISMATCH):
            dynamodb.batch_get_item(RequestItems={test_table_s: {"Keys": [{"p": S("ok")}, bad]}})
    with validation_error(message=KEY_MISMATCH):
        dynamodb.batch_get_item(RequestItems={test_table_sc: {"Keys": [{"p": S("a")}]}})


def test_bad_attribute_values(dynamodb, test_table_s):
    good = {"p": S(random_string())}
    with validation_error(message="Supplied AttributeValue is empty, must contain exactly one of "
                                  "the supported datatypes"):
        dynamodb.batch_write_item(RequestItems={test_table_s: [put(good), put({"p": {}})]})
    with validation_error(contains="The parameter cannot be converted to a numeric value"):
        dynamodb.batch_get_item(RequestItems={test_table_s: {"Keys": [{"p": N("x")}]}})
    assert get(dynamodb, test_table_s, good) is None


def test_write_item_too_large(dynamodb, test_table_s):
    good = {"p": S(random_string())}
    big = {"p": S(random_string()), "a": S("x" * (400 * 1024))}
    with validation_error(message="Item size has exceeded the maximum allowed size"):
        dynamodb.batch_write_item(RequestItems={test_table_s: [put(good), put(big)]})
    assert get(dynamodb, test_table_s, good) is None


def test_write_duplicates(dynamodb, test_table_s, test_table_sc):
    k = {"p": S(random_string())}
    for requests in ([put(k), put(dict(k, a=S("x")))], [put(k), delete(k)], [delete(k), put(k)],
                     [delete(k), delete(k)]):
        with validation_error(message=DUPLICATES):
            dynamodb.batch_write_item(RequestItems={test_table_s: requests})
    assert get(dynamodb, test_table_s, k) is None
    kc = {"p": S(random_string()), "c": S("c")}
    with validation_error(message=DUPLICATES):
        dynamodb.batch_write_item(RequestItems={test_table_sc: [put(kc), delete(kc)]})
    # Sharing one key attribute is not a duplicate.
    dynamodb.batch_write_item(RequestItems={test_table_sc: [
        put(kc), put(dict(kc, c=S("other"))), put(dict(kc, p=S(random_string())))]})
    assert get(dynamodb, test_table_sc, kc) == kc


def test_get_duplicates(dynamodb, test_table_s, test_table_sc, test_table_n):
    k = {"p": S(random_string())}
    with validation_error(message=DUPLICATES):
        dynamodb.batch_get_item(RequestItems={test_table_s: {"Keys": [k, {"p": S("x")}, k]}})
    kc = {"p": S(random_string()), "c": S("c")}
    with validation_error(message=DUPLICATES):
        dynamodb.batch_get_item(RequestItems={test_table_sc: {"Keys": [kc, dict(kc)]}})
    resp = dynamodb.batch_get_item(RequestItems={test_table_sc: {
        "Keys": [kc, dict(kc, c=S("other"))]}})
    assert resp["Responses"][test_table_sc] == []
    # Numbers are keys by value: 1 and 1.0 name the same item.
    with validation_error(message=DUPLICATES):
        dynamodb.batch_get_item(RequestItems={test_table_n: {
            "Keys": [{"p": N("1"), "c": N("2")}, {"p": N("1.0"), "c": N("2")}]}})


def call_with_body(client, operation, body):
    """Calls operation with `body` as the request's JSON, whatever its shape: boto3 cannot
    serialize a RequestItems of the wrong type, so the body is swapped in before signing."""
    def replace(request, **kwargs):
        request.data = json.dumps(body).encode("utf-8")

    event = "before-sign.dynamodb.%s" % operation
    client.meta.events.register(event, replace)
    try:
        method = re.sub(r"(?<!^)([A-Z])", r"_\1", operation).lower()
        return getattr(client, method)(RequestItems={})
    finally:
        client.meta.events.unregister(event, replace)


@pytest.mark.parametrize("operation", ["BatchGetItem", "BatchWriteItem"])
def test_wrong_json_types(dynamodb, test_table_s, operation):
    with client_error("SerializationException"):
        call_with_body(dynamodb, operation, {"RequestItems": ["x"]})
    with client_error("SerializationException"):
        call_with_body(dynamodb, operation, {"RequestItems": {test_table_s: "x"}})
    inner = {"Keys": {}} if operation == "BatchGetItem" else [["x"]]
    with client_error("SerializationException"):
        call_with_body(dynamodb, operation, {"RequestItems": {test_table_s: inner}})
