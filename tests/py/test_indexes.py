# Black-box tests of secondary indexes (GSIs and LSIs) at work: the access patterns of a
# single-table design queried through an overloaded, a sparse, an INCLUDE GSI and an LSI; index
# maintenance by every kind of write; index key validation; projections and what a query may
# ask of each index; Scan and parallel Scan of an index; per-index ItemCount. Paging through
# hundreds of entries under one index key, the write units ReturnConsumedCapacity=INDEXES
# reports per index, index creation online (backfill) and durability under kill -9 are in
# test_indexes_backfill.py, which imports the helpers defined here.
#
# GSIs are eventually consistent in DynamoDB: every read of a GSI after a write goes through
# eventually(), which retries until the expected answer comes (at once on Magneto, whose indexes
# change in the same atomic step as their table). LSIs are read with ConsistentRead=True.

import json
import time

import pytest

from conftest import create_table_and_wait, delete_table_quietly, is_local
from ddb_util import page_items, put_items, random_string, read_pages, validation_error

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731

TABLE_KEYS = ("PK", "SK")


# --------------------------------------------------------------------------------------------
# Helpers: index definitions, the entries an index must hold, and comparing them.


class Ix:
    """One secondary index: its key attributes, projection, and whether it is local."""

    def __init__(self, name, hash_key, range_key=None, projection="ALL", nonkey=(), local=False):
        self.name = name
        self.hash_key = hash_key
        self.range_key = range_key
        self.projection = projection
        self.nonkey = list(nonkey)
        self.local = local

    def key_names(self):
        return [k for k in (self.hash_key, self.range_key) if k]

    def spec(self):
        """The index as CreateTable wants it."""
        schema = [{"AttributeName": self.hash_key, "KeyType": "HASH"}]
        if self.range_key:
            schema.append({"AttributeName": self.range_key, "KeyType": "RANGE"})
        proj = {"ProjectionType": self.projection}
        if self.nonkey:
            proj["NonKeyAttributes"] = self.nonkey
        return {"IndexName": self.name, "KeySchema": schema, "Projection": proj}

    def entry(self, item, table_keys=TABLE_KEYS):
        """What the index holds for item: None when an index key attribute is missing (the
        index is sparse), else the projected attributes."""
        if any(k not in item for k in self.key_names()):
            return None
        if self.projection == "ALL":
            return dict(item)
        keep = set(table_keys) | set(self.key_names())
        if self.projection == "INCLUDE":
            keep |= set(self.nonkey)
        return {k: v for k, v in item.items() if k in keep}

    def entries(self, items, table_keys=TABLE_KEYS):
        return [e for e in (self.entry(it, table_keys) for it in items) if e is not None]


def create_indexed_table(create, indexes, attr_types, table_keys=TABLE_KEYS, **kwargs):
    """Creates a table keyed on table_keys (hash, range) with the given Ix list; attr_types
    maps every key attribute to its type. create is table_factory or a bound
    create_table_and_wait."""
    key_schema = [{"AttributeName": table_keys[0], "KeyType": "HASH"}]
    if len(table_keys) > 1:
        key_schema.append({"AttributeName": table_keys[1], "KeyType": "RANGE"})
    gsis = [ix.spec() for ix in indexes if not ix.local]
    lsis = [ix.spec() for ix in indexes if ix.local]
    if gsis:
        kwargs["GlobalSecondaryIndexes"] = gsis
    if lsis:
        kwargs["LocalSecondaryIndexes"] = lsis
    defs = [{"AttributeName": n, "AttributeType": t} for n, t in sorted(attr_types.items())]
    return create(key_schema=key_schema, attribute_definitions=defs, **kwargs)


def canon(item):
    return json.dumps(item, sort_keys=True)


def canon_set(items):
    got = [canon(it) for it in items]
    assert len(got) == len(set(got)), "an entry came twice"
    return set(got)


def eventually(check, timeout=None):
    """Calls check() until it returns without an AssertionError; returns its value. DynamoDB's
    GSIs catch up within a second or so; Magneto's are current at once."""
    timeout = timeout if timeout is not None else (5.0 if is_local() else 60.0)
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def query_all(client, table, **kwargs):
    return page_items(read_pages(client.query, TableName=table, **kwargs))


def scan_all(client, table, **kwargs):
    return page_items(read_pages(client.scan, TableName=table, **kwargs))


def scan_index(client, table, ix):
    kwargs = {"ConsistentRead": True} if ix.local else {}
    return scan_all(client, table, IndexName=ix.name, **kwargs)


def assert_index_holds(client, table, ix, items, table_keys=TABLE_KEYS):
    """The index's Scan answers exactly the entries of items, each once."""
    def check():
        assert canon_set(scan_index(client, table, ix)) == canon_set(
            ix.entries(items, table_keys))
    if ix.local:
        check()
    else:
        eventually(check)


def keys_of(items, names=TABLE_KEYS):
    return [tuple(it[n]["S"] for n in names) for it in items]


# --------------------------------------------------------------------------------------------
# A single-table design: customers, orders and order items in one table.
#
#   customer    PK=CUST#c  SK=PROFILE       GSI1PK=EMAIL#e     GSI1SK=CUST#c
#   order       PK=CUST#c  SK=ORDER#o       GSI1PK=ORDER#o     GSI1SK=ORDER#o
#               orderStatus, orderDate (StatusIndex), LSI1SK=orderTotal (LSI1)
#   order item  PK=ORDER#o SK=ITEM#nn       GSI1PK=ORDER#o     GSI1SK=ITEM#nn
#   flagged     some orders and items carry flagged=Y (FlaggedIndex, sparse, KEYS_ONLY)

