# Black-box tests of Query: KeyConditionExpression on S, N and B sort keys and its errors, the
# legacy KeyConditions and QueryFilter, direction, Limit and paging (LastEvaluatedKey and the
# 1 MB page), Select, projections, filters, consumed capacity, and the boto3 paginator, the
# resource API and the AWS CLI on top of it.

import decimal
import json
import math

import pytest
from boto3.dynamodb.conditions import Key

from conftest import create_table_and_wait, delete_table_quietly
from ddb_util import (client_error, item_size, page_items, put_items, random_string, read_pages,
                      run_aws_cli, validation_error)

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731
B = lambda v: {"B": v}  # noqa: E731

# Sort keys of each type, in no particular order. Strings sort by UTF-8 bytes (which is code
# point order, what Python's str comparison does: U+E000 sorts before U+1F600, unlike UTF-16);
# numbers by value; binaries as unsigned bytes.
STR_KEYS = ["a", "aa", "ab", "abc", "abd", "b", "ba", "Z", "0", "9", "~", "\u00e9", "\u00e9t\u00e9",
            "\u4e2d", "\ue000", "\U0001F600"]
NUM_KEYS = ["-10000000000", "-100", "-5.5", "-1", "-0.001", "0", "0.001", "0.5", "1", "2",
            "9.99", "10", "100", "10000000000", "123456789012345678901234567890"]
BIN_KEYS = [b"\x00", b"\x00\x00", b"\x01", b"\x7f", b"\x80", b"\x80\x00", b"\xff", b"\xff\xff",
            b"ab", b"abc", b"b"]

TYPES = {
    # DynamoDB type -> (keys, Python sort key, wrapper)
    "S": (STR_KEYS, lambda v: v, S),
    "N": (NUM_KEYS, decimal.Decimal, N),
    "B": (BIN_KEYS, lambda v: v, B),
}

PAGE_COUNT = 50   # items in the paging partition, c = k000..k049, a = 0..49
BIG_COUNT = 350   # items of 10 KB in the 1 MB paging partition, c = b0000..b0349
BIG_KEEP = 37     # every 37th big item has keep = true
CAP_COUNT = 10    # items of exactly 1000 bytes in the capacity partition


@pytest.fixture(scope="module")
def table_b(dynamodb):
    """Hash + range table with keys p (S) and c (B)."""
    name = create_table_and_wait(
        dynamodb, key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                              {"AttributeName": "c", "KeyType": "RANGE"}],
        attribute_definitions=[{"AttributeName": "p", "AttributeType": "S"},
                               {"AttributeName": "c", "AttributeType": "B"}])
    yield name
    delete_table_quietly(dynamodb, name)


class Data:
    pass


@pytest.fixture(scope="module")
def data(dynamodb, test_table_sc, test_table_n, table_b, test_table_s):
    """Fills every partition the tests read, once per module."""
    d = Data()
    d.sc, d.n, d.b, d.s = test_table_sc, test_table_n, table_b, test_table_s
    d.ps = "str_" + random_string()
    d.pn = str(int.from_bytes(random_string(6).encode(), "big"))
    d.pb = "bin_" + random_string()
    d.pp = "page_" + random_string()
    d.pbig = "big_" + random_string()
    d.pcap = "cap_" + random_string(8)
    d.ph = "hash_" + random_string()
    d.tables = {"S": (d.sc, S(d.ps)), "N": (d.n, N(d.pn)), "B": (d.b, S(d.pb))}
    sc_items, n_items, b_items = [], [], []
    for i, k in enumerate(STR_KEYS):
        sc_items.append({"p": S(d.ps), "c": S(k), "a": N(str(i))})
        # Neighbouring partitions with the same sort keys must never leak into a Query.
        sc_items.append({"p": S(d.ps + "x"), "c": S(k)})
        sc_items.append({"p": S(d.ps[:-1]), "c": S(k)})
    for i, k in enumerate(NUM_KEYS):
        n_items.append({"p": N(d.pn), "c": N(k), "a": N(str(i))})
        n_items.append({"p": N(d.pn + "1"), "c": N(k)})
    for i, k in enumerate(BIN_KEYS):
        b_items.append({"p": S(d.pb), "c": B(k), "a": N(str(i))})
        b_items.append({"p": S(d.pb + "x"), "c": B(k)})
    for i in range(PAGE_COUNT):
        item = {"p": S(d.pp), "c": S("k%03d" % i), "a": N(str(i))}
        if i % 3 == 0:
            item["opt"] = S("o%d" % i)
        sc_items.append(item)
    for i in range(BIG_COUNT):
        item = {"p": S(d.pbig), "c": S("b%04d" % i), "pad": S("x" * 10000)}
        if i % BIG_KEEP == 0:
            item["keep"] = {"BOOL": True}
        sc_items.append(item)
    for i in range(CAP_COUNT):
        item = {"p": S(d.pcap), "c": S("c%d" % i)}
        item["pad"] = S("y" * (1000 - item_size(item) - len("pad")))
        assert item_size(item) == 1000
        sc_items.append(item)
    put_items(dynamodb, d.sc, sc_items)
    put_items(dynamodb, d.n, n_items)
    put_items(dynamodb, d.b, b_items)
    dynamodb.put_item(TableName=d.s, Item={"p": S(d.ph), "v": S("hello")})
    return d


