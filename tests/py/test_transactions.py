# Black-box tests of TransactWriteItems and TransactGetItems: every action type, all-or-nothing
# cancellation with CancellationReasons in action order (ConditionalCheckFailed with the old item
# under ReturnValuesOnConditionCheckFailure, ValidationError for an update that fails at apply
# time), DynamoDB's validation messages, ClientRequestToken idempotency, index maintenance inside
# a transaction, and the doubled capacity units transactions consume. Concurrency (conflicts
# between transactions and with single-item writes) is in test_transactions_contention.py.

import uuid

import pytest

from conftest import create_table_and_wait, delete_table_quietly
from ddb_util import client_error, get, random_string, validation_error

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731

CANCELLED = "Transaction cancelled, please refer cancellation reasons for specific reasons [%s]"


def key():
    return {"p": S(random_string(12))}


def put(table, item, **kwargs):
    return {"Put": dict(TableName=table, Item=item, **kwargs)}


def update(table, k, expression, **kwargs):
    return {"Update": dict(TableName=table, Key=k, UpdateExpression=expression, **kwargs)}


def delete(table, k, **kwargs):
    return {"Delete": dict(TableName=table, Key=k, **kwargs)}


def check(table, k, condition, **kwargs):
    return {"ConditionCheck": dict(TableName=table, Key=k, ConditionExpression=condition,
                                   **kwargs)}


def reasons_of(info):
    return info.value.response["CancellationReasons"]


def codes_of(info):
    return [r["Code"] for r in reasons_of(info)]


def cancelled(codes):
    return client_error("TransactionCanceledException", message=CANCELLED % ", ".join(codes))


@pytest.fixture(scope="module")
def second_table(dynamodb):
    """Another hash-only table (key p, S), for transactions over two tables."""
    name = create_table_and_wait(dynamodb)
    yield name
    delete_table_quietly(dynamodb, name)