ST_GSI1 = Ix("GSI1", "GSI1PK", "GSI1SK", "ALL")
ST_FLAGGED = Ix("FlaggedIndex", "flagged", None, "KEYS_ONLY")
ST_STATUS = Ix("StatusIndex", "orderStatus", "orderDate", "INCLUDE",
               ["orderTotal", "customerName"])
ST_LSI1 = Ix("LSI1", "PK", "LSI1SK", "INCLUDE", ["orderStatus"], local=True)
ST_INDEXES = [ST_GSI1, ST_FLAGGED, ST_STATUS, ST_LSI1]
ST_TYPES = {"PK": "S", "SK": "S", "GSI1PK": "S", "GSI1SK": "S", "flagged": "S",
            "orderStatus": "S", "orderDate": "S", "LSI1SK": "N"}

CUSTOMERS = [("c1", "alice@example.com", "Alice"), ("c2", "bob@example.com", "Bob"),
             ("c3", "carol@example.com", "Carol")]
# order id, customer, status, date, total, number of items
ORDERS = [("o01", "c1", "SHIPPED", "2024-01-03", "120", 3),
          ("o02", "c1", "PENDING", "2024-01-05", "35.5", 1),
          ("o03", "c1", "SHIPPED", "2024-02-11", "990", 4),
          ("o04", "c2", "SHIPPED", "2024-01-20", "15", 2),
          ("o05", "c2", "CANCELLED", "2024-03-01", "250", 2),
          ("o06", "c1", "PENDING", "2024-03-09", "75", 3)]


def single_table_items():
    items = []
    names = {}
    for cid, email, name in CUSTOMERS:
        names[cid] = name
        items.append({"PK": S("CUST#" + cid), "SK": S("PROFILE"), "GSI1PK": S("EMAIL#" + email),
                      "GSI1SK": S("CUST#" + cid), "name": S(name), "email": S(email),
                      "entity": S("customer")})
    for n, (oid, cid, status, date, total, count) in enumerate(ORDERS):
        order = {"PK": S("CUST#" + cid), "SK": S("ORDER#" + oid), "GSI1PK": S("ORDER#" + oid),
                 "GSI1SK": S("ORDER#" + oid), "orderStatus": S(status), "orderDate": S(date),
                 "orderTotal": N(total), "LSI1SK": N(total), "customerName": S(names[cid]),
                 "note": S("note for " + oid), "entity": S("order")}
        if n % 3 == 1:
            order["flagged"] = S("Y")
        items.append(order)
        for i in range(1, count + 1):
            item = {"PK": S("ORDER#" + oid), "SK": S("ITEM#%02d" % i),
                    "GSI1PK": S("ORDER#" + oid), "GSI1SK": S("ITEM#%02d" % i),
                    "product": S("product-%s-%d" % (oid, i)), "qty": N(str(i)),
                    "price": N(str(10 * i)), "entity": S("orderItem")}
            if (n + i) % 4 == 0:
                item["flagged"] = S("Y")
            items.append(item)
    # An entity that no index holds: only table keys and a payload.
    items.append({"PK": S("META"), "SK": S("VERSION"), "v": N("3"), "entity": S("meta")})
    return items


class SingleTable:
    pass


@pytest.fixture(scope="module")
def st(dynamodb):
    """The single-table design, filled and with every GSI caught up."""
    d = SingleTable()
    d.items = single_table_items()
    d.table = create_indexed_table(lambda **kw: create_table_and_wait(dynamodb, **kw),
                                   ST_INDEXES, ST_TYPES)
    put_items(dynamodb, d.table, d.items)
    for ix in ST_INDEXES:
        assert_index_holds(dynamodb, d.table, ix, d.items)
    yield d
    delete_table_quietly(dynamodb, d.table)


def st_query(client, st, ix, cond, values, **kwargs):
    """Query of an index of the single table, fully paged."""
    return query_all(client, st.table, IndexName=ix.name, KeyConditionExpression=cond,
                     ExpressionAttributeValues=values, **kwargs)


def expected_gsi1(st, pk):
    return sorted((it for it in st.items if it.get("GSI1PK") == S(pk)),
                  key=lambda it: it["GSI1SK"]["S"])


def test_st_customer_by_email(dynamodb, st):
    got = st_query(dynamodb, st, ST_GSI1, "GSI1PK = :e", {":e": S("EMAIL#bob@example.com")})
    # GSI1 projects ALL: the whole customer item.
    assert got == [it for it in st.items if it.get("email") == S("bob@example.com")]
    # Select ALL_ATTRIBUTES is allowed on a GSI that projects ALL, and is the same.
    assert st_query(dynamodb, st, ST_GSI1, "GSI1PK = :e", {":e": S("EMAIL#bob@example.com")},
                    Select="ALL_ATTRIBUTES") == got
    assert st_query(dynamodb, st, ST_GSI1, "GSI1PK = :e", {":e": S("EMAIL#nobody@x")}) == []