def query(dynamodb, table, **kwargs):
    return dynamodb.query(TableName=table, **kwargs)


def query_all(dynamodb, table, **kwargs):
    return page_items(read_pages(dynamodb.query, TableName=table, **kwargs))


def cvals(items):
    """The sort key values of items, unwrapped."""
    return [list(it["c"].values())[0] for it in items]


# --------------------------------------------------------------------------------------------
# Key conditions on S, N and B sort keys.

# (operator, operands) per type; operands are raw values (str for S and N, bytes for B). Some
# exist as keys and some do not; the N ones include non-canonical spellings of stored numbers.
CASES = {
    "S": [("=", ["ab"]), ("=", ["abx"]), ("<", ["ab"]), ("<", ["\u00e9"]), ("<=", ["ab"]),
          (">", ["ab"]), (">", ["\ue000"]), (">=", ["\u4e2d"]), (">=", ["~~"]),
          ("BETWEEN", ["a", "b"]), ("BETWEEN", ["aa", "\u4e2d"]), ("BETWEEN", ["abz", "abz"]),
          ("begins_with", ["ab"]), ("begins_with", ["a"]), ("begins_with", ["\u00e9"]),
          ("begins_with", ["zz"])],
    "N": [("=", ["1E1"]), ("=", ["-0.0010"]), ("=", ["3"]), ("<", ["0"]), ("<", ["-5.5"]),
          ("<=", ["-1"]), (">", ["9.99"]), (">", ["0.0015"]), (">=", ["100.0"]),
          ("BETWEEN", ["-5.5", "1"]), ("BETWEEN", ["-1E+10", "1E1"]), ("BETWEEN", ["3", "4"])],
    "B": [("=", [b"\x80"]), ("<", [b"\x7f"]), ("<", [b"\x80"]), ("<=", [b"\x80"]),
          (">", [b"\x7f"]), (">=", [b"ab"]), ("BETWEEN", [b"\x01", b"\x80"]),
          ("begins_with", [b"\x80"]), ("begins_with", [b"ab"]), ("begins_with", [b"\xff"]),
          ("begins_with", [b"\x00"])],
}


def matches(op, k, operands, order):
    if op == "begins_with":
        return k.startswith(operands[0])
    x = order(k)
    vals = [order(v) for v in operands]
    return {"=": lambda: x == vals[0], "<": lambda: x < vals[0], "<=": lambda: x <= vals[0],
            ">": lambda: x > vals[0], ">=": lambda: x >= vals[0],
            "BETWEEN": lambda: vals[0] <= x <= vals[1]}[op]()


def sort_condition(op):
    if op == "BETWEEN":
        return "c BETWEEN :v0 AND :v1"
    if op == "begins_with":
        return "begins_with(c, :v0)"
    return "c %s :v0" % op


@pytest.mark.parametrize("typ,op,operands",
                         [(t, op, vals) for t, cases in CASES.items() for op, vals in cases])
def test_key_condition_sort_key(dynamodb, data, typ, op, operands):
    keys, order, wrap = TYPES[typ]
    table, pkey = data.tables[typ]
    expected = sorted((k for k in keys if matches(op, k, operands, order)), key=order)
    values = {":p": pkey}
    values.update({":v%d" % i: wrap(v) for i, v in enumerate(operands)})
    cond = "p = :p AND " + sort_condition(op)
    got = query_all(dynamodb, table, KeyConditionExpression=cond, ExpressionAttributeValues=values)
    assert cvals(got) == expected
    # The same backwards, one small page at a time.
    got = query_all(dynamodb, table, KeyConditionExpression=cond, ExpressionAttributeValues=values,
                    ScanIndexForward=False, Limit=2)
    assert cvals(got) == expected[::-1]


@pytest.mark.parametrize("typ", ["S", "N", "B"])
def test_key_condition_whole_partition(dynamodb, data, typ):
    keys, order, _ = TYPES[typ]
    table, pkey = data.tables[typ]
    resp = query(dynamodb, table, KeyConditionExpression="p = :p",
                 ExpressionAttributeValues={":p": pkey})
    assert cvals(resp["Items"]) == sorted(keys, key=order)
    assert resp["Count"] == resp["ScannedCount"] == len(keys)
    assert "LastEvaluatedKey" not in resp
    # Items come whole.
    assert all(set(it) == {"p", "c", "a"} for it in resp["Items"])


def test_key_condition_forms(dynamodb, data):
    """Operands reversed, names through placeholders, parentheses, keywords in any case."""
    def run(cond, values, names=None):
        kwargs = {"ExpressionAttributeNames": names} if names else {}
        return cvals(query_all(dynamodb, data.sc, KeyConditionExpression=cond,
                               ExpressionAttributeValues=values, **kwargs))
    p = S(data.ps)
    assert run(":p = p AND :v < c", {":p": p, ":v": S("b")}) == ["ba", "~", "\u00e9",
                                                                   "\u00e9t\u00e9", "\u4e2d",
                                                                   "\ue000", "\U0001F600"]
    assert run(":v >= c AND p = :p", {":p": p, ":v": S("a")}) == ["0", "9", "Z", "a"]
    assert run("#k = :p AND #s BETWEEN :a AND :b", {":p": p, ":a": S("aa"), ":b": S("abc")},
               {"#k": "p", "#s": "c"}) == ["aa", "ab", "abc"]
    assert run("((p = :p) AND (begins_with(c, :a)))", {":p": p, ":a": S("ab")}) == ["ab", "abc",
                                                                                     "abd"]
    assert run("p = :p and c between :a AnD :b", {":p": p, ":a": S("a"), ":b": S("aa")}) == [
        "a", "aa"]
    assert run("c = :a AND p = :p", {":p": p, ":a": S("Z")}) == ["Z"]


