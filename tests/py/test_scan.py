# Black-box tests of Scan: whole-table reads, Limit and paging (LastEvaluatedKey and the 1 MB
# page), parallel scans with Segment/TotalSegments, Select, projections, filters (expression and
# legacy ScanFilter), consumed capacity, empty and missing tables, and the boto3 paginator, the
# resource API and the AWS CLI on top of it.

import collections
import json
import math

import pytest
from boto3.dynamodb.conditions import Attr

from conftest import create_table_and_wait, delete_table_quietly
from ddb_util import (client_error, item_size, page_items, put_items, random_string, read_pages,
                      run_aws_cli, validation_error)

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731

PARTITIONS = 200      # partitions of the main table ...
PER_PARTITION = 5     # ... of 5 items each (c = 0..4): 1000 items
ITEMS = PARTITIONS * PER_PARTITION
HASH_COUNT = 60       # items in the hash-only table
BIG_COUNT = 300       # items of 10 KB in the big table
BIG_KEEP = 29         # every 29th big item has keep = true
CAP_COUNT = 10        # items of exactly 1000 bytes in the capacity table

HASH_RANGE_N = dict(key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                                {"AttributeName": "c", "KeyType": "RANGE"}],
                    attribute_definitions=[{"AttributeName": "p", "AttributeType": "S"},
                                           {"AttributeName": "c", "AttributeType": "N"}])


def canon(item):
    """A hashable, comparable form of a low-level item (S, N and BOOL values only)."""
    return json.dumps(item, sort_keys=True)


def multiset(items):
    return collections.Counter(canon(it) for it in items)


def key_of(item, keys=("p", "c")):
    return {k: item[k] for k in keys if k in item}


class Data:
    pass