def test_st_order_with_items(dynamodb, st):
    # The overloaded GSI1 gathers an order and its items (two entity types, two table
    # partitions) under one index key, sorted by GSI1SK: ITEM#.. before ORDER#...
    expected = expected_gsi1(st, "ORDER#o03")
    assert [it["entity"]["S"] for it in expected] == ["orderItem"] * 4 + ["order"]
    v = {":o": S("ORDER#o03")}
    assert st_query(dynamodb, st, ST_GSI1, "GSI1PK = :o", v) == expected
    assert st_query(dynamodb, st, ST_GSI1, "GSI1PK = :o", v,
                    ScanIndexForward=False) == expected[::-1]
    # Newest first, one at a time: the order header alone, then its LastEvaluatedKey holds
    # the index key and the table key.
    resp = dynamodb.query(TableName=st.table, IndexName="GSI1",
                          KeyConditionExpression="GSI1PK = :o",
                          ExpressionAttributeValues=v, ScanIndexForward=False, Limit=1)
    assert resp["Items"] == expected[-1:]
    assert resp["LastEvaluatedKey"] == {k: expected[-1][k]
                                        for k in ("GSI1PK", "GSI1SK", "PK", "SK")}
    # Paging with a small Limit, both ways.
    assert st_query(dynamodb, st, ST_GSI1, "GSI1PK = :o", v, Limit=2) == expected
    assert st_query(dynamodb, st, ST_GSI1, "GSI1PK = :o", v, Limit=2,
                    ScanIndexForward=False) == expected[::-1]
    # Conditions on the index sort key.
    got = st_query(dynamodb, st, ST_GSI1, "GSI1PK = :o AND begins_with(GSI1SK, :i)",
                   dict(v, **{":i": S("ITEM#")}))
    assert got == expected[:4]
    got = st_query(dynamodb, st, ST_GSI1, "GSI1PK = :o AND GSI1SK BETWEEN :a AND :b",
                   dict(v, **{":a": S("ITEM#02"), ":b": S("ITEM#03")}))
    assert got == expected[1:3]


def test_st_filter_count_projection(dynamodb, st):
    v = {":o": S("ORDER#o03"), ":two": N("2")}
    expected = [it for it in expected_gsi1(st, "ORDER#o03")
                if int(it.get("qty", N("0"))["N"]) >= 2]
    resp = dynamodb.query(TableName=st.table, IndexName="GSI1",
                          KeyConditionExpression="GSI1PK = :o",
                          FilterExpression="qty >= :two", ExpressionAttributeValues=v)
    assert resp["Items"] == expected
    assert resp["Count"] == 3 and resp["ScannedCount"] == 5
    # Limit counts entries read before the filter.
    resp = dynamodb.query(TableName=st.table, IndexName="GSI1",
                          KeyConditionExpression="GSI1PK = :o",
                          FilterExpression="qty >= :two", ExpressionAttributeValues=v, Limit=2)
    assert resp["Items"] == expected[:1] and resp["ScannedCount"] == 2
    # Select COUNT.
    resp = dynamodb.query(TableName=st.table, IndexName="GSI1",
                          KeyConditionExpression="GSI1PK = :o",
                          ExpressionAttributeValues={":o": S("ORDER#o03")}, Select="COUNT")
    assert "Items" not in resp and resp["Count"] == resp["ScannedCount"] == 5
    resp = dynamodb.query(TableName=st.table, IndexName="GSI1",
                          KeyConditionExpression="GSI1PK = :o",
                          FilterExpression="qty >= :two", ExpressionAttributeValues=v,
                          Select="COUNT")
    assert "Items" not in resp and resp["Count"] == 3 and resp["ScannedCount"] == 5
    # ProjectionExpression, with and without Select SPECIFIC_ATTRIBUTES.
    want = [{k: it[k] for k in ("product", "qty") if k in it}
            for it in expected_gsi1(st, "ORDER#o03")]
    for extra in ({}, {"Select": "SPECIFIC_ATTRIBUTES"}):
        got = st_query(dynamodb, st, ST_GSI1, "GSI1PK = :o", {":o": S("ORDER#o03")},
                       ProjectionExpression="product, #q", ExpressionAttributeNames={"#q": "qty"},
                       **extra)
        # The order header has neither attribute: it comes as an empty item.
        assert got == want


def test_st_include_index(dynamodb, st):
    shipped = sorted((it for it in st.items if it.get("orderStatus") == S("SHIPPED")),
                     key=lambda it: it["orderDate"]["S"])
    expected = ST_STATUS.entries(shipped)
    v = {":s": S("SHIPPED")}
    got = st_query(dynamodb, st, ST_STATUS, "orderStatus = :s", v)
    # Only the keys (table's and index's) and the INCLUDE attributes.
    assert got == expected
    assert all(set(it) == {"PK", "SK", "orderStatus", "orderDate", "orderTotal",
                           "customerName"}
               for it in got)
    assert st_query(dynamodb, st, ST_STATUS, "orderStatus = :s", v,
                    Select="ALL_PROJECTED_ATTRIBUTES") == expected
    got = st_query(dynamodb, st, ST_STATUS, "orderStatus = :s AND orderDate BETWEEN :a AND :b",
                   dict(v, **{":a": S("2024-01-04"), ":b": S("2024-02-28")}),
                   ScanIndexForward=False)
    assert [it["SK"]["S"] for it in got] == ["ORDER#o03", "ORDER#o04"]
    # A filter on a projected attribute.
    got = st_query(dynamodb, st, ST_STATUS, "orderStatus = :s", dict(v, **{":t": N("100")}),
                   FilterExpression="orderTotal > :t")
    assert [it["SK"]["S"] for it in got] == ["ORDER#o01", "ORDER#o03"]
    # Projecting only projected attributes is fine.
    got = st_query(dynamodb, st, ST_STATUS, "orderStatus = :s", v,
                   ProjectionExpression="customerName, orderTotal")
    assert got == [{"customerName": it["customerName"], "orderTotal": it["orderTotal"]}
                   for it in shipped]