def test_query_hash_only_table(dynamodb, data):
    resp = query(dynamodb, data.s, KeyConditionExpression="p = :p",
                 ExpressionAttributeValues={":p": S(data.ph)})
    assert resp["Items"] == [{"p": S(data.ph), "v": S("hello")}]
    assert resp["Count"] == 1 and "LastEvaluatedKey" not in resp
    resp = query(dynamodb, data.s, KeyConditionExpression="p = :p",
                 ExpressionAttributeValues={":p": S(data.ph + "nope")})
    assert resp["Items"] == [] and resp["Count"] == 0 and resp["ScannedCount"] == 0
    assert "LastEvaluatedKey" not in resp


def test_query_empty_partition(dynamodb, data):
    resp = query(dynamodb, data.sc, KeyConditionExpression="p = :p AND c > :c",
                 ExpressionAttributeValues={":p": S("nothing_" + random_string()), ":c": S("a")})
    assert resp["Items"] == [] and resp["Count"] == 0 and "LastEvaluatedKey" not in resp


def test_query_missing_table(dynamodb):
    with client_error("ResourceNotFoundException", message="Requested resource not found"):
        dynamodb.query(TableName="magneto_test_missing_" + random_string(),
                       KeyConditionExpression="p = :p", ExpressionAttributeValues={":p": S("x")})


# --------------------------------------------------------------------------------------------
# KeyConditionExpression errors.


def kce_error(dynamodb, table, cond, values, names=None, **kwargs):
    if names:
        kwargs["ExpressionAttributeNames"] = names
    if values is not None:
        kwargs["ExpressionAttributeValues"] = values
    dynamodb.query(TableName=table, KeyConditionExpression=cond, **kwargs)


def test_key_condition_errors_key_schema(dynamodb, data):
    t, p, a, b = data.sc, S(data.ps), S("a"), S("b")
    with validation_error(message="Query condition missed key schema element: p"):
        kce_error(dynamodb, t, "c = :a", {":a": a})
    with validation_error(message="Query condition missed key schema element: p"):
        kce_error(dynamodb, t, "c BETWEEN :a AND :b", {":a": a, ":b": b})
    # A second condition on a non-key attribute: DynamoDB wants the sort key there.
    with validation_error(message="Query condition missed key schema element: c"):
        kce_error(dynamodb, t, "p = :p AND x = :a", {":p": p, ":a": a})
    with validation_error(message="Query key condition not supported"):
        kce_error(dynamodb, t, "p < :p", {":p": p})
    with validation_error(message="Query key condition not supported"):
        kce_error(dynamodb, t, "begins_with(p, :p)", {":p": p})
    with validation_error(message="Query key condition not supported"):
        kce_error(dynamodb, t, "p BETWEEN :a AND :b AND c = :p", {":p": p, ":a": a, ":b": b})
    # DynamoDB's message may or may not carry the "Invalid KeyConditionExpression: " prefix.
    with validation_error(contains="KeyConditionExpressions must only contain one condition per "
                                   "key"):
        kce_error(dynamodb, t, "p = :p AND p = :p", {":p": p})
    with validation_error(contains="KeyConditionExpressions must only contain one condition per "
                                   "key"):
        kce_error(dynamodb, t, "c > :a AND c < :b", {":a": a, ":b": b})
    # Three conditions (two on the sort key, or one on a non-key attribute).
    with validation_error():
        kce_error(dynamodb, t, "p = :p AND c > :a AND c < :b", {":p": p, ":a": a, ":b": b})
    with validation_error():
        kce_error(dynamodb, t, "p = :p AND c > :a AND x < :b", {":p": p, ":a": a, ":b": b})
    # A sort key condition on a table without a sort key.
    with validation_error():
        kce_error(dynamodb, data.s, "p = :p AND c = :a", {":p": S(data.ph), ":a": a})
    with validation_error(contains="KeyConditionExpressions cannot have conditions on nested "
                                   "attributes"):
        kce_error(dynamodb, t, "p = :p AND c.d = :a", {":p": p, ":a": a})