@pytest.fixture(scope="module")
def data(dynamodb, test_table_s):
    """Creates and fills every table the tests read, once per module."""
    d = Data()
    d.made = []

    def table(**kwargs):
        name = create_table_and_wait(dynamodb, **kwargs)
        d.made.append(name)
        return name

    d.main = table(**HASH_RANGE_N)
    d.big = table()
    d.empty = table()
    d.cap = table()
    d.hash = test_table_s
    tag = random_string(6)
    d.items = []
    for i in range(ITEMS):
        item = {"p": S("sp%03d_%s" % (i // PER_PARTITION, tag)), "c": N(str(i % PER_PARTITION)),
                "a": N(str(i)), "s": S("v%d" % (i % 10))}
        if i % 4 == 0:
            item["opt"] = S("o%d" % i)
        d.items.append(item)
    d.hash_items = [{"p": S("h%02d_%s" % (i, tag)), "v": N(str(i))} for i in range(HASH_COUNT)]
    d.big_items = []
    for i in range(BIG_COUNT):
        item = {"p": S("big%04d_%s" % (i, tag)), "pad": S("x" * 10000)}
        if i % BIG_KEEP == 0:
            item["keep"] = {"BOOL": True}
        d.big_items.append(item)
    d.cap_items = []
    for i in range(CAP_COUNT):
        item = {"p": S("cap%d_%s" % (i, tag))}
        item["pad"] = S("y" * (1000 - item_size(item) - len("pad")))
        assert item_size(item) == 1000
        d.cap_items.append(item)
    put_items(dynamodb, d.main, d.items)
    put_items(dynamodb, d.hash, d.hash_items)
    put_items(dynamodb, d.big, d.big_items)
    put_items(dynamodb, d.cap, d.cap_items)
    yield d
    for name in d.made:
        delete_table_quietly(dynamodb, name)


def scan_pages(dynamodb, table, **kwargs):
    return read_pages(dynamodb.scan, TableName=table, **kwargs)


def scan_all(dynamodb, table, **kwargs):
    return page_items(scan_pages(dynamodb, table, **kwargs))


def check_limit_pages(pages, limit, keys=("p", "c")):
    """Every page but the last stopped at Limit and ends with the key of its last item."""
    for page in pages[:-1]:
        assert len(page["Items"]) == page["Count"] == page["ScannedCount"] == limit
        assert page["LastEvaluatedKey"] == key_of(page["Items"][-1], keys)
    assert "LastEvaluatedKey" not in pages[-1]
    assert len(pages[-1]["Items"]) <= limit


# --------------------------------------------------------------------------------------------
# Whole-table scans and paging.


def test_scan_all(dynamodb, data):
    pages = scan_pages(dynamodb, data.main)
    # 1000 small items are far below 1 MB: one page.
    assert len(pages) == 1 and "LastEvaluatedKey" not in pages[0]
    assert pages[0]["Count"] == pages[0]["ScannedCount"] == ITEMS
    assert multiset(pages[0]["Items"]) == multiset(data.items)


def test_scan_order_within_partitions(dynamodb, data):
    """A partition's items come together, in sort key order."""
    got = scan_all(dynamodb, data.main)
    runs = [it["p"]["S"] for i, it in enumerate(got) if i == 0 or got[i - 1]["p"] != it["p"]]
    assert len(runs) == len(set(runs)) == PARTITIONS
    for i in range(1, len(got)):
        if got[i]["p"] == got[i - 1]["p"]:
            assert int(got[i]["c"]["N"]) == int(got[i - 1]["c"]["N"]) + 1


@pytest.mark.parametrize("limit", [7, 100, 999, 1000, 1001])
def test_scan_limit_paging(dynamodb, data, limit):
    pages = scan_pages(dynamodb, data.main, Limit=limit)
    check_limit_pages(pages, limit)
    got = page_items(pages)
    assert len(got) == ITEMS and multiset(got) == multiset(data.items)
    if limit <= ITEMS and ITEMS % limit == 0:
        # Limit reached exactly at the last item: a LastEvaluatedKey anyway, then an empty page.
        assert len(pages) == ITEMS // limit + 1 and pages[-1]["Items"] == []
        assert pages[-1]["Count"] == pages[-1]["ScannedCount"] == 0
    else:
        assert len(pages) == math.ceil(ITEMS / limit)


def test_scan_limit_one_hash_only(dynamodb, data):
    pages = scan_pages(dynamodb, data.hash, Limit=1)
    check_limit_pages(pages, 1, keys=("p",))
    assert len(pages) == HASH_COUNT + 1 and pages[-1]["Items"] == []
    assert multiset(page_items(pages)) == multiset(data.hash_items)
    assert all(set(p["LastEvaluatedKey"]) == {"p"} for p in pages[:-1])


def test_exclusive_start_key(dynamodb, data):
    order = scan_all(dynamodb, data.main, ConsistentRead=True)
    for pos in (0, 123, 654, ITEMS - 2):
        got = scan_all(dynamodb, data.main, ExclusiveStartKey=key_of(order[pos]), Limit=97)
        assert got == order[pos + 1:]
    got = scan_all(dynamodb, data.main, ExclusiveStartKey=key_of(order[-1]))
    assert got == []


def test_exclusive_start_key_errors(dynamodb, data):
    p = data.items[0]["p"]
    with validation_error(contains="The provided starting key is invalid"):
        dynamodb.scan(TableName=data.main, ExclusiveStartKey={"p": p})
    with validation_error():
        dynamodb.scan(TableName=data.main, ExclusiveStartKey={"p": p, "c": S("0")})
    with validation_error(contains="Member must have value greater than or equal to 1"):
        dynamodb.scan(TableName=data.main, Limit=0)


# --------------------------------------------------------------------------------------------
# Parallel scan.


@pytest.mark.parametrize("total", [1, 2, 3, 7, 16, 100])
def test_parallel_scan(dynamodb, data, total):
    seen = []
    partition_segment = {}
    nonempty = 0
    for segment in range(total):
        pages = scan_pages(dynamodb, data.main, Segment=segment, TotalSegments=total, Limit=13)
        check_limit_pages(pages, 13)
        items = page_items(pages)
        nonempty += bool(items)
        for it in items:
            # All the items of a partition are in one segment.
            assert partition_segment.setdefault(it["p"]["S"], segment) == segment
        seen += items
    # Every item exactly once over all the segments.
    assert len(seen) == ITEMS and multiset(seen) == multiset(data.items)
    if total > 1:
        assert nonempty >= 2


def test_parallel_scan_errors(dynamodb, data):
    t = data.main
    with validation_error(message="The Segment parameter is required but was not present in the "
                                  "request when parameter TotalSegments is present"):
        dynamodb.scan(TableName=t, TotalSegments=3)
    with validation_error(message="The TotalSegments parameter is required but was not present in "
                                  "the request when Segment parameter is present"):
        dynamodb.scan(TableName=t, Segment=1)
    for segment in (5, 7):
        with validation_error(message="The Segment parameter is zero-based and must be less than "
                                      "parameter TotalSegments: Segment: %d is not less than "
                                      "TotalSegments: 5" % segment):
            dynamodb.scan(TableName=t, Segment=segment, TotalSegments=5)
    with validation_error(contains="Member must have value greater than or equal to 1"):
        dynamodb.scan(TableName=t, Segment=0, TotalSegments=0)
    with validation_error(contains="Member must have value less than or equal to 1000000"):
        dynamodb.scan(TableName=t, Segment=0, TotalSegments=1000001)
    with validation_error(contains="Member must have value greater than or equal to 0"):
        dynamodb.scan(TableName=t, Segment=-1, TotalSegments=2)


def test_parallel_scan_many_segments(dynamodb, data):
    """The largest TotalSegments is allowed; its segments are (mostly) empty."""
    got = []
    for segment in (0, 1, 500000, 999999):
        got += scan_all(dynamodb, data.main, Segment=segment, TotalSegments=1000000)
    assert not (multiset(got) - multiset(data.items))


# --------------------------------------------------------------------------------------------
# FilterExpression, Select, projections, ConsistentRead, legacy ScanFilter.


def test_filter_count_and_scanned_count(dynamodb, data):
    resp = dynamodb.scan(TableName=data.main, FilterExpression="a < :v",
                         ExpressionAttributeValues={":v": N("10")})
    assert resp["Count"] == 10 and resp["ScannedCount"] == ITEMS
    assert sorted(int(it["a"]["N"]) for it in resp["Items"]) == list(range(10))
    # Limit counts items read, before the filter; the LastEvaluatedKey is the last item read,
    # returned or not.
    pages = scan_pages(dynamodb, data.main, FilterExpression="a < :v", Limit=100,
                       ExpressionAttributeValues={":v": N("10")})
    assert [p["ScannedCount"] for p in pages] == [100] * 10 + [0]
    assert sum(p["Count"] for p in pages) == 10
    order = scan_all(dynamodb, data.main)
    assert pages[0]["LastEvaluatedKey"] == key_of(order[99])
    # Unlike Query, a Scan may filter on key attributes.
    got = scan_all(dynamodb, data.main, FilterExpression="c = :c AND begins_with(p, :p)",
                   ExpressionAttributeValues={":c": N("3"), ":p": S("sp00")})
    assert sorted(it["p"]["S"][:5] for it in got) == ["sp%03d" % i for i in range(10)]


def test_select(dynamodb, data):
    resp = dynamodb.scan(TableName=data.main, Select="COUNT")
    assert "Items" not in resp and resp["Count"] == resp["ScannedCount"] == ITEMS
    resp = dynamodb.scan(TableName=data.main, Select="COUNT",
                         FilterExpression="attribute_exists(opt)")
    assert "Items" not in resp and resp["Count"] == ITEMS // 4 and resp["ScannedCount"] == ITEMS
    pages = scan_pages(dynamodb, data.main, Select="COUNT", Limit=300)
    assert [p["Count"] for p in pages] == [300, 300, 300, 100]
    assert all("Items" not in p for p in pages)
    got = scan_all(dynamodb, data.main, Select="ALL_ATTRIBUTES")
    assert multiset(got) == multiset(data.items)
    got = scan_all(dynamodb, data.main, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="a, s")
    assert multiset(got) == multiset({"a": it["a"], "s": it["s"]} for it in data.items)


def test_select_errors(dynamodb, data):
    t = data.main
    with validation_error(message="ALL_PROJECTED_ATTRIBUTES can be used only when Querying using "
                                  "an IndexName"):
        dynamodb.scan(TableName=t, Select="ALL_PROJECTED_ATTRIBUTES")
    with validation_error(contains="Must specify the AttributesToGet or ProjectionExpression when "
                                   "choosing to get SPECIFIC_ATTRIBUTES"):
        dynamodb.scan(TableName=t, Select="SPECIFIC_ATTRIBUTES")
    with validation_error(contains="Cannot specify the ProjectionExpression when choosing to get "
                                   "only the Count"):
        dynamodb.scan(TableName=t, Select="COUNT", ProjectionExpression="a")
    with validation_error(contains="Cannot specify the AttributesToGet when choosing to get only "
                                   "the Count"):
        dynamodb.scan(TableName=t, Select="COUNT", AttributesToGet=["a"])
    with validation_error(contains="Cannot specify the AttributesToGet when choosing to get "
                                   "ALL_ATTRIBUTES"):
        dynamodb.scan(TableName=t, Select="ALL_ATTRIBUTES", AttributesToGet=["a"])
    with validation_error():
        dynamodb.scan(TableName=t, Select="SOME")
    with validation_error(contains="Can not use both expression and non-expression parameters"):
        dynamodb.scan(TableName=t, AttributesToGet=["a"], ProjectionExpression="a")
    with validation_error(contains="Can not use both expression and non-expression parameters"):
        dynamodb.scan(TableName=t, FilterExpression="a > :v", ExpressionAttributeValues={
            ":v": N("1")}, ScanFilter={"a": {"ComparisonOperator": "NOT_NULL"}})


def test_projection(dynamodb, data):
    got = scan_all(dynamodb, data.main, ProjectionExpression="#o, c",
                   ExpressionAttributeNames={"#o": "opt"})
    assert multiset(got) == multiset({k: v for k, v in it.items() if k in ("c", "opt")}
                                     for it in data.items)
    # Items without the attributes come back empty, not left out; the LastEvaluatedKey still
    # holds the whole key.
    resp = dynamodb.scan(TableName=data.main, ProjectionExpression="nothere", Limit=10)
    assert resp["Items"] == [{}] * 10 and set(resp["LastEvaluatedKey"]) == {"p", "c"}
    got = scan_all(dynamodb, data.main, AttributesToGet=["opt"], Limit=333)
    assert len(got) == ITEMS
    assert multiset(got) == multiset({"opt": it["opt"]} if "opt" in it else {}
                                     for it in data.items)


@pytest.mark.parametrize("consistent", [True, False])
def test_consistent_read(dynamodb, data, consistent):
    got = scan_all(dynamodb, data.main, ConsistentRead=consistent, Limit=400)
    assert multiset(got) == multiset(data.items)


def _legacy_expected(items, filt, conditional_operator="AND"):
    def cond(item, name, c):
        op, vals = c["ComparisonOperator"], c.get("AttributeValueList", [])
        v = item.get(name)
        if op == "NULL":
            return v is None
        if op == "NOT_NULL":
            return v is not None
        if v is None:
            return False
        ((t, x),) = v.items()
        args = [list(a.values())[0] for a in vals]
        if any(list(a)[0] != t for a in vals) and op not in ("CONTAINS", "NOT_CONTAINS"):
            return op == "NE"
        conv = int if t == "N" else (lambda s: s)
        x, args = conv(x), [conv(a) for a in args]
        return {"EQ": lambda: x == args[0], "NE": lambda: x != args[0],
                "LT": lambda: x < args[0], "LE": lambda: x <= args[0],
                "GT": lambda: x > args[0], "GE": lambda: x >= args[0],
                "BETWEEN": lambda: args[0] <= x <= args[1], "IN": lambda: x in args,
                "BEGINS_WITH": lambda: x.startswith(args[0]),
                "CONTAINS": lambda: args[0] in x, "NOT_CONTAINS": lambda: args[0] not in x}[op]()
    combine = all if conditional_operator == "AND" else any
    return [it for it in items if combine(cond(it, n, c) for n, c in filt.items())]


LEGACY_FILTERS = [
    {"a": {"ComparisonOperator": "LT", "AttributeValueList": [N("25")]}},
    {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [N("100"), N("120")]}},
    {"s": {"ComparisonOperator": "IN", "AttributeValueList": [S("v1"), S("v7")]}},
    {"opt": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [S("o12")]}},
    {"opt": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [S("99")]}},
    {"opt": {"ComparisonOperator": "NULL"}},
    {"s": {"ComparisonOperator": "NE", "AttributeValueList": [S("v3")]},
     "c": {"ComparisonOperator": "EQ", "AttributeValueList": [N("2")]}},
    {"a": {"ComparisonOperator": "GE", "AttributeValueList": [N("990")]},
     "opt": {"ComparisonOperator": "NOT_NULL"}},
]