def test_st_sparse_keys_only_index(dynamodb, st):
    flagged = [it for it in st.items if "flagged" in it]
    assert 3 <= len(flagged) < len(st.items) // 2
    # A hash-only GSI: the order among entries of one index key is not defined.
    got = st_query(dynamodb, st, ST_FLAGGED, "flagged = :y", {":y": S("Y")})
    assert canon_set(got) == canon_set(ST_FLAGGED.entries(flagged))
    # KEYS_ONLY: the table key and the index key, nothing else.
    assert all(set(it) == {"PK", "SK", "flagged"} for it in got)
    resp = dynamodb.query(TableName=st.table, IndexName="FlaggedIndex",
                          KeyConditionExpression="flagged = :y",
                          ExpressionAttributeValues={":y": S("Y")}, Select="COUNT")
    assert resp["Count"] == len(flagged)
    assert st_query(dynamodb, st, ST_FLAGGED, "flagged = :y", {":y": S("N")}) == []
    # Paging one entry at a time, with the keys of both in LastEvaluatedKey.
    pages = read_pages(dynamodb.query, TableName=st.table, IndexName="FlaggedIndex",
                       KeyConditionExpression="flagged = :y",
                       ExpressionAttributeValues={":y": S("Y")}, Limit=1)
    assert canon_set(page_items(pages)) == canon_set(got)
    for page in pages[:-1]:
        assert set(page["LastEvaluatedKey"]) == {"flagged", "PK", "SK"}


def test_st_lsi_query(dynamodb, st):
    orders = [it for it in st.items if it["PK"] == S("CUST#c1") and "LSI1SK" in it]
    by_total = sorted(orders, key=lambda it: float(it["LSI1SK"]["N"]))
    expected = ST_LSI1.entries(by_total)
    v = {":p": S("CUST#c1")}
    for consistent in (False, True):
        got = st_query(dynamodb, st, ST_LSI1, "PK = :p", v, ConsistentRead=consistent)
        # The customer's profile has no LSI1SK and is not in the index.
        assert got == expected
    assert all(set(it) == {"PK", "SK", "LSI1SK", "orderStatus"} for it in got)
    got = st_query(dynamodb, st, ST_LSI1, "PK = :p AND LSI1SK > :t", dict(v, **{":t": N("50")}),
                   ScanIndexForward=False, ConsistentRead=True)
    assert [it["SK"]["S"] for it in got] == ["ORDER#o03", "ORDER#o01", "ORDER#o06"]
    got = st_query(dynamodb, st, ST_LSI1, "PK = :p", v, Limit=1, ConsistentRead=True)
    assert got == expected
    resp = dynamodb.query(TableName=st.table, IndexName="LSI1", KeyConditionExpression="PK = :p",
                          ExpressionAttributeValues=v, Limit=1)
    assert resp["LastEvaluatedKey"] == {k: by_total[0][k] for k in ("PK", "SK", "LSI1SK")}


def test_st_lsi_fetches_unprojected_attributes(dynamodb, st):
    # An LSI query may ask for attributes the index does not hold: DynamoDB fetches them from
    # the table.
    orders = sorted((it for it in st.items if it["PK"] == S("CUST#c1") and "LSI1SK" in it),
                    key=lambda it: float(it["LSI1SK"]["N"]))
    v = {":p": S("CUST#c1")}
    got = st_query(dynamodb, st, ST_LSI1, "PK = :p", v,
                   ProjectionExpression="SK, note, orderTotal")
    assert got == [{k: it[k] for k in ("SK", "note", "orderTotal")} for it in orders]
    got = st_query(dynamodb, st, ST_LSI1, "PK = :p", v, Select="ALL_ATTRIBUTES",
                   ConsistentRead=True)
    assert got == orders
    # A filter on an attribute the index does not project.
    got = st_query(dynamodb, st, ST_LSI1, "PK = :p", dict(v, **{":n": S("note for o06")}),
                   FilterExpression="note = :n", Select="ALL_ATTRIBUTES")
    assert got == [it for it in orders if it["SK"] == S("ORDER#o06")]


def test_st_base_table_access_patterns_unchanged(dynamodb, st):
    # The table itself: a customer's profile and orders in one partition.
    got = query_all(dynamodb, st.table, KeyConditionExpression="PK = :p",
                    ExpressionAttributeValues={":p": S("CUST#c2")})
    assert got == sorted((it for it in st.items if it["PK"] == S("CUST#c2")),
                         key=lambda it: it["SK"]["S"])


# --------------------------------------------------------------------------------------------
# What a read may ask of an index.


def test_consistent_read_on_gsi_fails(dynamodb, st):
    msg = "Consistent reads are not supported on global secondary indexes"
    with validation_error(message=msg):
        dynamodb.query(TableName=st.table, IndexName="GSI1", KeyConditionExpression="GSI1PK = :o",
                       ExpressionAttributeValues={":o": S("ORDER#o01")}, ConsistentRead=True)
    with validation_error(message=msg):
        dynamodb.scan(TableName=st.table, IndexName="FlaggedIndex", ConsistentRead=True)
    # ConsistentRead=False is fine.
    dynamodb.scan(TableName=st.table, IndexName="FlaggedIndex", ConsistentRead=False)


def test_missing_index_fails(dynamodb, st):
    msg = "The table does not have the specified index: NoSuchIndex"
    with validation_error(message=msg):
        dynamodb.query(TableName=st.table, IndexName="NoSuchIndex",
                       KeyConditionExpression="GSI1PK = :o",
                       ExpressionAttributeValues={":o": S("ORDER#o01")})
    with validation_error(message=msg):
        dynamodb.scan(TableName=st.table, IndexName="NoSuchIndex")
    # Index names are case-sensitive.
    with validation_error(message="The table does not have the specified index: gsi1"):
        dynamodb.query(TableName=st.table, IndexName="gsi1", KeyConditionExpression="GSI1PK = :o",
                       ExpressionAttributeValues={":o": S("ORDER#o01")})