def test_key_condition_errors_operators(dynamodb, data):
    t, p, a, b = data.sc, S(data.ps), S("a"), S("b")
    for op in ("OR", "NOT"):
        cond = "p = :p OR c = :a" if op == "OR" else "p = :p AND NOT c = :a"
        with validation_error(contains="Invalid operator used in KeyConditionExpression: " + op):
            kce_error(dynamodb, t, cond, {":p": p, ":a": a})
    with validation_error(contains="Invalid operator used in KeyConditionExpression: <>"):
        kce_error(dynamodb, t, "p = :p AND c <> :a", {":p": p, ":a": a})
    with validation_error(contains="Invalid operator used in KeyConditionExpression: IN"):
        kce_error(dynamodb, t, "p = :p AND c IN (:a, :b)", {":p": p, ":a": a, ":b": b})
    with validation_error(contains="attribute_exists"):
        kce_error(dynamodb, t, "p = :p AND attribute_exists(c)", {":p": p})
    with validation_error(contains="contains"):
        kce_error(dynamodb, t, "p = :p AND contains(c, :a)", {":p": p, ":a": a})
    with validation_error(contains="Invalid KeyConditionExpression: Syntax error; token:"):
        kce_error(dynamodb, t, "p = :p AND c != :a", {":p": p, ":a": a})
    with validation_error(contains='Invalid KeyConditionExpression: Syntax error; token: "<EOF>"'):
        kce_error(dynamodb, t, "p = :p AND", {":p": p})
    with validation_error(contains="Invalid KeyConditionExpression: The expression can not be "
                                   "empty"):
        kce_error(dynamodb, t, "", None)
    with validation_error(contains="BETWEEN operator requires upper bound to be greater than or "
                                   "equal to lower bound"):
        kce_error(dynamodb, t, "p = :p AND c BETWEEN :b AND :a", {":p": p, ":a": a, ":b": b})
    # Two attributes or two values compared, or a lone operand.
    # Sources disagree on whether the "Invalid KeyConditionExpression: " prefix comes first.
    with validation_error(contains="Invalid condition in KeyConditionExpression: Multiple "
                                   "attribute names used in one condition"):
        kce_error(dynamodb, t, "p = c", None)
    with validation_error(contains="No key attribute specified"):
        kce_error(dynamodb, t, ":p = :a", {":p": p, ":a": a})
    with validation_error():
        kce_error(dynamodb, t, "p", None)


def test_key_condition_errors_values(dynamodb, data):
    t, p = data.sc, S(data.ps)
    with validation_error(message="Invalid KeyConditionExpression: Incorrect operand type for "
                                  "operator or function; operator or function: begins_with, "
                                  "operand type: N"):
        kce_error(dynamodb, data.n, "p = :p AND begins_with(c, :v)", {":p": N(data.pn),
                                                                       ":v": N("1")})
    with validation_error(message="One or more parameter values were invalid: Condition "
                                  "parameter type does not match schema type"):
        kce_error(dynamodb, t, "p = :p AND c > :v", {":p": p, ":v": N("1")})
    with validation_error(message="One or more parameter values were invalid: Condition "
                                  "parameter type does not match schema type"):
        kce_error(dynamodb, t, "p = :p", {":p": N("1")})
    with validation_error(message="Invalid KeyConditionExpression: An expression attribute value "
                                  "used in expression is not defined; attribute value: :c"):
        kce_error(dynamodb, t, "p = :p AND c = :c", {":p": p})
    with validation_error(message="Invalid KeyConditionExpression: An expression attribute name "
                                  "used in the document path is not defined; attribute name: #c"):
        kce_error(dynamodb, t, "p = :p AND #c = :p", {":p": p})
    with validation_error(message="Value provided in ExpressionAttributeValues unused in "
                                  "expressions: keys: {:zz}"):
        kce_error(dynamodb, t, "p = :p", {":p": p, ":zz": S("z")})
    with validation_error(message="Either the KeyConditions or KeyConditionExpression parameter "
                                  "must be specified in the request."):
        dynamodb.query(TableName=t)
    with validation_error(message="Can not use both expression and non-expression parameters in "
                                  "the same request: Non-expression parameters: {KeyConditions} "
                                  "Expression parameters: {KeyConditionExpression}"):
        kce_error(dynamodb, t, "p = :p", {":p": p},
                  KeyConditions={"p": {"ComparisonOperator": "EQ", "AttributeValueList": [p]}})
    with validation_error(contains="Can not use both expression and non-expression parameters"):
        kce_error(dynamodb, t, "p = :p", {":p": p},
                  QueryFilter={"a": {"ComparisonOperator": "NOT_NULL"}})
    with validation_error(message="Filter Expression can only contain non-primary key "
                                  "attributes: Primary key attribute: c"):
        kce_error(dynamodb, t, "p = :p", {":p": p, ":v": S("a")}, FilterExpression="c > :v")


# --------------------------------------------------------------------------------------------
# Legacy KeyConditions and QueryFilter.

LEGACY_OPS = {"=": "EQ", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE", "BETWEEN": "BETWEEN",
              "begins_with": "BEGINS_WITH"}


@pytest.mark.parametrize("typ,op,operands",
                         [(t, op, vals) for t, cases in CASES.items() for op, vals in cases[::2]])
def test_key_conditions_legacy(dynamodb, data, typ, op, operands):
    keys, order, wrap = TYPES[typ]
    table, pkey = data.tables[typ]
    expected = sorted((k for k in keys if matches(op, k, operands, order)), key=order)
    conds = {"p": {"ComparisonOperator": "EQ", "AttributeValueList": [pkey]},
             "c": {"ComparisonOperator": LEGACY_OPS[op],
                   "AttributeValueList": [wrap(v) for v in operands]}}
    assert cvals(query_all(dynamodb, table, KeyConditions=conds)) == expected
    got = query_all(dynamodb, table, KeyConditions=conds, ScanIndexForward=False, Limit=3)
    assert cvals(got) == expected[::-1]