@pytest.mark.parametrize("conditional_operator", [None, "AND", "OR"])
@pytest.mark.parametrize("filt", LEGACY_FILTERS)
def test_scan_filter_legacy(dynamodb, data, filt, conditional_operator):
    kwargs = {"ConditionalOperator": conditional_operator} if conditional_operator else {}
    got = scan_all(dynamodb, data.main, ScanFilter=filt, Limit=250, **kwargs)
    expected = _legacy_expected(data.items, filt, conditional_operator or "AND")
    assert multiset(got) == multiset(expected)


# --------------------------------------------------------------------------------------------
# ReturnConsumedCapacity: the size of everything read, rounded up to 4 KB per page; half as
# much when eventually consistent.


def capacity(dynamodb, d, consistent, **kwargs):
    resp = dynamodb.scan(TableName=d.cap, ConsistentRead=consistent,
                         ReturnConsumedCapacity="TOTAL", **kwargs)
    assert resp["ConsumedCapacity"]["TableName"] == d.cap
    return resp, resp["ConsumedCapacity"]["CapacityUnits"]


def test_consumed_capacity(dynamodb, data):
    # 10 items of 1000 bytes: 10000 bytes, three 4 KB units.
    resp, units = capacity(dynamodb, data, True)
    assert resp["Count"] == CAP_COUNT and units == 3.0
    assert capacity(dynamodb, data, False)[1] == 1.5
    assert capacity(dynamodb, data, True, Limit=4)[1] == 1.0
    assert capacity(dynamodb, data, False, Limit=4)[1] == 0.5
    # Pages are rounded up one by one: two pages of 5000 bytes cost 2 units each.
    resp, units = capacity(dynamodb, data, True, Limit=5)
    assert units == 2.0
    resp, units = capacity(dynamodb, data, True, Limit=5,
                           ExclusiveStartKey=resp["LastEvaluatedKey"])
    assert resp["Count"] == 5 and units == 2.0
    # Filters, COUNT and projections read as much.
    resp, units = capacity(dynamodb, data, True, FilterExpression="attribute_exists(nothere)")
    assert resp["Count"] == 0 and resp["ScannedCount"] == CAP_COUNT and units == 3.0
    assert capacity(dynamodb, data, True, Select="COUNT")[1] == 3.0
    assert capacity(dynamodb, data, False, ProjectionExpression="p")[1] == 1.5
    assert "ConsumedCapacity" not in dynamodb.scan(TableName=data.cap)
    assert "ConsumedCapacity" not in dynamodb.scan(TableName=data.cap,
                                                  ReturnConsumedCapacity="NONE")