def test_query_index_needs_index_key(dynamodb, st):
    with validation_error(message="Query condition missed key schema element: GSI1PK"):
        dynamodb.query(TableName=st.table, IndexName="GSI1", KeyConditionExpression="PK = :p",
                       ExpressionAttributeValues={":p": S("CUST#c1")})
    with validation_error(message="Query condition missed key schema element: orderStatus"):
        dynamodb.query(TableName=st.table, IndexName="StatusIndex",
                       KeyConditionExpression="GSI1PK = :p",
                       ExpressionAttributeValues={":p": S("x")})


def test_gsi_projection_expression_of_unprojected_attribute_fails(dynamodb, st):
    with validation_error(message="One or more parameter values were invalid: Global secondary "
                                  "index StatusIndex does not project [note]"):
        dynamodb.query(TableName=st.table, IndexName="StatusIndex",
                       KeyConditionExpression="orderStatus = :s",
                       ExpressionAttributeValues={":s": S("SHIPPED")},
                       ProjectionExpression="PK, note")
    with validation_error(message="One or more parameter values were invalid: Global secondary "
                                  "index FlaggedIndex does not project [product]"):
        dynamodb.query(TableName=st.table, IndexName="FlaggedIndex",
                       KeyConditionExpression="flagged = :y",
                       ExpressionAttributeValues={":y": S("Y")},
                       ProjectionExpression="#p", ExpressionAttributeNames={"#p": "product"})
    with validation_error(contains="does not project"):
        dynamodb.scan(TableName=st.table, IndexName="FlaggedIndex", ProjectionExpression="qty")


@pytest.mark.parametrize("index", ["FlaggedIndex", "StatusIndex"])
def test_select_all_attributes_on_partial_gsi_fails(dynamodb, st, index):
    msg = ("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
           "supported for global secondary index %s because its projection type is not ALL"
           % index)
    cond, values = {"FlaggedIndex": ("flagged = :v", {":v": S("Y")}),
                    "StatusIndex": ("orderStatus = :v", {":v": S("SHIPPED")})}[index]
    with validation_error(message=msg):
        dynamodb.query(TableName=st.table, IndexName=index, KeyConditionExpression=cond,
                       ExpressionAttributeValues=values, Select="ALL_ATTRIBUTES")
    with validation_error(message=msg):
        dynamodb.scan(TableName=st.table, IndexName=index, Select="ALL_ATTRIBUTES")


# --------------------------------------------------------------------------------------------
# Maintenance: every kind of write keeps every index exact.

M_GSI1 = Ix("GSI1", "GSI1PK", "GSI1SK", "ALL")
M_SPARSE = Ix("Sparse", "flagged", None, "KEYS_ONLY")
M_LSI1 = Ix("LSI1", "PK", "LSI1SK", "INCLUDE", ["amount"], local=True)
M_INDEXES = [M_GSI1, M_SPARSE, M_LSI1]
M_TYPES = {"PK": "S", "SK": "S", "GSI1PK": "S", "GSI1SK": "S", "flagged": "S", "LSI1SK": "N"}


class Model:
    """The items a table should hold, and checks that every index agrees with them."""

    def __init__(self, client, table, indexes):
        self.client, self.table, self.indexes = client, table, indexes
        self.items = {}

    def put(self, item):
        self.items[(item["PK"]["S"], item["SK"]["S"])] = dict(item)

    def delete(self, pk, sk):
        self.items.pop((pk, sk), None)

    def get(self, pk, sk):
        return self.items[(pk, sk)]

    def check(self):
        items = list(self.items.values())
        for ix in self.indexes:
            assert_index_holds(self.client, self.table, ix, items)

    def gsi1_query(self, pk):
        """GSI1 queried for one index hash key answers the model's items in GSI1SK order
        (ties broken by table key: any order among them is accepted)."""
        want = [it for it in self.items.values() if it.get("GSI1PK") == S(pk) and "GSI1SK" in it]

        def check():
            got = query_all(self.client, self.table, IndexName="GSI1",
                            KeyConditionExpression="GSI1PK = :p",
                            ExpressionAttributeValues={":p": S(pk)})
            assert canon_set(got) == canon_set(want)
            assert [it["GSI1SK"]["S"] for it in got] == sorted(it["GSI1SK"]["S"] for it in want)
            return got
        return eventually(check)

    def lsi_query(self, pk):
        got = query_all(self.client, self.table, IndexName="LSI1", KeyConditionExpression="PK = :p",
                        ExpressionAttributeValues={":p": S(pk)}, ConsistentRead=True)
        want = sorted(M_LSI1.entries([it for it in self.items.values() if it["PK"] == S(pk)]),
                      key=lambda it: (float(it["LSI1SK"]["N"]), it["SK"]["S"]))
        assert [float(it["LSI1SK"]["N"]) for it in got] == [float(it["LSI1SK"]["N"])
                                                            for it in want]
        assert canon_set(got) == canon_set(want)
        return got


def update(client, table, pk, sk, expr, values=None, names=None, **kwargs):
    args = dict(TableName=table, Key={"PK": S(pk), "SK": S(sk)}, UpdateExpression=expr,
                ReturnValues="ALL_NEW", **kwargs)
    if values:
        args["ExpressionAttributeValues"] = values
    if names:
        args["ExpressionAttributeNames"] = names
    return client.update_item(**args).get("Attributes")