@pytest.fixture(scope="module")
def gsi_table(dynamodb):
    """Hash-only table (p, S) with a GSI "byG" on g (S) and sort key r (N), projecting ALL."""
    name = create_table_and_wait(
        dynamodb,
        attribute_definitions=[{"AttributeName": "p", "AttributeType": "S"},
                               {"AttributeName": "g", "AttributeType": "S"},
                               {"AttributeName": "r", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "byG",
            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                          {"AttributeName": "r", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}])
    yield name
    delete_table_quietly(dynamodb, name)


# --------------------------------------------------------------------------------------------
# TransactWriteItems: the actions.


def test_all_action_types_together(dynamodb, test_table_s):
    kput, kupd, kdel, kchk = key(), key(), key(), key()
    dynamodb.put_item(TableName=test_table_s, Item={**kupd, "n": N("1")})
    dynamodb.put_item(TableName=test_table_s, Item={**kdel, "x": S("gone")})
    dynamodb.put_item(TableName=test_table_s, Item={**kchk, "ok": {"BOOL": True}})
    resp = dynamodb.transact_write_items(TransactItems=[
        put(test_table_s, {**kput, "a": S("new")}, ConditionExpression="attribute_not_exists(p)"),
        update(test_table_s, kupd, "SET n = n + :one", ExpressionAttributeValues={":one": N("1")},
               ConditionExpression="n = :one"),
        delete(test_table_s, kdel, ConditionExpression="attribute_exists(x)"),
        check(test_table_s, kchk, "ok = :t", ExpressionAttributeValues={":t": {"BOOL": True}}),
    ])
    assert set(resp) == {"ResponseMetadata"}
    assert get(dynamodb, test_table_s, kput) == {**kput, "a": S("new")}
    assert get(dynamodb, test_table_s, kupd) == {**kupd, "n": N("2")}
    assert get(dynamodb, test_table_s, kdel) is None
    # A ConditionCheck never writes.
    assert get(dynamodb, test_table_s, kchk) == {**kchk, "ok": {"BOOL": True}}


def test_update_creates_missing_item(dynamodb, test_table_s):
    k = key()
    dynamodb.transact_write_items(TransactItems=[
        update(test_table_s, k, "SET #a = :v", ExpressionAttributeNames={"#a": "a"},
               ExpressionAttributeValues={":v": S("x")})])
    assert get(dynamodb, test_table_s, k) == {**k, "a": S("x")}


def test_delete_missing_item_succeeds(dynamodb, test_table_s):
    dynamodb.transact_write_items(TransactItems=[delete(test_table_s, key())])


def test_two_tables_in_one_transaction(dynamodb, test_table_s, second_table):
    k1, k2 = key(), key()
    dynamodb.transact_write_items(TransactItems=[
        put(test_table_s, {**k1, "t": S("one")}),
        put(second_table, {**k2, "t": S("two")})])
    assert get(dynamodb, test_table_s, k1)["t"] == S("one")
    assert get(dynamodb, second_table, k2)["t"] == S("two")


def test_same_key_in_two_tables_is_not_a_duplicate(dynamodb, test_table_s, second_table):
    k = key()
    dynamodb.transact_write_items(TransactItems=[put(test_table_s, k), put(second_table, k)])
    assert get(dynamodb, test_table_s, k) == k
    assert get(dynamodb, second_table, k) == k


def test_hash_and_range_keys(dynamodb, test_table_sc):
    p = random_string()
    dynamodb.transact_write_items(TransactItems=[
        put(test_table_sc, {"p": S(p), "c": S("1")}),
        put(test_table_sc, {"p": S(p), "c": S("2")}),
        update(test_table_sc, {"p": S(p), "c": S("3")}, "SET v = :v",
               ExpressionAttributeValues={":v": N("3")})])
    items = dynamodb.query(TableName=test_table_sc, KeyConditionExpression="p = :p",
                           ExpressionAttributeValues={":p": S(p)}, ConsistentRead=True)["Items"]
    assert [i["c"]["S"] for i in items] == ["1", "2", "3"]


# --------------------------------------------------------------------------------------------
# Cancellation: all or nothing, reasons in action order.


def test_failed_condition_cancels_everything(dynamodb, test_table_s):
    k1, k2 = key(), key()
    dynamodb.put_item(TableName=test_table_s, Item={**k2, "v": S("old")})
    with cancelled(["None", "ConditionalCheckFailed"]) as info:
        dynamodb.transact_write_items(TransactItems=[
            put(test_table_s, {**k1, "v": S("new")}),
            put(test_table_s, {**k2, "v": S("new")}, ConditionExpression="attribute_not_exists(p)"),
        ])
    assert reasons_of(info) == [
        {"Code": "None"},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}]
    assert get(dynamodb, test_table_s, k1) is None
    assert get(dynamodb, test_table_s, k2) == {**k2, "v": S("old")}


def test_every_failed_condition_is_reported(dynamodb, test_table_s):
    ks = [key() for _ in range(4)]
    for k in ks[1:3]:
        dynamodb.put_item(TableName=test_table_s, Item=k)
    with cancelled(["None", "ConditionalCheckFailed", "ConditionalCheckFailed", "None"]) as info:
        dynamodb.transact_write_items(TransactItems=[
            put(test_table_s, ks[0], ConditionExpression="attribute_not_exists(p)"),
            put(test_table_s, ks[1], ConditionExpression="attribute_not_exists(p)"),
            delete(test_table_s, ks[2], ConditionExpression="attribute_not_exists(p)"),
            check(test_table_s, ks[3], "attribute_not_exists(p)"),
        ])
    assert codes_of(info) == ["None", "ConditionalCheckFailed", "ConditionalCheckFailed", "None"]
    assert get(dynamodb, test_table_s, ks[0]) is None
    assert get(dynamodb, test_table_s, ks[2]) == ks[2]