# --------------------------------------------------------------------------------------------
# 1 MB pages: 300 items of 10 KB.


def check_mb_pages(pages):
    """Every page but the last stopped at about 1 MB read (~104 items of 10 KB)."""
    assert len(pages) >= 3
    for page in pages[:-1]:
        assert set(page["LastEvaluatedKey"]) == {"p"}
        assert 90 <= page["ScannedCount"] <= 110, page["ScannedCount"]
    assert sum(p["ScannedCount"] for p in pages) == BIG_COUNT


def test_1mb_pages(dynamodb, data):
    pages = scan_pages(dynamodb, data.big)
    check_mb_pages(pages)
    got = page_items(pages)
    assert len(got) == BIG_COUNT and multiset(got) == multiset(data.big_items)
    for page in pages[:-1]:
        assert page["LastEvaluatedKey"] == key_of(page["Items"][-1], ("p",))
    # A larger Limit does not make a page bigger.
    resp = dynamodb.scan(TableName=data.big, Limit=250)
    assert 90 <= resp["Count"] <= 110 and "LastEvaluatedKey" in resp


def test_1mb_pages_with_filter_and_count(dynamodb, data):
    pages = scan_pages(dynamodb, data.big, FilterExpression="keep = :t",
                       ExpressionAttributeValues={":t": {"BOOL": True}})
    check_mb_pages(pages)
    expected = [it for it in data.big_items if "keep" in it]
    assert multiset(page_items(pages)) == multiset(expected)
    pages = scan_pages(dynamodb, data.big, Select="COUNT")
    check_mb_pages(pages)
    assert sum(p["Count"] for p in pages) == BIG_COUNT