def test_index_maintenance(dynamodb, table_factory):
    table = create_indexed_table(table_factory, M_INDEXES, M_TYPES)
    m = Model(dynamodb, table, M_INDEXES)

    def put(item):
        dynamodb.put_item(TableName=table, Item=item)
        m.put(item)

    # Put: a and b share an index key; c has no GSI1PK (not in GSI1, sparse); b is flagged.
    put({"PK": S("P1"), "SK": S("a"), "GSI1PK": S("G#x"), "GSI1SK": S("2"), "LSI1SK": N("5"),
         "amount": N("10"), "extra": S("a0")})
    put({"PK": S("P1"), "SK": S("b"), "GSI1PK": S("G#x"), "GSI1SK": S("1"), "flagged": S("Y"),
         "LSI1SK": N("1")})
    put({"PK": S("P1"), "SK": S("c"), "LSI1SK": N("3"), "amount": N("7")})
    m.check()
    assert keys_of(m.gsi1_query("G#x")) == [("P1", "b"), ("P1", "a")]
    assert keys_of(m.lsi_query("P1")) == [("P1", "b"), ("P1", "c"), ("P1", "a")]

    # Update that changes the index hash key: the item moves from G#x to G#y.
    m.put(update(dynamodb, table, "P1", "a", "SET GSI1PK = :g", {":g": S("G#y")}))
    m.check()
    assert keys_of(m.gsi1_query("G#x")) == [("P1", "b")]
    assert keys_of(m.gsi1_query("G#y")) == [("P1", "a")]

    # Update of the index range key only: a moves within G#y and reorders.
    put({"PK": S("P1"), "SK": S("d"), "GSI1PK": S("G#y"), "GSI1SK": S("5")})
    m.put(update(dynamodb, table, "P1", "a", "SET GSI1SK = :s", {":s": S("9")}))
    m.check()
    assert keys_of(m.gsi1_query("G#y")) == [("P1", "d"), ("P1", "a")]

    # Update of the LSI range key: a moves within the LSI.
    m.put(update(dynamodb, table, "P1", "a", "SET LSI1SK = :n", {":n": N("0.5")}))
    assert keys_of(m.lsi_query("P1")) == [("P1", "a"), ("P1", "b"), ("P1", "c")]

    # Removing the index key attribute takes the item out of that index only.
    m.put(update(dynamodb, table, "P1", "b", "REMOVE GSI1PK"))
    m.check()
    assert m.gsi1_query("G#x") == []
    m.put(update(dynamodb, table, "P1", "b", "REMOVE flagged"))
    m.check()
    # ... removing only the range key does too.
    m.put(update(dynamodb, table, "P1", "d", "REMOVE GSI1SK"))
    m.check()
    assert m.gsi1_query("G#y") == [m.get("P1", "a")]

    # Update that adds both index keys: c joins GSI1; one that adds only the hash key: g stays
    # out (an index entry needs every index key attribute).
    m.put(update(dynamodb, table, "P1", "c", "SET GSI1PK = :g, GSI1SK = :s, flagged = :f",
                 {":g": S("G#y"), ":s": S("0"), ":f": S("Y")}))
    put({"PK": S("P1"), "SK": S("g"), "amount": N("1")})
    m.put(update(dynamodb, table, "P1", "g", "SET GSI1PK = :g", {":g": S("G#y")}))
    m.check()
    assert keys_of(m.gsi1_query("G#y")) == [("P1", "c"), ("P1", "a")]

    # Update of a non-key attribute: the ALL index shows the new value; the LSI projects
    # `amount` and shows its new value.
    m.put(update(dynamodb, table, "P1", "a", "SET extra = :o, amount = :a",
                 {":o": S("a1"), ":a": N("11")}))
    m.check()
    assert m.gsi1_query("G#y")[1]["extra"] == S("a1")

    # UpdateItem that creates the item.
    m.put(update(dynamodb, table, "P2", "e", "SET GSI1PK = :g, GSI1SK = :s, LSI1SK = :n",
                 {":g": S("G#x"), ":s": S("1"), ":n": N("1")}))
    m.check()

    # Put that replaces an item: the old entries go, the new ones come.
    put({"PK": S("P1"), "SK": S("a"), "GSI1PK": S("G#x"), "GSI1SK": S("3"), "flagged": S("Y")})
    m.check()
    assert keys_of(m.gsi1_query("G#x")) == [("P2", "e"), ("P1", "a")]
    assert m.gsi1_query("G#y") == [m.get("P1", "c")]

    # A failed conditional write changes no index.
    with pytest.raises(dynamodb.exceptions.ConditionalCheckFailedException):
        update(dynamodb, table, "P1", "a", "SET GSI1PK = :g", {":g": S("G#z"), ":no": S("no")},
               ConditionExpression="extra = :no")
    with pytest.raises(dynamodb.exceptions.ConditionalCheckFailedException):
        dynamodb.delete_item(TableName=table, Key={"PK": S("P1"), "SK": S("c")},
                             ConditionExpression="attribute_not_exists(PK)")
    m.check()

    # Delete: gone from every index.
    dynamodb.delete_item(TableName=table, Key={"PK": S("P1"), "SK": S("c")})
    m.delete("P1", "c")
    # Deleting a missing item is a no-op.
    dynamodb.delete_item(TableName=table, Key={"PK": S("P1"), "SK": S("nope")})
    m.check()

    # BatchWriteItem: puts (one replacing) and deletes in one call.
    new_items = [{"PK": S("P3"), "SK": S("f%d" % i), "GSI1PK": S("G#b"), "GSI1SK": S("%02d" % i),
                  "LSI1SK": N(str(i)), "amount": N("1")} for i in range(5)]
    replaced = {"PK": S("P2"), "SK": S("e"), "flagged": S("Y"), "LSI1SK": N("2")}
    requests = [{"PutRequest": {"Item": it}} for it in new_items + [replaced]]
    requests.append({"DeleteRequest": {"Key": {"PK": S("P1"), "SK": S("b")}}})
    requests.append({"DeleteRequest": {"Key": {"PK": S("P1"), "SK": S("d")}}})
    resp = dynamodb.batch_write_item(RequestItems={table: requests})
    assert not resp.get("UnprocessedItems")
    for it in new_items + [replaced]:
        m.put(it)
    m.delete("P1", "b")
    m.delete("P1", "d")
    m.check()
    assert keys_of(m.gsi1_query("G#b")) == [("P3", "f%d" % i) for i in range(5)]
    assert m.gsi1_query("G#x") == [m.get("P1", "a")]
    m.lsi_query("P2")
    m.lsi_query("P3")

    # Delete everything: every index is empty.
    for pk, sk in list(m.items):
        dynamodb.delete_item(TableName=table, Key={"PK": S(pk), "SK": S(sk)})
        m.delete(pk, sk)
    m.check()