def test_failed_condition_check_cancels(dynamodb, test_table_s):
    k1, k2 = key(), key()
    with cancelled(["ConditionalCheckFailed", "None"]):
        dynamodb.transact_write_items(TransactItems=[
            check(test_table_s, k1, "attribute_exists(p)"),
            put(test_table_s, k2)])
    assert get(dynamodb, test_table_s, k2) is None


def test_return_values_on_condition_check_failure(dynamodb, test_table_s):
    old = {**key(), "v": N("7"), "m": {"M": {"l": {"L": [S("a")]}}}}
    dynamodb.put_item(TableName=test_table_s, Item=old)
    k = {"p": old["p"]}
    absent = key()
    actions = [
        lambda rv: put(test_table_s, {**k, "v": N("8")}, ConditionExpression="v = :x",
                       ExpressionAttributeValues={":x": N("0")}, **rv),
        lambda rv: update(test_table_s, k, "SET v = :x", ConditionExpression="v = :x",
                          ExpressionAttributeValues={":x": N("0")}, **rv),
        lambda rv: delete(test_table_s, k, ConditionExpression="v = :x",
                          ExpressionAttributeValues={":x": N("0")}, **rv),
        lambda rv: check(test_table_s, k, "v = :x", ExpressionAttributeValues={":x": N("0")}, **rv),
    ]
    for make in actions:
        with cancelled(["ConditionalCheckFailed", "ConditionalCheckFailed"]) as info:
            dynamodb.transact_write_items(TransactItems=[
                make({"ReturnValuesOnConditionCheckFailure": "ALL_OLD"}),
                check(test_table_s, absent, "attribute_exists(p)",
                      ReturnValuesOnConditionCheckFailure="ALL_OLD")])
        reasons = reasons_of(info)
        assert reasons[0]["Item"] == old
        assert "Item" not in reasons[1]  # no item to return
        with cancelled(["ConditionalCheckFailed"]) as info:
            dynamodb.transact_write_items(TransactItems=[
                make({"ReturnValuesOnConditionCheckFailure": "NONE"})])
        assert "Item" not in reasons_of(info)[0]
        with cancelled(["ConditionalCheckFailed"]) as info:
            dynamodb.transact_write_items(TransactItems=[make({})])
        assert "Item" not in reasons_of(info)[0]
    assert get(dynamodb, test_table_s, k) == old


def test_update_failing_at_apply_time_is_a_validation_error_reason(dynamodb, test_table_s):
    k1, k2 = key(), key()
    dynamodb.put_item(TableName=test_table_s, Item={**k2, "s": S("text")})
    with cancelled(["None", "ValidationError"]) as info:
        dynamodb.transact_write_items(TransactItems=[
            put(test_table_s, k1),
            update(test_table_s, k2, "ADD s :one", ExpressionAttributeValues={":one": N("1")})])
    reason = reasons_of(info)[1]
    assert reason["Message"] == "An operand in the update expression has an incorrect data type"
    assert get(dynamodb, test_table_s, k1) is None
    assert get(dynamodb, test_table_s, k2) == {**k2, "s": S("text")}


def test_cancellation_has_http_400_and_error_type(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item=k)
    with cancelled(["ConditionalCheckFailed"]) as info:
        dynamodb.transact_write_items(TransactItems=[
            put(test_table_s, k, ConditionExpression="attribute_not_exists(p)")])
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert isinstance(info.value, dynamodb.exceptions.TransactionCanceledException)


# --------------------------------------------------------------------------------------------
# Validation: rejected before anything is applied, with DynamoDB's messages.


def test_transact_items_empty(dynamodb):
    with validation_error(
            "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1"):
        dynamodb.transact_write_items(TransactItems=[])


def test_transact_items_missing(dynamodb):
    with validation_error(
            "1 validation error detected: Value null at 'transactItems' failed to satisfy "
            "constraint: Member must not be null"):
        dynamodb.transact_write_items()


def test_transact_items_over_100(dynamodb, test_table_s):
    with validation_error(
            match=r"^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to "
                  r"satisfy constraint: Member must have length less than or equal to 100$"):
        dynamodb.transact_write_items(TransactItems=[put(test_table_s, key()) for _ in range(101)])