def test_key_conditions_legacy_errors(dynamodb, data):
    t, p = data.sc, S(data.ps)
    eq = {"ComparisonOperator": "EQ", "AttributeValueList": [p]}
    with validation_error(message="Query condition missed key schema element: p"):
        query(dynamodb, t, KeyConditions={"c": {"ComparisonOperator": "EQ",
                                                "AttributeValueList": [S("a")]}})
    with validation_error(message="Query key condition not supported"):
        query(dynamodb, t, KeyConditions={"p": {"ComparisonOperator": "GT",
                                                "AttributeValueList": [p]}})
    with validation_error(message="Attempted conditional constraint is not an indexable "
                                  "operation"):
        query(dynamodb, t, KeyConditions={"p": eq, "c": {"ComparisonOperator": "NE",
                                                         "AttributeValueList": [S("a")]}})
    with validation_error(contains="Conditions can be of length 1 or 2 only"):
        query(dynamodb, t, KeyConditions={})
    with validation_error(contains="ComparisonOperator BEGINS_WITH is not valid for N "
                                   "AttributeValue type"):
        query(dynamodb, data.n, KeyConditions={
            "p": {"ComparisonOperator": "EQ", "AttributeValueList": [N(data.pn)]},
            "c": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [N("1")]}})


def test_query_filter_legacy(dynamodb, data):
    conds = {"p": {"ComparisonOperator": "EQ", "AttributeValueList": [S(data.pp)]}}
    qf = {"a": {"ComparisonOperator": "GE", "AttributeValueList": [N("40")]}}
    got = query_all(dynamodb, data.sc, KeyConditions=conds, QueryFilter=qf)
    assert [it["a"]["N"] for it in got] == [str(i) for i in range(40, 50)]
    qf = {"a": {"ComparisonOperator": "LT", "AttributeValueList": [N("10")]},
          "opt": {"ComparisonOperator": "NOT_NULL"}}
    got = query_all(dynamodb, data.sc, KeyConditions=conds, QueryFilter=qf)
    assert [int(it["a"]["N"]) for it in got] == [0, 3, 6, 9]
    got = query_all(dynamodb, data.sc, KeyConditions=conds, QueryFilter=qf,
                    ConditionalOperator="OR")
    assert [int(it["a"]["N"]) for it in got] == [i for i in range(50) if i < 10 or i % 3 == 0]


# --------------------------------------------------------------------------------------------
# Limit, ExclusiveStartKey and LastEvaluatedKey.


@pytest.mark.parametrize("forward", [True, False])
@pytest.mark.parametrize("limit", [1, 3, 7, 49, 50, 51, 100])
def test_limit_paging(dynamodb, data, limit, forward):
    pages = read_pages(dynamodb.query, TableName=data.sc, KeyConditionExpression="p = :p",
                       ExpressionAttributeValues={":p": S(data.pp)}, Limit=limit,
                       ScanIndexForward=forward)
    expected = ["k%03d" % i for i in range(PAGE_COUNT)]
    assert cvals(page_items(pages)) == (expected if forward else expected[::-1])
    for page in pages[:-1]:
        # A page that stopped at Limit has a LastEvaluatedKey: exactly the key of its last item.
        assert len(page["Items"]) == page["Count"] == page["ScannedCount"] == limit
        last = page["Items"][-1]
        assert page["LastEvaluatedKey"] == {"p": last["p"], "c": last["c"]}
    assert "LastEvaluatedKey" not in pages[-1]
    if limit <= PAGE_COUNT and PAGE_COUNT % limit == 0:
        # Limit reached exactly at the last item: DynamoDB cannot know there is nothing more,
        # so it returns a LastEvaluatedKey and the next page is empty.
        assert len(pages) == PAGE_COUNT // limit + 1
        assert pages[-1]["Items"] == [] and pages[-1]["Count"] == 0
    else:
        assert len(pages) == math.ceil(PAGE_COUNT / limit)


def test_exclusive_start_key(dynamodb, data):
    kce = {"KeyConditionExpression": "p = :p", "ExpressionAttributeValues": {":p": S(data.pp)}}
    # The start key need not exist: the page begins just after (or before) where it would be.
    start = {"p": S(data.pp), "c": S("k010x")}
    got = query_all(dynamodb, data.sc, ExclusiveStartKey=start, **kce)
    assert cvals(got) == ["k%03d" % i for i in range(11, PAGE_COUNT)]
    got = query_all(dynamodb, data.sc, ExclusiveStartKey=start, ScanIndexForward=False, **kce)
    assert cvals(got) == ["k%03d" % i for i in range(10, -1, -1)]
    start = {"p": S(data.pp), "c": S("k010")}
    got = query_all(dynamodb, data.sc, ExclusiveStartKey=start, Limit=4, **kce)
    assert cvals(got) == ["k%03d" % i for i in range(11, PAGE_COUNT)]
    # Paging inside a sort key range.
    got = query_all(dynamodb, data.sc, KeyConditionExpression="p = :p AND c BETWEEN :a AND :b",
                    ExpressionAttributeValues={":p": S(data.pp), ":a": S("k010"),
                                               ":b": S("k020")}, Limit=4, ScanIndexForward=False)
    assert cvals(got) == ["k%03d" % i for i in range(20, 9, -1)]