def test_index_item_count(dynamodb, table_factory):
    # DynamoDB refreshes ItemCount about every six hours, so only its type is portable; Magneto
    # keeps the per-index counts live, which is what the exact assertions check (local only).
    table = create_indexed_table(table_factory, M_INDEXES, M_TYPES)
    m = Model(dynamodb, table, M_INDEXES)
    items = [{"PK": S("P"), "SK": S("k%02d" % i), "LSI1SK": N(str(i))} for i in range(20)]
    for i, it in enumerate(items):
        if i % 2 == 0:
            it.update(GSI1PK=S("G"), GSI1SK=S(str(i)))
        if i % 5 == 0:
            it["flagged"] = S("Y")
        if i % 7 == 6:
            del it["LSI1SK"]
    put_items(dynamodb, table, items)
    for it in items:
        m.put(it)
    update(dynamodb, table, "P", "k00", "REMOVE GSI1PK")
    m.put(dict((k, v) for k, v in m.get("P", "k00").items() if k != "GSI1PK"))
    dynamodb.delete_item(TableName=table, Key={"PK": S("P"), "SK": S("k05")})
    m.delete("P", "k05")
    m.check()

    desc = dynamodb.describe_table(TableName=table)["Table"]
    counts = {g["IndexName"]: g.get("ItemCount")
              for g in desc.get("GlobalSecondaryIndexes", []) + desc.get(
                  "LocalSecondaryIndexes", [])}
    assert set(counts) == {"GSI1", "Sparse", "LSI1"}
    assert all(isinstance(c, int) for c in counts.values())
    if is_local():
        # Magneto-only: DynamoDB's ItemCount lags by up to six hours.
        expected = {ix.name: len(ix.entries(list(m.items.values()))) for ix in M_INDEXES}
        assert expected == {"GSI1": 9, "Sparse": 3, "LSI1": 17}
        assert counts == expected
        assert desc["ItemCount"] == len(m.items)


# --------------------------------------------------------------------------------------------
# Index key validation on writes.

TYPE_GSI1 = Ix("GSI1", "GSI1PK", "GSI1SK", "ALL")
TYPE_LSI1 = Ix("LSI1", "PK", "LSI1SK", "KEYS_ONLY", local=True)


@pytest.fixture(scope="module")
def typed_table(dynamodb):
    name = create_indexed_table(lambda **kw: create_table_and_wait(dynamodb, **kw),
                                [TYPE_GSI1, TYPE_LSI1],
                                {"PK": "S", "SK": "S", "GSI1PK": "S", "GSI1SK": "S",
                                 "LSI1SK": "N"})
    yield name
    delete_table_quietly(dynamodb, name)


def mismatch(attr, expected, actual, index):
    return ("One or more parameter values were invalid: Type mismatch for Index Key %s "
            "Expected: %s Actual: %s IndexName: %s" % (attr, expected, actual, index))


EMPTY_INDEX_KEY = ("One or more parameter values are not valid. A value specified for a "
                   "secondary index key is not supported. The AttributeValue for a key attribute "
                   "cannot contain an empty string value. IndexName: %s, IndexKey: %s")
EMPTY_INDEX_KEY_UPDATE = ("One or more parameter values are not valid. The update expression "
                          "attempted to update a secondary index key to a value that is not "
                          "supported. The AttributeValue for a key attribute cannot contain an "
                          "empty string value.")