def test_one_hundred_actions(dynamodb, test_table_s):
    ks = [key() for _ in range(100)]
    dynamodb.transact_write_items(TransactItems=[put(test_table_s, k) for k in ks])
    assert all(get(dynamodb, test_table_s, k) == k for k in ks[::25])


@pytest.mark.parametrize("second", ["put", "update", "delete", "check"])
def test_two_actions_on_one_item(dynamodb, test_table_s, second):
    k = key()
    other = {"put": put(test_table_s, {**k, "x": S("y")}),
             "update": update(test_table_s, k, "SET x = :y", ExpressionAttributeValues={":y": S("y")}),
             "delete": delete(test_table_s, k),
             "check": check(test_table_s, k, "attribute_not_exists(p)")}[second]
    with validation_error("Transaction request cannot include multiple operations on one item"):
        dynamodb.transact_write_items(TransactItems=[put(test_table_s, k), other])
    assert get(dynamodb, test_table_s, k) is None


def test_same_number_key_spelled_twice(dynamodb, test_table_n):
    with validation_error("Transaction request cannot include multiple operations on one item"):
        dynamodb.transact_write_items(TransactItems=[
            put(test_table_n, {"p": N("1"), "c": N("2")}),
            delete(test_table_n, {"p": N("1.0"), "c": N("2.00")})])


def test_action_with_no_operation_or_two(dynamodb, test_table_s):
    msg = "TransactItems can only contain one of Check, Put, Update or Delete"
    with validation_error(msg):
        dynamodb.transact_write_items(TransactItems=[{}])
    k = key()
    with validation_error(msg):
        dynamodb.transact_write_items(TransactItems=[
            {**put(test_table_s, k), **delete(test_table_s, key())}])
    assert get(dynamodb, test_table_s, k) is None


def test_missing_table(dynamodb, test_table_s):
    k = key()
    with client_error("ResourceNotFoundException", "Requested resource not found"):
        dynamodb.transact_write_items(TransactItems=[
            put(test_table_s, k), put("magneto_no_such_table_" + random_string(), key())])
    assert get(dynamodb, test_table_s, k) is None


def test_required_members(dynamodb, test_table_s):
    with validation_error(
            "1 validation error detected: Value null at "
            "'transactItems.1.member.update.updateExpression' failed to satisfy constraint: "
            "Member must not be null"):
        dynamodb.transact_write_items(TransactItems=[
            {"Update": {"TableName": test_table_s, "Key": key()}}])
    with validation_error(
            "1 validation error detected: Value null at "
            "'transactItems.2.member.conditionCheck.conditionExpression' failed to satisfy "
            "constraint: Member must not be null"):
        dynamodb.transact_write_items(TransactItems=[
            put(test_table_s, key()), {"ConditionCheck": {"TableName": test_table_s, "Key": key()}}])
    with validation_error(contains=[
            "Value null at 'transactItems.1.member.put.item' failed to satisfy constraint: "
            "Member must not be null",
            "Value null at 'transactItems.1.member.put.tableName' failed to satisfy constraint: "
            "Member must not be null"]):
        dynamodb.transact_write_items(TransactItems=[{"Put": {}}])


def test_bad_table_name(dynamodb):
    with validation_error(
            "1 validation error detected: Value 'ab' at 'transactItems.1.member.delete.tableName' "
            "failed to satisfy constraint: Member must have length greater than or equal to 3"):
        dynamodb.transact_write_items(TransactItems=[delete("ab", key())])


def test_key_schema_errors(dynamodb, test_table_s):
    with validation_error("The provided key element does not match the schema"):
        dynamodb.transact_write_items(TransactItems=[delete(test_table_s, {"p": N("1")})])
    with validation_error("The provided key element does not match the schema"):
        dynamodb.transact_write_items(TransactItems=[
            check(test_table_s, {**key(), "extra": S("x")}, "attribute_exists(p)")])
    with validation_error("One or more parameter values were invalid: Missing the key p in the item"):
        dynamodb.transact_write_items(TransactItems=[put(test_table_s, {"q": S("x")})])