def test_exclusive_start_key_errors(dynamodb, data):
    kce = {"KeyConditionExpression": "p = :p", "ExpressionAttributeValues": {":p": S(data.pp)}}
    with validation_error(contains="The provided starting key is invalid"):
        query(dynamodb, data.sc, ExclusiveStartKey={"p": S(data.pp)}, **kce)
    with validation_error():
        query(dynamodb, data.sc, ExclusiveStartKey={"p": S(data.pp), "c": N("1")}, **kce)
    with validation_error(contains="Member must have value greater than or equal to 1"):
        query(dynamodb, data.sc, Limit=0, **kce)
    with validation_error(contains="Member must have value greater than or equal to 1"):
        query(dynamodb, data.sc, Limit=-3, **kce)


# --------------------------------------------------------------------------------------------
# FilterExpression, Select, projections, ConsistentRead.


def test_filter_count_and_scanned_count(dynamodb, data):
    kce = {"KeyConditionExpression": "p = :p"}
    resp = query(dynamodb, data.sc, FilterExpression="a >= :v",
                 ExpressionAttributeValues={":p": S(data.pp), ":v": N("45")}, **kce)
    assert resp["Count"] == 5 and resp["ScannedCount"] == PAGE_COUNT
    assert [it["a"]["N"] for it in resp["Items"]] == ["45", "46", "47", "48", "49"]
    # Limit counts items read, before the filter: the first pages hold nothing, yet each ends
    # with the key of the last item read.
    pages = read_pages(dynamodb.query, TableName=data.sc, FilterExpression="a >= :v", Limit=10,
                       ExpressionAttributeValues={":p": S(data.pp), ":v": N("45")}, **kce)
    assert [p["ScannedCount"] for p in pages] == [10, 10, 10, 10, 10, 0]
    assert [p["Count"] for p in pages] == [0, 0, 0, 0, 5, 0]
    assert pages[0]["Items"] == []
    assert pages[0]["LastEvaluatedKey"] == {"p": S(data.pp), "c": S("k009")}
    # Filters on attributes that only some items have, and on missing ones.
    got = query_all(dynamodb, data.sc, FilterExpression="attribute_exists(opt)",
                    ExpressionAttributeValues={":p": S(data.pp)}, **kce)
    assert [int(it["a"]["N"]) for it in got] == list(range(0, PAGE_COUNT, 3))
    resp = query(dynamodb, data.sc, FilterExpression="nothere = :v",
                 ExpressionAttributeValues={":p": S(data.pp), ":v": N("1")}, **kce)
    assert resp["Items"] == [] and resp["Count"] == 0 and resp["ScannedCount"] == PAGE_COUNT


def test_select(dynamodb, data):
    kce = {"KeyConditionExpression": "p = :p", "ExpressionAttributeValues": {":p": S(data.pp)}}
    full = query(dynamodb, data.sc, **kce)["Items"]
    assert query(dynamodb, data.sc, Select="ALL_ATTRIBUTES", **kce)["Items"] == full
    resp = query(dynamodb, data.sc, Select="COUNT", **kce)
    assert "Items" not in resp and resp["Count"] == resp["ScannedCount"] == PAGE_COUNT
    resp = query(dynamodb, data.sc, Select="COUNT", FilterExpression="attribute_exists(opt)",
                 **kce)
    assert "Items" not in resp and resp["Count"] == 17 and resp["ScannedCount"] == PAGE_COUNT
    resp = query(dynamodb, data.sc, Select="COUNT", Limit=7, **kce)
    assert resp["Count"] == 7 and resp["LastEvaluatedKey"] == {"p": S(data.pp), "c": S("k006")}
    resp = query(dynamodb, data.sc, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="a", **kce)
    assert resp["Items"] == [{"a": N(str(i))} for i in range(PAGE_COUNT)]
    resp = query(dynamodb, data.sc, Select="SPECIFIC_ATTRIBUTES", AttributesToGet=["c"],
                 KeyConditions={"p": {"ComparisonOperator": "EQ",
                                      "AttributeValueList": [S(data.pp)]}})
    assert resp["Items"] == [{"c": S("k%03d" % i)} for i in range(PAGE_COUNT)]


def test_select_errors(dynamodb, data):
    kce = {"KeyConditionExpression": "p = :p", "ExpressionAttributeValues": {":p": S(data.pp)}}
    with validation_error(message="ALL_PROJECTED_ATTRIBUTES can be used only when Querying using "
                                  "an IndexName"):
        query(dynamodb, data.sc, Select="ALL_PROJECTED_ATTRIBUTES", **kce)
    with validation_error(contains="Must specify the AttributesToGet or ProjectionExpression when "
                                   "choosing to get SPECIFIC_ATTRIBUTES"):
        query(dynamodb, data.sc, Select="SPECIFIC_ATTRIBUTES", **kce)
    with validation_error(contains="Cannot specify the ProjectionExpression when choosing to get "
                                   "only the Count"):
        query(dynamodb, data.sc, Select="COUNT", ProjectionExpression="a", **kce)
    with validation_error(contains="Cannot specify the ProjectionExpression when choosing to get "
                                   "ALL_ATTRIBUTES"):
        query(dynamodb, data.sc, Select="ALL_ATTRIBUTES", ProjectionExpression="a", **kce)
    with validation_error():
        query(dynamodb, data.sc, Select="EVERYTHING", **kce)
    legacy = {"KeyConditions": {"p": {"ComparisonOperator": "EQ",
                                      "AttributeValueList": [S(data.pp)]}}}
    with validation_error(contains="Cannot specify the AttributesToGet when choosing to get only "
                                   "the Count"):
        query(dynamodb, data.sc, Select="COUNT", AttributesToGet=["a"], **legacy)
    with validation_error(contains="Can not use both expression and non-expression parameters"):
        query(dynamodb, data.sc, AttributesToGet=["a"], **kce)