@pytest.mark.parametrize("attr,value,expected,actual,index", [
    ("GSI1PK", N("1"), "S", "N", "GSI1"),
    ("GSI1SK", {"B": b"x"}, "S", "B", "GSI1"),
    ("GSI1PK", {"M": {"a": S("b")}}, "S", "M", "GSI1"),
    ("GSI1SK", {"SS": ["a"]}, "S", "SS", "GSI1"),
    ("LSI1SK", S("1"), "N", "S", "LSI1"),
    ("LSI1SK", {"BOOL": True}, "N", "BOOL", "LSI1"),
])
def test_index_key_type_mismatch_on_put(dynamodb, typed_table, attr, value, expected, actual,
                                        index):
    key = {"PK": S("tm"), "SK": S(random_string())}
    item = dict(key, GSI1PK=S("g"), GSI1SK=S("s"), LSI1SK=N("1"))
    item[attr] = value
    with validation_error(message=mismatch(attr, expected, actual, index)):
        dynamodb.put_item(TableName=typed_table, Item=item)
    assert "Item" not in dynamodb.get_item(TableName=typed_table, Key=key, ConsistentRead=True)
    # The same through BatchWriteItem; nothing of the batch is written.
    extra = dict(PK=S("tm"), SK=S(random_string()), GSI1PK=S("g"), GSI1SK=S("s"))
    with validation_error(message=mismatch(attr, expected, actual, index)):
        dynamodb.batch_write_item(RequestItems={typed_table: [{"PutRequest": {"Item": extra}},
                                                              {"PutRequest": {"Item": item}}]})
    for k in (key, {"PK": extra["PK"], "SK": extra["SK"]}):
        assert "Item" not in dynamodb.get_item(TableName=typed_table, Key=k, ConsistentRead=True)


def test_index_key_type_mismatch_on_update(dynamodb, typed_table):
    key = {"PK": S("tm"), "SK": S(random_string())}
    before = dict(key, GSI1PK=S("g"), GSI1SK=S("s"), LSI1SK=N("1"))
    dynamodb.put_item(TableName=typed_table, Item=before)
    with validation_error(message=mismatch("GSI1PK", "S", "N", "GSI1")):
        dynamodb.update_item(TableName=typed_table, Key=key, UpdateExpression="SET GSI1PK = :v",
                             ExpressionAttributeValues={":v": N("5")})
    with validation_error(message=mismatch("LSI1SK", "N", "S", "LSI1")):
        dynamodb.update_item(TableName=typed_table, Key=key, UpdateExpression="SET LSI1SK = :v",
                             ExpressionAttributeValues={":v": S("5")})
    assert dynamodb.get_item(TableName=typed_table, Key=key, ConsistentRead=True)["Item"] == before
    # A matching type is fine, and so is removing the attribute.
    dynamodb.update_item(TableName=typed_table, Key=key, UpdateExpression="SET GSI1PK = :v",
                         ExpressionAttributeValues={":v": S("h")})
    dynamodb.update_item(TableName=typed_table, Key=key, UpdateExpression="REMOVE GSI1SK")


def test_index_key_empty_string(dynamodb, typed_table):
    key = {"PK": S("empty"), "SK": S(random_string())}
    for attr in ("GSI1PK", "GSI1SK"):
        item = dict(key, GSI1PK=S("g"), GSI1SK=S("s"))
        item[attr] = S("")
        with validation_error(message=EMPTY_INDEX_KEY % ("GSI1", attr)):
            dynamodb.put_item(TableName=typed_table, Item=item)
        with validation_error(message=EMPTY_INDEX_KEY % ("GSI1", attr)):
            dynamodb.batch_write_item(RequestItems={typed_table: [{"PutRequest": {"Item": item}}]})
    assert "Item" not in dynamodb.get_item(TableName=typed_table, Key=key, ConsistentRead=True)
    # An empty string is fine in an attribute that keys no index.
    dynamodb.put_item(TableName=typed_table, Item=dict(key, GSI1PK=S("g"), extra=S("")))
    # UpdateItem of an existing item to an empty index key has its own wording.
    with validation_error(message=EMPTY_INDEX_KEY_UPDATE):
        dynamodb.update_item(TableName=typed_table, Key=key, UpdateExpression="SET GSI1PK = :v",
                             ExpressionAttributeValues={":v": S("")})
    assert dynamodb.get_item(TableName=typed_table, Key=key,
                             ConsistentRead=True)["Item"]["GSI1PK"] == S("g")


# --------------------------------------------------------------------------------------------
# Scan of an index.


def test_scan_index(dynamodb, st):
    for ix in ST_INDEXES:
        kwargs = {"ConsistentRead": True} if ix.local else {}
        got = scan_all(dynamodb, st.table, IndexName=ix.name, **kwargs)
        assert canon_set(got) == canon_set(ix.entries(st.items)), ix.name
        got = scan_all(dynamodb, st.table, IndexName=ix.name, Limit=3, **kwargs)
        assert canon_set(got) == canon_set(ix.entries(st.items)), ix.name
    # Filter, Select COUNT and projection on an index scan.
    resp = dynamodb.scan(TableName=st.table, IndexName="StatusIndex",
                         FilterExpression="orderTotal >= :t",
                         ExpressionAttributeValues={":t": N("100")},
                         Select="COUNT")
    assert resp["Count"] == 3 and resp["ScannedCount"] == len(ORDERS)
    got = scan_all(dynamodb, st.table, IndexName="StatusIndex", ProjectionExpression="orderTotal")
    assert sorted(float(it["orderTotal"]["N"]) for it in got) == sorted(
        float(o[4]) for o in ORDERS)


@pytest.mark.parametrize("ix", [ST_GSI1, ST_FLAGGED, ST_LSI1], ids=lambda ix: ix.name)
def test_parallel_scan_index(dynamodb, st, ix):
    total = 4
    seen = []
    for seg in range(total):
        kwargs = {"ConsistentRead": True} if ix.local else {}
        got = scan_all(dynamodb, st.table, IndexName=ix.name, Segment=seg, TotalSegments=total,
                       Limit=2, **kwargs)
        seen.extend(got)
    # Every entry exactly once across the segments.
    assert len(seen) == len(ix.entries(st.items))
    assert canon_set(seen) == canon_set(ix.entries(st.items))