def test_1mb_pages_parallel(dynamodb, data):
    got = []
    for segment in range(3):
        got += scan_all(dynamodb, data.big, Segment=segment, TotalSegments=3,
                        ProjectionExpression="p")
    assert sorted(it["p"]["S"] for it in got) == sorted(it["p"]["S"] for it in data.big_items)


# --------------------------------------------------------------------------------------------
# Empty and missing tables.


def test_scan_empty_table(dynamodb, data):
    for kwargs in ({}, {"Limit": 1}, {"Select": "COUNT"}, {"ConsistentRead": True},
                   {"Segment": 1, "TotalSegments": 4}):
        resp = dynamodb.scan(TableName=data.empty, **kwargs)
        assert resp["Count"] == 0 and resp["ScannedCount"] == 0
        assert resp.get("Items", []) == [] and "LastEvaluatedKey" not in resp


def test_scan_missing_table(dynamodb):
    with client_error("ResourceNotFoundException", message="Requested resource not found"):
        dynamodb.scan(TableName="magneto_test_missing_" + random_string())


# --------------------------------------------------------------------------------------------
# Clients on top of Scan: the boto3 paginator, the resource API, the AWS CLI.


def test_paginator(dynamodb, data):
    paginator = dynamodb.get_paginator("scan")
    pages = list(paginator.paginate(TableName=data.main, PaginationConfig={"PageSize": 17}))
    assert [len(p["Items"]) for p in pages] == [17] * (ITEMS // 17) + [ITEMS % 17]
    assert multiset(page_items(pages)) == multiset(data.items)
    pages = list(paginator.paginate(TableName=data.big, ProjectionExpression="p"))
    assert sorted(it["p"]["S"] for it in page_items(pages)) == sorted(
        it["p"]["S"] for it in data.big_items)


def test_resource_api(dynamodb_resource, data):
    table = dynamodb_resource.Table(data.main)
    resp = table.scan(FilterExpression=Attr("a").lt(10) & Attr("opt").exists())
    assert sorted(int(it["a"]) for it in resp["Items"]) == [0, 4, 8]
    got, kwargs = [], {"Limit": 150, "FilterExpression": Attr("s").eq("v5")}
    while True:
        resp = table.scan(**kwargs)
        got += resp["Items"]
        if "LastEvaluatedKey" not in resp:
            break
        kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
    assert sorted(int(it["a"]) for it in got) == list(range(5, ITEMS, 10))


def test_aws_cli_scan_pagination(endpoint, data):
    out = run_aws_cli(endpoint, "scan", "--table-name", data.hash, "--page-size", "7")
    # The hash-only table holds nothing but these items in this module.
    assert out["Count"] == HASH_COUNT and multiset(out["Items"]) == multiset(data.hash_items)
    out = run_aws_cli(endpoint, "scan", "--table-name", data.main, "--page-size", "50",
                      "--filter-expression", "a >= :v",
                      "--expression-attribute-values", json.dumps({":v": N("950")}))
    assert out["Count"] == 50 and out["ScannedCount"] == ITEMS
    assert multiset(out["Items"]) == multiset(data.items[950:])