def test_update_of_key_attribute(dynamodb, test_table_s):
    with validation_error(
            "One or more parameter values were invalid: Cannot update attribute p. This attribute "
            "is part of the key"):
        dynamodb.transact_write_items(TransactItems=[
            update(test_table_s, key(), "SET p = :v", ExpressionAttributeValues={":v": S("x")})])


def test_unused_expression_values_per_action(dynamodb, test_table_s):
    k = key()
    with validation_error(
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"):
        dynamodb.transact_write_items(TransactItems=[
            put(test_table_s, k),
            delete(test_table_s, key(), ConditionExpression="attribute_exists(p)",
                   ExpressionAttributeValues={":unused": S("x")})])
    assert get(dynamodb, test_table_s, k) is None


def test_expression_syntax_error(dynamodb, test_table_s):
    with validation_error(match=r"^Invalid ConditionExpression: Syntax error"):
        dynamodb.transact_write_items(TransactItems=[check(test_table_s, key(), "p = = p")])
    with validation_error(match=r"^Invalid UpdateExpression: "):
        dynamodb.transact_write_items(TransactItems=[update(test_table_s, key(), "SET")])


def test_item_too_large(dynamodb, test_table_s):
    with validation_error("Item size has exceeded the maximum allowed size"):
        dynamodb.transact_write_items(TransactItems=[
            put(test_table_s, {**key(), "big": S("x" * (400 * 1024))})])


def test_bad_return_values_on_condition_check_failure(dynamodb, test_table_s):
    with validation_error(
            "1 validation error detected: Value 'ALL_NEW' at "
            "'transactItems.1.member.put.returnValuesOnConditionCheckFailure' failed to satisfy "
            "constraint: Member must satisfy enum value set: [ALL_OLD, NONE]"):
        dynamodb.transact_write_items(TransactItems=[
            put(test_table_s, key(), ReturnValuesOnConditionCheckFailure="ALL_NEW")])


def test_client_request_token_length(dynamodb, test_table_s):
    token = "t" * 37
    with validation_error(
            "1 validation error detected: Value '%s' at 'clientRequestToken' failed to satisfy "
            "constraint: Member must have length less than or equal to 36" % token):
        dynamodb.transact_write_items(TransactItems=[put(test_table_s, key())],
                                      ClientRequestToken=token)


# --------------------------------------------------------------------------------------------
# ClientRequestToken: idempotency.


def counter_update(table, k, by):
    return [update(table, k, "ADD n :by", ExpressionAttributeValues={":by": N(str(by))})]


def test_same_token_applies_once(dynamodb, test_table_s):
    k, token = key(), str(uuid.uuid4())
    for _ in range(3):
        dynamodb.transact_write_items(TransactItems=counter_update(test_table_s, k, 1),
                                      ClientRequestToken=token)
    assert get(dynamodb, test_table_s, k)["n"] == N("1")


def test_replay_is_not_reapplied_after_other_writes(dynamodb, test_table_s):
    k, token = key(), str(uuid.uuid4())
    items = [put(test_table_s, {**k, "v": S("first")})]
    dynamodb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    dynamodb.delete_item(TableName=test_table_s, Key=k)
    dynamodb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    assert get(dynamodb, test_table_s, k) is None


def test_member_order_does_not_matter(dynamodb, test_table_s):
    k, token = key(), str(uuid.uuid4())
    a = {"Update": {"TableName": test_table_s, "Key": k, "UpdateExpression": "ADD n :one",
                    "ExpressionAttributeValues": {":one": N("1")}}}
    b = {"Update": {"ExpressionAttributeValues": {":one": N("1")}, "UpdateExpression": "ADD n :one",
                    "Key": k, "TableName": test_table_s}}
    dynamodb.transact_write_items(TransactItems=[a], ClientRequestToken=token)
    dynamodb.transact_write_items(TransactItems=[b], ClientRequestToken=token)
    assert get(dynamodb, test_table_s, k)["n"] == N("1")


def test_same_token_other_parameters(dynamodb, test_table_s):
    k, token = key(), str(uuid.uuid4())
    dynamodb.transact_write_items(TransactItems=counter_update(test_table_s, k, 1),
                                  ClientRequestToken=token)
    with client_error("IdempotentParameterMismatchException") as info:
        dynamodb.transact_write_items(TransactItems=counter_update(test_table_s, k, 2),
                                      ClientRequestToken=token)
    assert isinstance(info.value, dynamodb.exceptions.IdempotentParameterMismatchException)
    assert get(dynamodb, test_table_s, k)["n"] == N("1")


def test_tokens_are_independent(dynamodb, test_table_s):
    k = key()
    for _ in range(2):
        dynamodb.transact_write_items(TransactItems=counter_update(test_table_s, k, 1),
                                      ClientRequestToken=str(uuid.uuid4()))
    dynamodb.transact_write_items(TransactItems=counter_update(test_table_s, k, 1))
    assert get(dynamodb, test_table_s, k)["n"] == N("3")


def test_cancelled_token_runs_again(dynamodb, test_table_s):
    # A cancelled use keeps no result: the same request under the same token is evaluated
    # afresh, and succeeds once the condition holds.
    k, token = key(), str(uuid.uuid4())
    dynamodb.put_item(TableName=test_table_s, Item={**k, "blocker": S("yes")})
    items = [put(test_table_s, {**k, "v": S("replay")}, ConditionExpression="attribute_not_exists(p)")]
    with cancelled(["ConditionalCheckFailed"]):
        dynamodb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    dynamodb.delete_item(TableName=test_table_s, Key=k)
    dynamodb.transact_write_items(TransactItems=items, ClientRequestToken=token)
    assert get(dynamodb, test_table_s, k) == {**k, "v": S("replay")}


def test_cancelled_token_reserves_its_parameters(dynamodb, test_table_s):
    k, token = key(), str(uuid.uuid4())
    dynamodb.put_item(TableName=test_table_s, Item=k)
    with cancelled(["ConditionalCheckFailed"]):
        dynamodb.transact_write_items(
            TransactItems=[put(test_table_s, k, ConditionExpression="attribute_not_exists(p)")],
            ClientRequestToken=token)
    with client_error("IdempotentParameterMismatchException"):
        dynamodb.transact_write_items(TransactItems=[put(test_table_s, {**k, "v": S("changed")})],
                                      ClientRequestToken=token)
    assert get(dynamodb, test_table_s, k) == k


def test_replay_returns_first_result(dynamodb, test_table_s):
    k, token = key(), str(uuid.uuid4())
    first = dynamodb.transact_write_items(TransactItems=counter_update(test_table_s, k, 1),
                                          ClientRequestToken=token, ReturnConsumedCapacity="TOTAL")
    again = dynamodb.transact_write_items(TransactItems=counter_update(test_table_s, k, 1),
                                          ClientRequestToken=token, ReturnConsumedCapacity="TOTAL")
    assert first["ConsumedCapacity"][0]["TableName"] == test_table_s
    assert [c["TableName"] for c in again["ConsumedCapacity"]] == [test_table_s]


# --------------------------------------------------------------------------------------------
# Indexes change inside the transaction, in the same atomic step.


def query_gsi(dynamodb, table, g):
    return dynamodb.query(TableName=table, IndexName="byG", KeyConditionExpression="g = :g",
                          ExpressionAttributeValues={":g": S(g)})["Items"]


def test_index_maintenance(dynamodb, gsi_table):
    g = random_string()
    k1, k2, k3 = key(), key(), key()
    dynamodb.put_item(TableName=gsi_table, Item={**k3, "g": S(g), "r": N("3")})
    dynamodb.transact_write_items(TransactItems=[
        put(gsi_table, {**k1, "g": S(g), "r": N("1")}),
        update(gsi_table, k2, "SET g = :g, r = :r",
               ExpressionAttributeValues={":g": S(g), ":r": N("2")}),
        delete(gsi_table, k3)])
    assert [i["r"]["N"] for i in query_gsi(dynamodb, gsi_table, g)] == ["1", "2"]
    # Moving an item to another index key removes its old entry.
    g2 = random_string()
    dynamodb.transact_write_items(TransactItems=[
        update(gsi_table, k1, "SET g = :g", ExpressionAttributeValues={":g": S(g2)}),
        update(gsi_table, k2, "REMOVE g")])
    assert query_gsi(dynamodb, gsi_table, g) == []
    assert [i["p"] for i in query_gsi(dynamodb, gsi_table, g2)] == [k1["p"]]


def test_cancelled_transaction_leaves_index_alone(dynamodb, gsi_table):
    g = random_string()
    k1, k2 = key(), key()
    with cancelled(["None", "ConditionalCheckFailed"]):
        dynamodb.transact_write_items(TransactItems=[
            put(gsi_table, {**k1, "g": S(g), "r": N("1")}),
            check(gsi_table, k2, "attribute_exists(p)")])
    assert query_gsi(dynamodb, gsi_table, g) == []


def test_index_key_type_mismatch(dynamodb, gsi_table):
    k1, k2 = key(), key()
    with validation_error(contains="Type mismatch for Index Key r"):
        dynamodb.transact_write_items(TransactItems=[
            put(gsi_table, k1), put(gsi_table, {**k2, "g": S("x"), "r": S("not a number")})])
    assert get(dynamodb, gsi_table, k1) is None
    # Through an update it is only known at apply time: the update's reason.
    with cancelled(["None", "ValidationError"]) as info:
        dynamodb.transact_write_items(TransactItems=[
            put(gsi_table, k1),
            update(gsi_table, k2, "SET r = :r", ExpressionAttributeValues={":r": S("x")})])
    assert "Type mismatch for Index Key r" in reasons_of(info)[1]["Message"]
    assert get(dynamodb, gsi_table, k1) is None


# --------------------------------------------------------------------------------------------
# Consumed capacity: transactional writes and reads cost twice the plain units.


def test_write_capacity_total(dynamodb, test_table_s, second_table):
    resp = dynamodb.transact_write_items(
        TransactItems=[put(second_table, key()), put(test_table_s, key()),
                       put(second_table, {**key(), "big": S("x" * 1500)}),
                       check(test_table_s, key(), "attribute_not_exists(p)")],
        ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [
        {"TableName": second_table, "CapacityUnits": 6.0},  # 2 + 2*2
        {"TableName": test_table_s, "CapacityUnits": 4.0}]


def test_write_capacity_none(dynamodb, test_table_s):
    resp = dynamodb.transact_write_items(TransactItems=[put(test_table_s, key())],
                                         ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in resp


def test_write_capacity_indexes(dynamodb, gsi_table):
    resp = dynamodb.transact_write_items(
        TransactItems=[put(gsi_table, {**key(), "g": S("a"), "r": N("1")})],
        ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == [{
        "TableName": gsi_table, "CapacityUnits": 4.0, "Table": {"CapacityUnits": 2.0},
        "GlobalSecondaryIndexes": {"byG": {"CapacityUnits": 2.0}}}]


def test_return_item_collection_metrics_accepted(dynamodb, test_table_s):
    resp = dynamodb.transact_write_items(TransactItems=[put(test_table_s, key())],
                                         ReturnItemCollectionMetrics="SIZE")
    assert "ItemCollectionMetrics" not in resp  # no local secondary index


# --------------------------------------------------------------------------------------------
# TransactGetItems.


def tget(table, k, **kwargs):
    return {"Get": dict(TableName=table, Key=k, **kwargs)}


def test_get_items_in_order(dynamodb, test_table_s, second_table):
    k1, k2, k3 = key(), key(), key()
    dynamodb.put_item(TableName=test_table_s, Item={**k1, "v": S("one")})
    dynamodb.put_item(TableName=second_table, Item={**k3, "v": S("three")})
    resp = dynamodb.transact_get_items(TransactItems=[
        tget(test_table_s, k1), tget(test_table_s, k2), tget(second_table, k3)])
    assert resp["Responses"] == [{"Item": {**k1, "v": S("one")}}, {},
                                 {"Item": {**k3, "v": S("three")}}]
    assert "ConsumedCapacity" not in resp


def test_get_items_projection(dynamodb, test_table_s):
    k = key()
    dynamodb.put_item(TableName=test_table_s, Item={**k, "a": S("x"), "b": {"M": {"c": N("1"),
                                                                                  "d": N("2")}}})
    resp = dynamodb.transact_get_items(TransactItems=[
        tget(test_table_s, k, ProjectionExpression="#b.c, a",
             ExpressionAttributeNames={"#b": "b"})])
    assert resp["Responses"] == [{"Item": {"a": S("x"), "b": {"M": {"c": N("1")}}}}]


def test_get_items_sees_a_transaction_whole(dynamodb, test_table_s):
    k1, k2 = key(), key()
    dynamodb.transact_write_items(TransactItems=[put(test_table_s, {**k1, "v": N("1")}),
                                                 put(test_table_s, {**k2, "v": N("1")})])
    resp = dynamodb.transact_get_items(TransactItems=[tget(test_table_s, k1), tget(test_table_s, k2)])
    assert [r["Item"]["v"] for r in resp["Responses"]] == [N("1"), N("1")]


def test_get_items_capacity(dynamodb, test_table_s, second_table):
    k1, k2 = key(), key()
    dynamodb.put_item(TableName=test_table_s, Item={**k1, "big": S("x" * 5000)})
    resp = dynamodb.transact_get_items(
        TransactItems=[tget(test_table_s, k1), tget(second_table, k2), tget(test_table_s, key())],
        ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [
        {"TableName": test_table_s, "CapacityUnits": 6.0},  # 2*2 for 5 KB, 2 for a missing item
        {"TableName": second_table, "CapacityUnits": 2.0}]


def test_get_items_validation(dynamodb, test_table_s):
    k = key()
    with validation_error("Transaction request cannot include multiple operations on one item"):
        dynamodb.transact_get_items(TransactItems=[tget(test_table_s, k), tget(test_table_s, k)])
    with validation_error(
            "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1"):
        dynamodb.transact_get_items(TransactItems=[])
    with validation_error(
            match=r"^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to "
                  r"satisfy constraint: Member must have length less than or equal to 100$"):
        dynamodb.transact_get_items(TransactItems=[tget(test_table_s, key()) for _ in range(101)])
    with validation_error(
            "1 validation error detected: Value null at 'transactItems.1.member.get.key' failed "
            "to satisfy constraint: Member must not be null"):
        dynamodb.transact_get_items(TransactItems=[{"Get": {"TableName": test_table_s}}])
    with validation_error("The provided key element does not match the schema"):
        dynamodb.transact_get_items(TransactItems=[tget(test_table_s, {"p": N("1")})])
    with validation_error(
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}"):
        dynamodb.transact_get_items(TransactItems=[
            tget(test_table_s, k, ProjectionExpression="a", ExpressionAttributeNames={"#x": "x"})])
    with client_error("ResourceNotFoundException", "Requested resource not found"):
        dynamodb.transact_get_items(TransactItems=[
            tget("magneto_no_such_table_" + random_string(), k)])


def test_get_items_one_hundred(dynamodb, test_table_s):
    ks = [key() for _ in range(100)]
    dynamodb.transact_write_items(TransactItems=[put(test_table_s, k) for k in ks])
    resp = dynamodb.transact_get_items(TransactItems=[tget(test_table_s, k) for k in ks])
    assert [r["Item"] for r in resp["Responses"]] == ks