def test_projection(dynamodb, data):
    kce = {"KeyConditionExpression": "p = :p", "ExpressionAttributeValues": {":p": S(data.pp)}}
    got = query_all(dynamodb, data.sc, ProjectionExpression="c, #o",
                    ExpressionAttributeNames={"#o": "opt"}, **kce)
    assert got == [dict({"c": S("k%03d" % i)}, **({"opt": S("o%d" % i)} if i % 3 == 0 else {}))
                   for i in range(PAGE_COUNT)]
    # Items with none of the attributes come back empty, not left out; the LastEvaluatedKey
    # still holds the whole key.
    resp = query(dynamodb, data.sc, ProjectionExpression="nothere", Limit=5, **kce)
    assert resp["Items"] == [{}] * 5 and resp["Count"] == 5
    assert resp["LastEvaluatedKey"] == {"p": S(data.pp), "c": S("k004")}
    legacy = {"KeyConditions": {"p": {"ComparisonOperator": "EQ",
                                      "AttributeValueList": [S(data.pp)]}}}
    got = query_all(dynamodb, data.sc, AttributesToGet=["opt", "a"], Limit=9, **legacy)
    assert got == [dict({"a": N(str(i))}, **({"opt": S("o%d" % i)} if i % 3 == 0 else {}))
                   for i in range(PAGE_COUNT)]


@pytest.mark.parametrize("consistent", [True, False])
def test_consistent_read(dynamodb, data, consistent):
    got = query_all(dynamodb, data.sc, KeyConditionExpression="p = :p", ConsistentRead=consistent,
                    ExpressionAttributeValues={":p": S(data.pp)}, Limit=20)
    assert cvals(got) == ["k%03d" % i for i in range(PAGE_COUNT)]


# --------------------------------------------------------------------------------------------
# ReturnConsumedCapacity: the size of everything read, rounded up to 4 KB per page; half as
# much when eventually consistent.


def capacity(dynamodb, d, consistent, **kwargs):
    kwargs.setdefault("KeyConditionExpression", "p = :p")
    resp = query(dynamodb, d.sc, ConsistentRead=consistent,
                 ExpressionAttributeValues=dict({":p": S(d.pcap)},
                                                **kwargs.pop("values", {})),
                 ReturnConsumedCapacity="TOTAL", **kwargs)
    assert resp["ConsumedCapacity"]["TableName"] == d.sc
    return resp, resp["ConsumedCapacity"]["CapacityUnits"]


