# Black-box tests of PartiQL: ExecuteStatement (SELECT as GetItem / Query / Scan with Limit and
# NextToken, INSERT, UPDATE, DELETE with RETURNING), parameters of every type, literals,
# BatchExecuteStatement, ExecuteTransaction (EXISTS checks, cancellation reasons, tokens), the
# AWS CLI's execute-statement, and DynamoDB's errors for what the dialect refuses.

import base64
import json
import uuid
from decimal import Decimal

import pytest

from conftest import create_table_and_wait, delete_table_quietly
from ddb_util import client_error, get, random_string, run_aws_cli, validation_error

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": str(v)}  # noqa: E731

MALFORMED = "Statement wasn't well formed, can't be processed: "
INCOMPLETE_KEY = "Where clause does not contain a mandatory equality on all key attributes"


@pytest.fixture(scope="module")
def table(dynamodb):
    """Hash + range table: p (S), c (N), with a GSI on g (S) + c."""
    name = create_table_and_wait(
        dynamodb,
        key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                    {"AttributeName": "c", "KeyType": "RANGE"}],
        attribute_definitions=[{"AttributeName": "p", "AttributeType": "S"},
                               {"AttributeName": "c", "AttributeType": "N"},
                               {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "byg",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                               {"AttributeName": "c", "KeyType": "RANGE"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    yield name
    delete_table_quietly(dynamodb, name)


@pytest.fixture(scope="module")
def htable(dynamodb):
    """Hash-only table: p (S)."""
    name = create_table_and_wait(dynamodb)
    yield name
    delete_table_quietly(dynamodb, name)


def run(client, statement, *params, **kwargs):
    if params:
        kwargs["Parameters"] = list(params)
    return client.execute_statement(Statement=statement, **kwargs)


def fill(client, table, p, count, **extra):
    for i in range(count):
        item = {"p": S(p), "c": N(i), "x": S("v%d" % i)}
        item.update(extra)
        client.put_item(TableName=table, Item=item)


def all_pages(client, statement, *params, **kwargs):
    items, pages = [], 0
    while True:
        resp = run(client, statement, *params, **kwargs)
        items += resp["Items"]
        pages += 1
        if "NextToken" not in resp:
            return items, pages
        kwargs["NextToken"] = resp["NextToken"]


def with_members(client, operation, members):
    """Adds members the installed botocore model does not know to the next `operation` call."""
    def add(request, **kwargs):
        body = json.loads(request.body)
        body.update(members)
        request.data = json.dumps(body).encode()

    event = "before-sign.dynamodb." + operation
    client.meta.events.register(event, add)
    return lambda: client.meta.events.unregister(event, add)


# --- SELECT ----------------------------------------------------------------------------------


def test_select_by_key_and_projection(dynamodb, table):
    p = random_string()
    dynamodb.put_item(TableName=table, Item={
        "p": S(p), "c": N(1), "a": S("x"), "m": {"M": {"k": {"L": [N(1), N(2)]}, "z": S("zz")}}})
    resp = run(dynamodb, 'SELECT * FROM "%s" WHERE p = ? AND c = 1' % table, S(p))
    assert resp["Items"] == [{"p": S(p), "c": N(1), "a": S("x"),
                              "m": {"M": {"k": {"L": [N(1), N(2)]}, "z": S("zz")}}}]
    assert "NextToken" not in resp
    # A nested path comes back under its last part; missing paths are left out.
    resp = run(dynamodb, 'SELECT a, m.k[1], m.z, nothere FROM "%s" WHERE p = ? AND c = 1' % table,
               S(p))
    assert resp["Items"] == [{"a": S("x"), "k[1]": N(2), "z": S("zz")}]
    # A missing item, or one the rest of the WHERE rejects, gives no items.
    assert run(dynamodb, 'SELECT * FROM "%s" WHERE p = ? AND c = 2' % table, S(p))["Items"] == []
    assert run(dynamodb, 'SELECT * FROM "%s" WHERE p = ? AND c = 1 AND a = \'y\'' % table,
               S(p))["Items"] == []


def test_select_query_sort_key_conditions(dynamodb, table):
    p = random_string()
    fill(dynamodb, table, p, 10)
    q = 'SELECT c FROM "%s" WHERE p = ? AND ' % table

    def cs(cond, *params):
        return [int(i["c"]["N"]) for i in run(dynamodb, q + cond, S(p), *params)["Items"]]

    assert cs("c < 3") == [0, 1, 2]
    assert cs("c <= 3") == [0, 1, 2, 3]
    assert cs("c > 7") == [8, 9]
    assert cs("7 < c") == [8, 9]
    assert cs("c >= 8") == [8, 9]
    assert cs("c BETWEEN 2 AND 4") == [2, 3, 4]
    assert cs("c BETWEEN ? AND ?", N(5), N(6)) == [5, 6]
    assert cs("c IN [1, 3, 12]") == [1, 3]
    assert cs("c > 2 AND c < 5") == [3, 4]
    assert cs("x = 'v4'") == [4]
    assert cs("(c = 1 OR c = 9)") == [1, 9]
    assert cs("c > 6 ORDER BY c DESC") == [9, 8, 7]
    assert cs("c < 2 ORDER BY c ASC") == [0, 1]
    assert cs("c <> 0 AND c < 3") == [1, 2]


def test_select_begins_with_and_functions(dynamodb, htable):
    for i, name in enumerate(["apple", "apricot", "banana"]):
        dynamodb.put_item(TableName=htable, Item={
            "p": S("fn-" + name), "n": N(i), "l": {"L": [N(i)] * (i + 1)},
            "t": {"SS": [name, "fruit"]}, "nul": {"NULL": True}})
    q = 'SELECT p FROM "%s" WHERE begins_with(p, \'fn-\') AND ' % htable

    def names(cond):
        return sorted(i["p"]["S"][3:] for i in run(dynamodb, q + cond)["Items"])

    assert names("begins_with(p, 'fn-ap')") == ["apple", "apricot"]
    assert names("contains(t, 'banana')") == ["banana"]
    assert names("size(l) > 1") == ["apricot", "banana"]
    assert names("attribute_type(n, 'N')") == ["apple", "apricot", "banana"]
    assert names("n IS NOT MISSING AND zz IS MISSING") == ["apple", "apricot", "banana"]
    assert names("nul IS NULL AND n IS NUMERIC AND l IS LIST AND t IS NOT STRING") == [
        "apple", "apricot", "banana"]
    assert names("NOT n = 0") == ["apricot", "banana"]
    assert names("n IN (0, 2)") == ["apple", "banana"]
    assert names("attribute_exists(nope)") == []


def test_select_scan_whole_table_with_paging(dynamodb, table_factory):
    t = table_factory()
    for i in range(25):
        dynamodb.put_item(TableName=t, Item={"p": S("k%02d" % i), "n": N(i)})
    items, pages = all_pages(dynamodb, 'SELECT * FROM "%s"' % t, Limit=4)
    assert sorted(i["p"]["S"] for i in items) == ["k%02d" % i for i in range(25)]
    assert pages >= 7
    # Limit counts items read, not items that match.
    resp = run(dynamodb, 'SELECT * FROM "%s" WHERE n > 100' % t, Limit=5)
    assert resp["Items"] == [] and "NextToken" in resp
    items, _ = all_pages(dynamodb, 'SELECT p FROM "%s" WHERE n >= ?' % t, N(20), Limit=3)
    assert sorted(i["p"]["S"] for i in items) == ["k%02d" % i for i in range(20, 25)]


def test_query_paging_with_next_token(dynamodb, table):
    p = random_string()
    fill(dynamodb, table, p, 9)
    stmt = 'SELECT c FROM "%s" WHERE p = ? ORDER BY c DESC' % table
    items, pages = all_pages(dynamodb, stmt, S(p), Limit=2)
    assert [int(i["c"]["N"]) for i in items] == list(range(8, -1, -1))
    assert pages == 5
    first = run(dynamodb, stmt, S(p), Limit=2)
    with validation_error("Invalid NextToken"):
        run(dynamodb, stmt, S(p), Limit=2, NextToken="not a token")
    with validation_error("The provided starting key is invalid"):
        run(dynamodb, 'SELECT * FROM "%s" WHERE p = ?' % table, S(p), NextToken=first["NextToken"])
    with validation_error(match="Limit|limit"):
        run(dynamodb, stmt, S(p), Limit=0)


def test_select_from_index(dynamodb, table):
    g = random_string()
    for i in range(4):
        dynamodb.put_item(TableName=table, Item={"p": S(random_string()), "c": N(i), "g": S(g)})
    resp = run(dynamodb, 'SELECT c, g FROM "%s"."byg" WHERE g = ? AND c >= 2' % table, S(g))
    assert resp["Items"] == [{"c": N(2), "g": S(g)}, {"c": N(3), "g": S(g)}]
    with validation_error(contains="byg2"):
        run(dynamodb, 'SELECT * FROM "%s"."byg2"' % table)
    with validation_error(match="(?i)consistent"):
        run(dynamodb, 'SELECT * FROM "%s"."byg" WHERE g = ?' % table, S(g), ConsistentRead=True)


# --- Parameters and literals ------------------------------------------------------------------


EVERY_TYPE = {
    "s": S("text"), "n": N("-12.50"), "b": {"B": b"\x00\x01\xff"}, "t": {"BOOL": True},
    "z": {"NULL": True}, "m": {"M": {"k": S("v"), "deep": {"L": [N(1)]}}},
    "l": {"L": [S("a"), N(2), {"BOOL": False}]}, "ss": {"SS": ["x", "y"]},
    "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": [b"\x01", b"\x02"]},
}


def test_parameters_of_every_type(dynamodb, htable):
    p = random_string()
    names = sorted(EVERY_TYPE)
    literal = ", ".join("'%s': ?" % n for n in names)
    run(dynamodb, "INSERT INTO \"%s\" VALUE {'p': ?, %s}" % (htable, literal),
        S(p), *[EVERY_TYPE[n] for n in names])
    item = get(dynamodb, htable, {"p": S(p)})
    expected = dict(EVERY_TYPE, p=S(p), n=N("-12.5"))
    assert {k: v for k, v in item.items() if k not in ("ss", "ns", "bs")} == {
        k: v for k, v in expected.items() if k not in ("ss", "ns", "bs")}
    assert sorted(item["ss"]["SS"]) == ["x", "y"]
    assert sorted(item["ns"]["NS"]) == ["1", "2.5"]
    assert sorted(item["bs"]["BS"]) == [b"\x01", b"\x02"]
    # Each type as a parameter in a WHERE clause matches the stored value.
    for name in ("s", "n", "b", "t", "m", "l"):
        resp = run(dynamodb, 'SELECT p FROM "%s" WHERE p = ? AND %s = ?' % (htable, name),
                   S(p), item[name])
        assert resp["Items"] == [{"p": S(p)}], name


def test_parameter_count_must_match(dynamodb, htable):
    msg = "Number of parameters in request and statement don't match."
    with validation_error(msg):
        run(dynamodb, 'SELECT * FROM "%s" WHERE p = ?' % htable)
    with validation_error(msg):
        run(dynamodb, 'SELECT * FROM "%s" WHERE p = ? AND q = ?' % htable, S("a"))
    with validation_error(msg):
        run(dynamodb, 'SELECT * FROM "%s" WHERE p = ?' % htable, S("a"), S("b"))


def test_literals_of_every_type(dynamodb, htable):
    p = random_string()
    run(dynamodb, "INSERT INTO \"%s\" VALUE {'p': '%s', 's': 'it''s', 'n': 1.50, 'neg': -3, "
        "'e': 1e3, 't': true, 'f': FALSE, 'z': null, 'l': [1, 'a', [true]], "
        "'m': {'k': {'j': 'v'}}, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>}" % (htable, p))
    item = get(dynamodb, htable, {"p": S(p)})
    assert item["s"] == S("it's")
    assert item["n"] == N("1.5") and item["neg"] == N("-3") and item["e"] == N("1000")
    assert item["t"] == {"BOOL": True} and item["f"] == {"BOOL": False}
    assert item["z"] == {"NULL": True}
    assert item["l"] == {"L": [N(1), S("a"), {"L": [{"BOOL": True}]}]}
    assert item["m"] == {"M": {"k": {"M": {"j": S("v")}}}}
    assert sorted(item["ss"]["SS"]) == ["a", "b"] and sorted(item["ns"]["NS"]) == ["1", "2"]
    with validation_error("Empty bags are not supported"):
        run(dynamodb, "INSERT INTO \"%s\" VALUE {'p': 'x', 'b': <<>>}" % htable)
    with validation_error("Input collection contains duplicates"):
        run(dynamodb, "INSERT INTO \"%s\" VALUE {'p': 'x', 'b': <<'a', 'a'>>}" % htable)
    with validation_error(contains="only supports either numbers or strings in bags"):
        run(dynamodb, "INSERT INTO \"%s\" VALUE {'p': 'x', 'b': <<'a', 1>>}" % htable)


# --- INSERT, UPDATE, DELETE -------------------------------------------------------------------


def test_insert_and_duplicate(dynamodb, table):
    p = random_string()
    stmt = "INSERT INTO \"%s\" VALUE {'p': ?, 'c': 1, 'a': 'x'}" % table
    assert run(dynamodb, stmt, S(p))["Items"] == []
    with client_error("DuplicateItemException", "Duplicate primary key exists in table"):
        run(dynamodb, stmt, S(p))
    with validation_error():
        run(dynamodb, "INSERT INTO \"%s\" VALUE {'p': 'x'}" % table)  # no sort key
    with validation_error(contains="RETURNING"):
        run(dynamodb, stmt + " RETURNING ALL OLD *", S(p))


def test_update_set_remove_and_returning(dynamodb, table):
    p = random_string()
    dynamodb.put_item(TableName=table, Item={
        "p": S(p), "c": N(1), "n": N(5), "l": {"L": [N(1)]}, "gone": S("x"),
        "ss": {"SS": ["a", "b"]}, "m": {"M": {"k": N(1)}}})
    where = " WHERE p = ? AND c = 1"
    resp = run(dynamodb, 'UPDATE "%s" SET n = n + 2, l = list_append(l, [2, 3]) '
               "SET m.k = 7, d = if_not_exists(d, 'dflt') REMOVE gone" % table + where +
               " RETURNING MODIFIED NEW *", S(p))
    assert resp["Items"] == [{"n": N(7), "l": {"L": [N(1), N(2), N(3)]}, "m": {"M": {"k": N(7)}},
                              "d": S("dflt")}]
    resp = run(dynamodb, 'UPDATE "%s" SET n = n - 10' % table + where + " RETURNING MODIFIED OLD *",
               S(p))
    assert resp["Items"] == [{"n": N(7)}]
    resp = run(dynamodb, 'UPDATE "%s" SET ss = set_add(ss, <<\'c\'>>)' % table + where +
               " RETURNING ALL NEW *", S(p))
    assert sorted(resp["Items"][0]["ss"]["SS"]) == ["a", "b", "c"]
    assert "gone" not in resp["Items"][0] and resp["Items"][0]["n"] == N(-3)
    resp = run(dynamodb, 'UPDATE "%s" SET ss = set_delete(ss, <<\'a\'>>)' % table + where +
               " RETURNING ALL OLD *", S(p))
    assert sorted(resp["Items"][0]["ss"]["SS"]) == ["a", "b", "c"]
    assert sorted(get(dynamodb, table, {"p": S(p), "c": N(1)})["ss"]["SS"]) == ["b", "c"]
    # Without RETURNING, no items.
    assert run(dynamodb, 'UPDATE "%s" SET q = 1' % table + where, S(p))["Items"] == []


def test_update_conditions_and_errors(dynamodb, table):
    p = random_string()
    dynamodb.put_item(TableName=table, Item={"p": S(p), "c": N(1), "v": N(1)})
    # The rest of the WHERE clause is a condition.
    run(dynamodb, 'UPDATE "%s" SET v = 2 WHERE p = ? AND c = 1 AND v = 1' % table, S(p))
    with client_error("ConditionalCheckFailedException"):
        run(dynamodb, 'UPDATE "%s" SET v = 3 WHERE p = ? AND c = 1 AND v = 1' % table, S(p))
    assert get(dynamodb, table, {"p": S(p), "c": N(1)})["v"] == N(2)
    # UPDATE never creates an item.
    with client_error("ConditionalCheckFailedException"):
        run(dynamodb, 'UPDATE "%s" SET v = 3 WHERE p = ? AND c = 2' % table, S(p))
    assert get(dynamodb, table, {"p": S(p), "c": N(2)}) is None
    with validation_error(INCOMPLETE_KEY):
        run(dynamodb, 'UPDATE "%s" SET v = 3 WHERE p = ?' % table, S(p))
    with validation_error(INCOMPLETE_KEY):
        run(dynamodb, 'UPDATE "%s" SET v = 3 WHERE p = ? OR c = 1' % table, S(p))
    with validation_error(INCOMPLETE_KEY):
        run(dynamodb, 'UPDATE "%s" SET v = 3' % table)
    with validation_error(contains="part of the key"):
        run(dynamodb, 'UPDATE "%s" SET p = \'z\' WHERE p = ? AND c = 1' % table, S(p))
    with validation_error(contains="data type"):
        run(dynamodb, 'UPDATE "%s" SET v = 3 WHERE p = ? AND c = \'1\'' % table, S(p))


def test_return_old_item_on_condition_failure(dynamodb, htable):
    p = random_string()
    dynamodb.put_item(TableName=htable, Item={"p": S(p), "v": N(1)})
    done = with_members(dynamodb, "ExecuteStatement", {"ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    try:
        with client_error("ConditionalCheckFailedException") as e:
            run(dynamodb, 'UPDATE "%s" SET v = 3 WHERE p = ? AND v = 2' % htable, S(p))
    finally:
        done()
    assert e.value.response.get("Item") == {"p": S(p), "v": N(1)}


def test_delete(dynamodb, table):
    p = random_string()
    dynamodb.put_item(TableName=table, Item={"p": S(p), "c": N(1), "v": N(1)})
    with client_error("ConditionalCheckFailedException"):
        run(dynamodb, 'DELETE FROM "%s" WHERE p = ? AND c = 1 AND v = 2' % table, S(p))
    resp = run(dynamodb, 'DELETE FROM "%s" WHERE p = ? AND c = 1 RETURNING ALL OLD *' % table, S(p))
    assert resp["Items"] == [{"p": S(p), "c": N(1), "v": N(1)}]
    assert get(dynamodb, table, {"p": S(p), "c": N(1)}) is None
    # Deleting what is not there succeeds.
    assert run(dynamodb, 'DELETE FROM "%s" WHERE p = ? AND c = 1' % table, S(p))["Items"] == []
    with validation_error(INCOMPLETE_KEY):
        run(dynamodb, 'DELETE FROM "%s" WHERE p = ?' % table, S(p))
    with validation_error(contains="Only RETURNING ALL OLD *"):
        run(dynamodb, 'DELETE FROM "%s" WHERE p = ? AND c = 1 RETURNING ALL NEW *' % table, S(p))


# --- Errors ------------------------------------------------------------------------------------


def test_statement_errors(dynamodb, table):
    t = '"%s"' % table
    with validation_error(match="^" + MALFORMED):
        run(dynamodb, "SELEC * FROM " + t)
    with validation_error(match="^" + MALFORMED):
        run(dynamodb, "SELECT * FROM %s WHERE p = 'x" % t)
    with validation_error(match="^" + MALFORMED):
        run(dynamodb, "SELECT * FROM %s; SELECT * FROM %s" % (t, t))
    with validation_error(match="^" + MALFORMED):
        run(dynamodb, "SELECT * FROM %s WHERE select = 1" % t)
    with validation_error("Unsupported clause: LIMIT"):
        run(dynamodb, "SELECT * FROM %s LIMIT 1" % t)
    with validation_error("Only select from a single table or index is supported."):
        run(dynamodb, "SELECT * FROM %s, %s" % (t, t))
    with validation_error("Aliasing is not supported"):
        run(dynamodb, "SELECT * FROM %s AS x" % t)
    with validation_error("MISSING must be compared using IS operator"):
        run(dynamodb, "SELECT * FROM %s WHERE a = MISSING" % t)
    with validation_error("Must have WHERE clause in the statement when using ORDER BY clause."):
        run(dynamodb, "SELECT * FROM %s ORDER BY c" % t)
    with validation_error(contains="hash key condition"):
        run(dynamodb, "SELECT * FROM %s WHERE c = 1 ORDER BY c" % t)
    with validation_error("EXISTS can only be used in ExecuteTransaction write requests."):
        run(dynamodb, "EXISTS(SELECT * FROM %s WHERE p = 'a' AND c = 1 AND x = 1)" % t)
    with validation_error("Duplicate identifiers in select clause: z"):
        run(dynamodb, "SELECT m.z, z FROM %s" % t)
    with client_error("ResourceNotFoundException"):
        run(dynamodb, 'SELECT * FROM "no_such_table_%s"' % random_string())
    with validation_error(match="statement"):
        run(dynamodb, "")


# --- BatchExecuteStatement ---------------------------------------------------------------------


def test_batch_reads_and_writes(dynamodb, table):
    p = random_string()
    writes = [{"Statement": "INSERT INTO \"%s\" VALUE {'p': ?, 'c': ?}" % table,
               "Parameters": [S(p), N(i)]} for i in range(3)]
    writes.append({"Statement": "INSERT INTO \"%s\" VALUE {'p': ?, 'c': 0}" % table,
                   "Parameters": [S(p)]})
    writes.append({"Statement": "UPDATE \"%s\" SET v = 1 WHERE p = ? AND c = 9" % table,
                   "Parameters": [S(p)]})
    writes.append({"Statement": "INSERT INTO"})
    resp = dynamodb.batch_execute_statement(Statements=writes)["Responses"]
    assert [r.get("TableName") for r in resp[:3]] == [table] * 3
    assert all("Error" not in r for r in resp[:3])
    assert resp[3]["Error"]["Code"] == "DuplicateItem"
    assert resp[4]["Error"]["Code"] == "ConditionalCheckFailed"
    assert resp[5]["Error"]["Code"] == "ValidationError"
    assert resp[5]["Error"]["Message"].startswith(MALFORMED)

    reads = [{"Statement": 'SELECT c FROM "%s" WHERE p = ? AND c = ?' % table,
              "Parameters": [S(p), N(i)]} for i in (0, 2, 7)]
    reads.append({"Statement": 'SELECT * FROM "%s" WHERE p = ?' % table, "Parameters": [S(p)]})
    resp = dynamodb.batch_execute_statement(Statements=reads)["Responses"]
    assert resp[0] == {"TableName": table, "Item": {"c": N(0)}}
    assert resp[1] == {"TableName": table, "Item": {"c": N(2)}}
    assert resp[2] == {"TableName": table}
    assert resp[3]["Error"]["Code"] == "ValidationError"


def test_batch_rules(dynamodb, table):
    with validation_error("Read and write requests together in the same batch is not supported."):
        dynamodb.batch_execute_statement(Statements=[
            {"Statement": 'SELECT * FROM "%s" WHERE p = \'a\' AND c = 1' % table},
            {"Statement": 'DELETE FROM "%s" WHERE p = \'a\' AND c = 1' % table}])
    too_many = [{"Statement": 'SELECT * FROM "%s" WHERE p = \'a\' AND c = %d' % (table, i)}
                for i in range(26)]
    with validation_error(contains="Member must have length less than or equal to 25"):
        dynamodb.batch_execute_statement(Statements=too_many)
    with validation_error(contains="Member must have length greater than or equal to 1"):
        dynamodb.batch_execute_statement(Statements=[])


# --- ExecuteTransaction ------------------------------------------------------------------------


def test_transaction_writes_and_exists(dynamodb, table):
    p = random_string()
    dynamodb.put_item(TableName=table, Item={"p": S(p), "c": N(0), "state": S("open")})
    t = '"%s"' % table
    dynamodb.execute_transaction(TransactStatements=[
        {"Statement": "EXISTS(SELECT * FROM %s WHERE p = ? AND c = 0 AND state = 'open')" % t,
         "Parameters": [S(p)]},
        {"Statement": "INSERT INTO %s VALUE {'p': ?, 'c': 1}" % t, "Parameters": [S(p)]}])
    assert get(dynamodb, table, {"p": S(p), "c": N(1)}) == {"p": S(p), "c": N(1)}

    # A failing check cancels everything, with a reason per statement.
    with client_error("TransactionCanceledException",
                      match=r"\[None, ConditionalCheckFailed, DuplicateItem\]") as e:
        dynamodb.execute_transaction(TransactStatements=[
            {"Statement": "INSERT INTO %s VALUE {'p': ?, 'c': 5}" % t, "Parameters": [S(p)]},
            {"Statement": "EXISTS(SELECT * FROM %s WHERE p = ? AND c = 0 AND state = 'shut')" % t,
             "Parameters": [S(p)]},
            {"Statement": "INSERT INTO %s VALUE {'p': ?, 'c': 1}" % t, "Parameters": [S(p)]}])
    reasons = e.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed", "DuplicateItem"]
    assert get(dynamodb, table, {"p": S(p), "c": N(5)}) is None
    # UPDATE of a missing item cancels too.
    with client_error("TransactionCanceledException"):
        dynamodb.execute_transaction(TransactStatements=[
            {"Statement": "UPDATE %s SET n = 1 WHERE p = ? AND c = 99" % t, "Parameters": [S(p)]}])


def test_transaction_reads(dynamodb, table):
    p = random_string()
    dynamodb.put_item(TableName=table, Item={"p": S(p), "c": N(0), "a": S("x"), "b": S("y")})
    resp = dynamodb.execute_transaction(TransactStatements=[
        {"Statement": 'SELECT a FROM "%s" WHERE p = ? AND c = 0' % table, "Parameters": [S(p)]},
        {"Statement": 'SELECT * FROM "%s" WHERE p = ? AND c = 1' % table, "Parameters": [S(p)]}])
    assert resp["Responses"] == [{"Item": {"a": S("x")}}, {}]
    with validation_error("Select statements within ExecuteTransaction must specify the primary "
                          "key in the where clause."):
        dynamodb.execute_transaction(TransactStatements=[
            {"Statement": 'SELECT * FROM "%s" WHERE p = ?' % table, "Parameters": [S(p)]}])


def test_transaction_rules(dynamodb, table):
    t = '"%s"' % table
    with validation_error("ExecuteTransaction API does not support both read and write operations "
                          "in the same request."):
        dynamodb.execute_transaction(TransactStatements=[
            {"Statement": "SELECT * FROM %s WHERE p = 'a' AND c = 1" % t},
            {"Statement": "DELETE FROM %s WHERE p = 'a' AND c = 1" % t}])
    with validation_error(contains="multiple operations on one item"):
        dynamodb.execute_transaction(TransactStatements=[
            {"Statement": "DELETE FROM %s WHERE p = 'a' AND c = 1" % t},
            {"Statement": "UPDATE %s SET v = 1 WHERE p = 'a' AND c = 1" % t}])
    with validation_error(contains="less than or equal to 100"):
        dynamodb.execute_transaction(TransactStatements=[
            {"Statement": "DELETE FROM %s WHERE p = 'a' AND c = %d" % (t, i)} for i in range(101)])
    with validation_error("EXISTS() must contain a single item read with additional condition"):
        dynamodb.execute_transaction(TransactStatements=[
            {"Statement": "EXISTS(SELECT * FROM %s WHERE p = 'a' AND c = 1)" % t}])


def test_transaction_client_request_token(dynamodb, table):
    p = random_string()
    token = str(uuid.uuid4())
    stmts = [{"Statement": 'UPDATE "%s" SET n = 1 WHERE p = ? AND c = 0' % table,
              "Parameters": [S(p)]}]
    dynamodb.put_item(TableName=table, Item={"p": S(p), "c": N(0)})
    dynamodb.execute_transaction(TransactStatements=stmts, ClientRequestToken=token)
    dynamodb.update_item(TableName=table, Key={"p": S(p), "c": N(0)},
                         UpdateExpression="SET n = :v", ExpressionAttributeValues={":v": N(5)})
    # The same token and statements again: success, nothing applied again.
    dynamodb.execute_transaction(TransactStatements=stmts, ClientRequestToken=token)
    assert get(dynamodb, table, {"p": S(p), "c": N(0)})["n"] == N(5)
    other = [dict(stmts[0], Statement=stmts[0]["Statement"].replace("n = 1", "n = 2"))]
    with client_error("IdempotentParameterMismatchException"):
        dynamodb.execute_transaction(TransactStatements=other, ClientRequestToken=token)


# --- The AWS CLI -------------------------------------------------------------------------------


def test_aws_cli_execute_statement(dynamodb, endpoint, htable):
    p = random_string()
    dynamodb.put_item(TableName=htable, Item={"p": S(p), "v": N(42)})
    out = run_aws_cli(endpoint, "execute-statement", "--statement",
                      'SELECT v FROM "%s" WHERE p = ?' % htable,
                      "--parameters", json.dumps([S(p)]))
    assert out["Items"] == [{"v": N(42)}]