def test_consumed_capacity(dynamodb, data):
    # 10 items of 1000 bytes: 10000 bytes, three 4 KB units.
    resp, units = capacity(dynamodb, data, True)
    assert resp["Count"] == CAP_COUNT and units == 3.0
    assert capacity(dynamodb, data, False)[1] == 1.5
    # Four items: 4000 bytes, one unit.
    assert capacity(dynamodb, data, True, Limit=4)[1] == 1.0
    assert capacity(dynamodb, data, False, Limit=4)[1] == 0.5
    # Each page is rounded up on its own: two pages of 5000 bytes cost 2 units each.
    resp, units = capacity(dynamodb, data, True, Limit=5)
    assert units == 2.0
    resp, units = capacity(dynamodb, data, True, Limit=5,
                           ExclusiveStartKey=resp["LastEvaluatedKey"])
    assert resp["Count"] == 5 and units == 2.0
    # A filter, COUNT or a projection do not make the read any smaller.
    resp, units = capacity(dynamodb, data, True, FilterExpression="attribute_exists(nothere)")
    assert resp["Count"] == 0 and units == 3.0
    assert capacity(dynamodb, data, True, Select="COUNT")[1] == 3.0
    assert capacity(dynamodb, data, False, ProjectionExpression="c")[1] == 1.5
    # A sort key range reads only what it covers: 3 items, 3000 bytes.
    assert capacity(dynamodb, data, True, KeyConditionExpression="p = :p AND c <= :c",
                    values={":c": S("c2")})[1] == 1.0
    # Without ReturnConsumedCapacity (or with NONE) there is none.
    resp = query(dynamodb, data.sc, KeyConditionExpression="p = :p",
                 ExpressionAttributeValues={":p": S(data.pcap)})
    assert "ConsumedCapacity" not in resp
    resp = query(dynamodb, data.sc, KeyConditionExpression="p = :p",
                 ExpressionAttributeValues={":p": S(data.pcap)}, ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in resp


# --------------------------------------------------------------------------------------------
# 1 MB pages: 350 items of 10 KB in one partition.


def big_pages(dynamodb, d, **kwargs):
    values = dict({":p": S(d.pbig)}, **kwargs.pop("values", {}))
    return read_pages(dynamodb.query, TableName=d.sc, KeyConditionExpression="p = :p",
                      ExpressionAttributeValues=values, **kwargs)


def check_mb_pages(pages):
    """Every page but the last stopped at about 1 MB read (~104 items of 10 KB)."""
    assert len(pages) >= 4
    for page in pages[:-1]:
        assert "LastEvaluatedKey" in page
        assert set(page["LastEvaluatedKey"]) == {"p", "c"}
        assert 90 <= page["ScannedCount"] <= 110, page["ScannedCount"]
    assert sum(p["ScannedCount"] for p in pages) == BIG_COUNT


@pytest.mark.parametrize("forward", [True, False])
def test_1mb_pages(dynamodb, data, forward):
    pages = big_pages(dynamodb, data, ScanIndexForward=forward)
    check_mb_pages(pages)
    expected = ["b%04d" % i for i in range(BIG_COUNT)]
    assert cvals(page_items(pages)) == (expected if forward else expected[::-1])
    for page in pages[:-1]:
        assert page["Count"] == page["ScannedCount"]
        # Its LastEvaluatedKey is the key of its last item.
        assert page["LastEvaluatedKey"]["c"] == page["Items"][-1]["c"]


@pytest.mark.parametrize("forward", [True, False])
def test_1mb_pages_with_filter(dynamodb, data, forward):
    pages = big_pages(dynamodb, data, ScanIndexForward=forward, FilterExpression="keep = :t",
                      values={":t": {"BOOL": True}})
    check_mb_pages(pages)
    expected = ["b%04d" % i for i in range(0, BIG_COUNT, BIG_KEEP)]
    assert cvals(page_items(pages)) == (expected if forward else expected[::-1])
    assert sum(p["Count"] for p in pages) == len(expected)


def test_1mb_pages_count_and_limit(dynamodb, data):
    pages = big_pages(dynamodb, data, Select="COUNT")
    check_mb_pages(pages)
    assert sum(p["Count"] for p in pages) == BIG_COUNT
    # A Limit beyond 1 MB does not make the page bigger; a projection does not either.
    resp = query(dynamodb, data.sc, KeyConditionExpression="p = :p", Limit=200,
                 ProjectionExpression="c", ExpressionAttributeValues={":p": S(data.pbig)})
    assert 90 <= resp["Count"] <= 110 and "LastEvaluatedKey" in resp


# --------------------------------------------------------------------------------------------
# Clients on top of Query: the boto3 paginator, the resource API, the AWS CLI.


def test_paginator(dynamodb, data):
    paginator = dynamodb.get_paginator("query")
    pages = list(paginator.paginate(TableName=data.sc, KeyConditionExpression="p = :p",
                                    ExpressionAttributeValues={":p": S(data.pbig)},
                                    ProjectionExpression="c"))
    assert len(pages) >= 4
    assert cvals(page_items(pages)) == ["b%04d" % i for i in range(BIG_COUNT)]
    pages = list(paginator.paginate(TableName=data.sc, KeyConditionExpression="p = :p",
                                    ExpressionAttributeValues={":p": S(data.pp)},
                                    ScanIndexForward=False, PaginationConfig={"PageSize": 6}))
    assert [len(p["Items"]) for p in pages] == [6] * 8 + [2]
    assert cvals(page_items(pages)) == ["k%03d" % i for i in range(PAGE_COUNT - 1, -1, -1)]


def test_resource_api(dynamodb_resource, data):
    table = dynamodb_resource.Table(data.sc)
    resp = table.query(KeyConditionExpression=Key("p").eq(data.pp) & Key("c").between("k005",
                                                                                      "k010"))
    assert [it["c"] for it in resp["Items"]] == ["k%03d" % i for i in range(5, 11)]
    assert [it["a"] for it in resp["Items"]] == [decimal.Decimal(i) for i in range(5, 11)]
    resp = table.query(KeyConditionExpression=Key("p").eq(data.pp) & Key("c").begins_with("k04"),
                       ScanIndexForward=False, Limit=3)
    assert [it["c"] for it in resp["Items"]] == ["k049", "k048", "k047"]
    assert resp["LastEvaluatedKey"] == {"p": data.pp, "c": "k047"}
    num = dynamodb_resource.Table(data.n)
    resp = num.query(KeyConditionExpression=Key("p").eq(decimal.Decimal(data.pn))
                     & Key("c").lt(decimal.Decimal("-0.5")))
    assert [it["c"] for it in resp["Items"]] == [decimal.Decimal(v) for v in
                                                  ("-10000000000", "-100", "-5.5", "-1")]


def test_aws_cli_query_pagination(endpoint, data):
    out = run_aws_cli(endpoint, "query", "--table-name", data.sc,
                      "--key-condition-expression", "p = :p",
                      "--expression-attribute-values", json.dumps({":p": S(data.pp)}),
                      "--page-size", "7")
    assert out["Count"] == PAGE_COUNT
    assert [it["c"]["S"] for it in out["Items"]] == ["k%03d" % i for i in range(PAGE_COUNT)]
    out = run_aws_cli(endpoint, "query", "--table-name", data.sc,
                      "--key-condition-expression", "p = :p AND c >= :c",
                      "--expression-attribute-values",
                      json.dumps({":p": S(data.pp), ":c": S("k040")}),
                      "--no-scan-index-forward", "--page-size", "3")
    assert [it["c"]["S"] for it in out["Items"]] == ["k%03d" % i for i in range(49, 39, -1)]
