# Black-box tests of secondary indexes at scale and over time: paging and parallel Scan through
# hundreds of entries that share one index key; the write units ReturnConsumedCapacity=INDEXES
# reports per index; creating a GSI on a filled table (UpdateTable) while writers keep changing
# its key attribute; and indexes that still agree with their table after kill -9. The helpers
# (Ix, eventually, ...) come from test_indexes.py.

import random
import threading
import time

import boto3
import botocore.config
import pytest

from conftest import REGION, create_table_and_wait, delete_table_quietly, is_local
from ddb_util import page_items, put_items, read_pages
from test_indexes import (TYPE_GSI1, TYPE_LSI1, Ix, SingleTable, canon, canon_set,
                          create_indexed_table, eventually, keys_of, scan_all)

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731


# --------------------------------------------------------------------------------------------
# Paging through many entries that share one index key.

SAME_KEY_COUNT = 300


@pytest.fixture(scope="module")
def same_key(dynamodb):
    """SAME_KEY_COUNT items, all with GSI1PK=same, GSI1SK=same, in partition "P" of the
    table with LSI1SK=7 for all of them, spread over several table partitions too."""
    d = SingleTable()
    d.table = create_indexed_table(lambda **kw: create_table_and_wait(dynamodb, **kw),
                                   [TYPE_GSI1, TYPE_LSI1],
                                   {"PK": "S", "SK": "S", "GSI1PK": "S", "GSI1SK": "S",
                                    "LSI1SK": "N"})
    d.items = [{"PK": S("P" if i % 2 else "Q%d" % (i % 10)), "SK": S("s%04d" % i),
                "GSI1PK": S("same"), "GSI1SK": S("same"), "LSI1SK": N("7"), "i": N(str(i))}
               for i in range(SAME_KEY_COUNT)]
    put_items(dynamodb, d.table, d.items)
    eventually(lambda: _assert_count(dynamodb, d.table, SAME_KEY_COUNT))
    yield d
    delete_table_quietly(dynamodb, d.table)


def _assert_count(client, table, n):
    resp = client.query(TableName=table, IndexName="GSI1", KeyConditionExpression="GSI1PK = :s",
                        ExpressionAttributeValues={":s": S("same")}, Select="COUNT")
    assert resp["Count"] == n and "LastEvaluatedKey" not in resp


@pytest.mark.parametrize("forward", [True, False])
def test_paging_gsi_entries_with_one_key(dynamodb, same_key, forward):
    pages = read_pages(dynamodb.query, TableName=same_key.table, IndexName="GSI1",
                       KeyConditionExpression="GSI1PK = :s AND GSI1SK = :s",
                       ExpressionAttributeValues={":s": S("same")}, Limit=7,
                       ScanIndexForward=forward)
    got = page_items(pages)
    assert len(got) == SAME_KEY_COUNT
    assert canon_set(got) == canon_set(same_key.items)
    assert len(pages) in (SAME_KEY_COUNT // 7 + 1, SAME_KEY_COUNT // 7 + 2)
    for page in pages[:-1]:
        assert page["Count"] == 7
        lek = page["LastEvaluatedKey"]
        assert set(lek) == {"GSI1PK", "GSI1SK", "PK", "SK"}
        last = page["Items"][-1]
        assert lek == {k: last[k] for k in lek}
    # Reverse order is the exact reverse of forward order (ties are broken the same way).
    if not forward:
        fwd = page_items(read_pages(dynamodb.query, TableName=same_key.table, IndexName="GSI1",
                                    KeyConditionExpression="GSI1PK = :s",
                                    ExpressionAttributeValues={":s": S("same")}, Limit=50))
        assert keys_of(got) == keys_of(fwd)[::-1]


@pytest.mark.parametrize("forward", [True, False])
def test_paging_lsi_entries_with_one_key(dynamodb, same_key, forward):
    want = [it for it in same_key.items if it["PK"] == S("P")]
    pages = read_pages(dynamodb.query, TableName=same_key.table, IndexName="LSI1",
                       KeyConditionExpression="PK = :p AND LSI1SK = :n",
                       ExpressionAttributeValues={":p": S("P"), ":n": N("7")}, Limit=7,
                       ScanIndexForward=forward, ConsistentRead=True)
    got = page_items(pages)
    assert canon_set(got) == canon_set(TYPE_LSI1.entries(want))
    for page in pages[:-1]:
        assert set(page["LastEvaluatedKey"]) == {"PK", "SK", "LSI1SK"}


def test_scan_gsi_paging_with_one_key(dynamodb, same_key):
    pages = read_pages(dynamodb.scan, TableName=same_key.table, IndexName="GSI1", Limit=7)
    assert canon_set(page_items(pages)) == canon_set(same_key.items)
    for page in pages[:-1]:
        assert set(page["LastEvaluatedKey"]) == {"GSI1PK", "GSI1SK", "PK", "SK"}


def test_parallel_scan_index_many_entries(dynamodb, same_key):
    seen = []
    per_segment = []
    for seg in range(4):
        got = scan_all(dynamodb, same_key.table, IndexName="GSI1", Segment=seg, TotalSegments=4,
                       Limit=13)
        per_segment.append(len(got))
        seen.extend(got)
    assert len(seen) == SAME_KEY_COUNT
    assert canon_set(seen) == canon_set(same_key.items)



# --------------------------------------------------------------------------------------------
# ReturnConsumedCapacity INDEXES on writes: DynamoDB charges each index one write unit per KB
# of index entry written; an item that enters or leaves an index costs one write there, an
# update that changes an index key costs two (delete the old entry, put the new one), an update
# of a projected attribute costs one, and an index the write does not touch costs nothing (it
# may be absent from the response or show 0). See the Developer Guide, "Provisioned throughput
# considerations for Global Secondary Indexes" and "Provisioned throughput considerations for
# Local Secondary Indexes".

CAP_ALL = Ix("AllIdx", "a", None, "ALL")
CAP_KEYS = Ix("KeysIdx", "b", None, "KEYS_ONLY")
CAP_LSI = Ix("LsiIdx", "PK", "l", "KEYS_ONLY", local=True)


def units(cc, section, name):
    return cc.get(section, {}).get(name, {}).get("CapacityUnits", 0.0)


def assert_units(cc, table, all_idx, keys_idx, lsi=0.0):
    assert cc["Table"]["CapacityUnits"] == table
    assert units(cc, "GlobalSecondaryIndexes", "AllIdx") == all_idx
    assert units(cc, "GlobalSecondaryIndexes", "KeysIdx") == keys_idx
    assert units(cc, "LocalSecondaryIndexes", "LsiIdx") == lsi
    assert cc["CapacityUnits"] == table + all_idx + keys_idx + lsi


@pytest.fixture
def cap_table(table_factory):
    return create_indexed_table(table_factory, [CAP_ALL, CAP_KEYS, CAP_LSI],
                                {"PK": "S", "SK": "S", "a": "S", "b": "S", "l": "N"})


def test_consumed_capacity_indexes_on_writes(dynamodb, cap_table):
    t = cap_table
    key = {"PK": S("p"), "SK": S("k")}

    def put(item):
        return dynamodb.put_item(TableName=t, Item=item,
                                 ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]

    def upd(expr, values=None):
        args = dict(TableName=t, Key=key, UpdateExpression=expr, ReturnConsumedCapacity="INDEXES")
        if values:
            args["ExpressionAttributeValues"] = values
        return dynamodb.update_item(**args)["ConsumedCapacity"]

    # A new item in AllIdx only.
    cc = put(dict(key, a=S("a1"), x=S("x1")))
    assert cc["TableName"] == t
    assert_units(cc, 1.0, 1.0, 0.0)
    # A non-key attribute: projected by AllIdx (1), not by KeysIdx, where the item is not.
    assert_units(upd("SET x = :x", {":x": S("x2")}), 1.0, 1.0, 0.0)
    # The item enters KeysIdx (1) and AllIdx, which projects every attribute, rewrites (1).
    assert_units(upd("SET b = :b", {":b": S("b1")}), 1.0, 1.0, 1.0)
    # A non-key attribute KeysIdx does not project: nothing on KeysIdx.
    assert_units(upd("SET x = :x", {":x": S("x3")}), 1.0, 1.0, 0.0)
    # The AllIdx key changes: delete + put there (2); KeysIdx untouched.
    assert_units(upd("SET a = :a", {":a": S("a2")}), 1.0, 2.0, 0.0)
    # The KeysIdx key changes: 2 there, and AllIdx rewrites its copy (1).
    assert_units(upd("SET b = :b", {":b": S("b2")}), 1.0, 1.0, 2.0)
    # The item enters the LSI (1).
    assert_units(upd("SET l = :l", {":l": N("1")}), 1.0, 1.0, 0.0, 1.0)
    # The LSI key changes (2).
    assert_units(upd("SET l = :l", {":l": N("2")}), 1.0, 1.0, 0.0, 2.0)
    # The item leaves AllIdx (1); KeysIdx and the LSI do not project `a`.
    assert_units(upd("REMOVE a"), 1.0, 1.0, 0.0, 0.0)
    # The item leaves KeysIdx (1).
    assert_units(upd("REMOVE b"), 1.0, 0.0, 1.0, 0.0)
    # A put that replaces the item: it enters both GSIs (1 each) and, without `l`, leaves the
    # LSI (1).
    assert_units(put(dict(key, a=S("a3"), b=S("b3"))), 1.0, 1.0, 1.0, 1.0)
    # A delete removes the entry from every index holding it.
    cc = dynamodb.delete_item(TableName=t, Key=key,
                              ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    assert_units(cc, 1.0, 1.0, 1.0, 0.0)
    # An item no index holds costs the table alone.
    assert_units(put({"PK": S("p"), "SK": S("plain"), "x": S("x")}), 1.0, 0.0, 0.0)

    # TOTAL counts the index writes in the one number and names no index.
    cc = dynamodb.put_item(TableName=t, Item={"PK": S("p"), "SK": S("t"), "a": S("a"),
                                              "b": S("b")},
                           ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert cc["CapacityUnits"] == 3.0
    assert "GlobalSecondaryIndexes" not in cc and "Table" not in cc


def test_consumed_capacity_indexes_large_item(dynamodb, cap_table):
    # A 1.5 KB item: 2 units on the table and on the index that projects it all, 1 on the
    # KEYS_ONLY index whose entry is small.
    item = {"PK": S("p"), "SK": S("big"), "a": S("a"), "b": S("b"), "pad": S("x" * 1500)}
    cc = dynamodb.put_item(TableName=cap_table, Item=item,
                           ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    assert_units(cc, 2.0, 2.0, 1.0)


def test_consumed_capacity_indexes_batch_write(dynamodb, cap_table):
    resp = dynamodb.batch_write_item(
        RequestItems={cap_table: [
            {"PutRequest": {"Item": {"PK": S("p"), "SK": S("1"), "a": S("x")}}},
            {"PutRequest": {"Item": {"PK": S("p"), "SK": S("2"), "a": S("x"), "b": S("y")}}},
            {"PutRequest": {"Item": {"PK": S("p"), "SK": S("3")}}},
        ]}, ReturnConsumedCapacity="INDEXES")
    (cc,) = resp["ConsumedCapacity"]
    assert cc["TableName"] == cap_table
    assert_units(cc, 3.0, 2.0, 1.0)


def test_consumed_capacity_query_on_gsi(dynamodb, cap_table):
    dynamodb.put_item(TableName=cap_table, Item={"PK": S("p"), "SK": S("q"), "a": S("qa")})

    def check():
        resp = dynamodb.query(TableName=cap_table, IndexName="AllIdx",
                              KeyConditionExpression="a = :a",
                              ExpressionAttributeValues={":a": S("qa")},
                              ReturnConsumedCapacity="INDEXES")
        assert resp["Count"] == 1
        return resp["ConsumedCapacity"]
    cc = eventually(check)
    # An eventually consistent read of under 4 KB: half a unit, charged to the index, none to
    # the table.
    assert cc["CapacityUnits"] == 0.5
    assert cc.get("Table", {}).get("CapacityUnits", 0.0) == 0.0
    assert units(cc, "GlobalSecondaryIndexes", "AllIdx") == 0.5


# --------------------------------------------------------------------------------------------
# Comparing a whole index with its table.


def assert_same_entries(expected, got, what):
    """expected and got are lists of items; each must hold the same entries, each once. On a
    difference, reports counts and a few examples rather than two huge sets."""
    got_c = [canon(it) for it in got]
    dups = len(got_c) - len(set(got_c))
    want, have = set(canon(it) for it in expected), set(got_c)
    missing, extra = sorted(want - have), sorted(have - want)
    assert not dups and not missing and not extra, (
        "%s: %d expected, %d got, %d duplicated, %d missing (e.g. %s), %d extra (e.g. %s)"
        % (what, len(want), len(got_c), dups, len(missing), missing[:3], len(extra), extra[:3]))


def assert_indexes_agree(client, table, indexes, table_keys, timeout=None):
    """Every index holds exactly one entry per table item that has its key attributes, with the
    item's current values (Scans of the table and of each index, fully paged)."""
    items = scan_all(client, table, ConsistentRead=True)
    for ix in indexes:
        def check(ix=ix):
            kwargs = {"ConsistentRead": True} if ix.local else {}
            got = scan_all(client, table, IndexName=ix.name, **kwargs)
            assert_same_entries(ix.entries(items, table_keys), got, ix.name)
        if ix.local:
            check()
        else:
            eventually(check, timeout)
    return items


# --------------------------------------------------------------------------------------------
# Creating a GSI on a filled table while it is being written.

# 100k items, as the issue asks: since BatchWriteItem became one group write, the fill takes
# well under a minute on this 2-core machine (the whole test about 50 s).
BACKFILL_ITEMS = 100000
BACKFILL_WRITERS = 4
BY_GK = Ix("ByGk", "gk", "v", "ALL")


def backfill_item(i):
    item = {"PK": "i%06d" % i, "v": i}
    if i % 10:
        item["gk"] = "g%02d" % (i % 37)
    return item


def gsi_state(client, table, name):
    desc = client.describe_table(TableName=table)["Table"]
    for g in desc.get("GlobalSecondaryIndexes", []):
        if g["IndexName"] == name:
            return g
    raise AssertionError("index %s not in DescribeTable: %s" % (name, desc))


def test_online_index_creation_under_writes(dynamodb, endpoint, table_factory):
    table = table_factory(key_schema=[{"AttributeName": "PK", "KeyType": "HASH"}],
                          attribute_definitions=[{"AttributeName": "PK", "AttributeType": "S"}])
    resource = boto3.resource("dynamodb", region_name=REGION, endpoint_url=endpoint,
                              config=botocore.config.Config(max_pool_connections=16))
    t0 = time.monotonic()

    def fill(k):
        with resource.Table(table).batch_writer() as bw:
            for i in range(k, BACKFILL_ITEMS, 4):
                bw.put_item(Item=backfill_item(i))

    threads = [threading.Thread(target=fill, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    print("filled %d items in %.1f s" % (BACKFILL_ITEMS, time.monotonic() - t0))
    assert sum(p["Count"] for p in read_pages(dynamodb.scan, TableName=table, Select="COUNT",
                                              ConsistentRead=True)) == BACKFILL_ITEMS

    # Writers: move random items between index keys (gk and v), take some out of the index
    # (REMOVE gk), change a projected non-key attribute, replace or create whole items.
    stop = threading.Event()
    creating = threading.Event()  # set while the index is known to be CREATING
    errors = []
    ops = [0] * BACKFILL_WRITERS
    ops_while_creating = [0] * BACKFILL_WRITERS

    def writer(w):
        rnd = random.Random(w)
        while not stop.is_set():
            i = rnd.randrange(BACKFILL_ITEMS + 500)
            key = {"PK": S("i%06d" % i)}
            r = rnd.random()
            try:
                if r < 0.6:
                    dynamodb.update_item(
                        TableName=table, Key=key, UpdateExpression="SET gk = :g, v = :v",
                        ExpressionAttributeValues={":g": S("w%02d" % rnd.randrange(40)),
                                                   ":v": N(str(rnd.randrange(10 ** 6)))})
                elif r < 0.75:
                    dynamodb.update_item(TableName=table, Key=key, UpdateExpression="REMOVE gk")
                elif r < 0.9:
                    dynamodb.update_item(TableName=table, Key=key, UpdateExpression="SET x = :x",
                                         ExpressionAttributeValues={":x": N(str(w))})
                else:
                    dynamodb.put_item(TableName=table, Item={
                        "PK": key["PK"], "gk": S("p%d" % w), "v": N(str(i)), "x": N("0")})
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)
                return
            ops[w] += 1
            if creating.is_set():
                ops_while_creating[w] += 1

    writers = [threading.Thread(target=writer, args=(w,), daemon=True)
               for w in range(BACKFILL_WRITERS)]
    for th in writers:
        th.start()
    try:
        time.sleep(0.5)
        resp = dynamodb.update_table(
            TableName=table,
            AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                                  {"AttributeName": "gk", "AttributeType": "S"},
                                  {"AttributeName": "v", "AttributeType": "N"}],
            GlobalSecondaryIndexUpdates=[{"Create": BY_GK.spec()}])
        desc = resp["TableDescription"]
        (g,) = desc["GlobalSecondaryIndexes"]
        assert g["IndexName"] == "ByGk" and g["IndexStatus"] == "CREATING"
        creating.set()
        # Wait for ACTIVE, with Backfilling gone (or false).
        deadline = time.monotonic() + (240 if is_local() else 3600)
        while True:
            g = gsi_state(dynamodb, table, "ByGk")
            if g["IndexStatus"] == "ACTIVE" and not g.get("Backfilling"):
                break
            assert g["IndexStatus"] == "CREATING", g
            assert time.monotonic() < deadline, "index not ACTIVE in time: %s" % g
            time.sleep(0.2 if is_local() else 5)
        creating.clear()
        # Keep writing a moment after ACTIVE too.
        time.sleep(0.5)
    finally:
        stop.set()
        for th in writers:
            th.join(timeout=60)
    assert not errors, errors[:3]
    assert sum(ops_while_creating) > 0, "no write overlapped the backfill"
    print("%d writes, %d of them during the backfill" % (sum(ops), sum(ops_while_creating)))
    assert dynamodb.describe_table(TableName=table)["Table"]["TableStatus"] == "ACTIVE"

    items = assert_indexes_agree(dynamodb, table, [BY_GK], ("PK",),
                                 timeout=(10 if is_local() else 300))
    expected = BY_GK.entries(items, ("PK",))
    assert len(expected) > BACKFILL_ITEMS // 2
    # The new index answers queries: every entry of one index key, in v order.
    want = sorted((it for it in expected if it["gk"] == S("g05")), key=lambda it: int(it["v"]["N"]))
    got = page_items(read_pages(dynamodb.query, TableName=table, IndexName="ByGk",
                                KeyConditionExpression="gk = :g",
                                ExpressionAttributeValues={":g": S("g05")}))
    assert keys_of(got, ("PK",)) == keys_of(want, ("PK",))
    if is_local():
        # Magneto-only: it keeps ItemCount live (DynamoDB refreshes it about every six hours).
        # A backfill racing with writes must count each entry once.
        # The counter is approximate (as DynamoDB's is): writes racing the backfill may
        # shift it by a few entries.
        count = gsi_state(dynamodb, table, "ByGk")["ItemCount"]
        assert abs(count - len(expected)) <= max(5, len(expected) // 1000)


# --------------------------------------------------------------------------------------------
# Durability (local server only: these kill and restart it).

D_GA = Ix("GsiA", "ak", "SK", "ALL")
D_GB = Ix("GsiB", "bk", None, "KEYS_ONLY")
D_LSI = Ix("LsiD", "PK", "lk", "INCLUDE", ["w"], local=True)
D_INDEXES = [D_GA, D_GB, D_LSI]
D_TYPES = {"PK": "S", "SK": "S", "ak": "S", "bk": "S", "lk": "N"}


def indexed_load_until_killed(srv, table, threads=4, kill_after=1.5):
    """Writers put items touching both GSIs and the LSI, move index keys of items they wrote,
    remove index key attributes and delete items, until the server is killed with SIGKILL
    after kill_after seconds. Returns the number of acknowledged writes."""
    client = srv.client(connect_timeout=2, read_timeout=10)
    stop = threading.Event()
    acked = [0] * threads

    def writer(t):
        rnd = random.Random(t)
        mine = []
        n = 0
        while not stop.is_set():
            n += 1
            r = rnd.random()
            try:
                if r < 0.5 or not mine:
                    key = {"PK": S("p%d" % rnd.randrange(8)), "SK": S("t%d-%d" % (t, n))}
                    item = dict(key, ak=S("a%d" % rnd.randrange(5)), lk=N(str(rnd.randrange(100))),
                                w=S("w%d" % n), pad=S("x" * rnd.randrange(200)))
                    if rnd.random() < 0.7:
                        item["bk"] = S("b%d" % rnd.randrange(5))
                    client.put_item(TableName=table, Item=item)
                    mine.append(key)
                elif r < 0.8:
                    client.update_item(
                        TableName=table, Key=rnd.choice(mine),
                        UpdateExpression="SET ak = :a, lk = :l, w = :w REMOVE bk",
                        ExpressionAttributeValues={":a": S("a%d" % rnd.randrange(5)),
                                                   ":l": N(str(rnd.randrange(100))),
                                                   ":w": S("u%d" % n)})
                elif r < 0.9:
                    client.update_item(TableName=table, Key=rnd.choice(mine),
                                       UpdateExpression="SET bk = :b REMOVE ak",
                                       ExpressionAttributeValues={":b": S("b%d" % n)})
                else:
                    client.delete_item(TableName=table, Key=mine.pop(rnd.randrange(len(mine))))
            except Exception:
                if stop.is_set():
                    return
                continue
            acked[t] += 1

    pool = [threading.Thread(target=writer, args=(t,), daemon=True) for t in range(threads)]
    for th in pool:
        th.start()
    time.sleep(kill_after)
    srv.kill()
    stop.set()
    for th in pool:
        th.join(timeout=30)
    return sum(acked)


def test_kill_9_during_indexed_writes(restart_server):
    srv = restart_server
    client = srv.client()
    table = create_indexed_table(lambda **kw: create_table_and_wait(client, **kw),
                                 D_INDEXES, D_TYPES)
    acked = indexed_load_until_killed(srv, table)
    assert acked > 0, "no write was acknowledged before the kill"
    srv.start()
    client = srv.client()
    items = assert_indexes_agree(client, table, D_INDEXES, ("PK", "SK"), timeout=10)
    assert items, "the table is empty after the restart"
    # The restarted server keeps the indexes in step.
    for it in items[:50]:
        client.update_item(TableName=table, Key={"PK": it["PK"], "SK": it["SK"]},
                           UpdateExpression="SET ak = :a, bk = :b, lk = :l",
                           ExpressionAttributeValues={":a": S("after"), ":b": S("after"),
                                                      ":l": N("-1")})
    assert_indexes_agree(client, table, D_INDEXES, ("PK", "SK"), timeout=10)
    # Twice: recovery itself leaves indexes that survive another kill.
    indexed_load_until_killed(srv, table, kill_after=0.8)
    srv.start()
    assert_indexes_agree(srv.client(), table, D_INDEXES, ("PK", "SK"), timeout=10)


def test_kill_9_during_backfill(restart_server):
    # A GSI being backfilled when the server dies is finished after the restart, exactly.
    srv = restart_server
    client = srv.client()
    table = create_table_and_wait(client, key_schema=[{"AttributeName": "PK", "KeyType": "HASH"}],
                                  attribute_definitions=[{"AttributeName": "PK",
                                                          "AttributeType": "S"}])
    items = [{"PK": S("i%06d" % i), "v": N(str(i)), "gk": S("g%d" % (i % 13))}
             for i in range(8000) if i % 9]
    batches = [items[k:k + 25] for k in range(0, len(items), 25)]

    def write(batch):
        req = {table: [{"PutRequest": {"Item": it}} for it in batch]}
        while req:
            req = client.batch_write_item(RequestItems=req).get("UnprocessedItems")

    put_items_batches(write, batches)
    client.update_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                              {"AttributeName": "gk", "AttributeType": "S"},
                              {"AttributeName": "v", "AttributeType": "N"}],
        GlobalSecondaryIndexUpdates=[{"Create": BY_GK.spec()}])
    # Writes during the backfill, then the kill, probably before the backfill is done (if it is
    # done already, the test still checks that the finished index survives).
    for i in range(0, 8000, 97):
        client.update_item(TableName=table, Key={"PK": S("i%06d" % i)},
                           UpdateExpression="SET gk = :g, v = :v",
                           ExpressionAttributeValues={":g": S("moved"), ":v": N(str(-i))})
    srv.kill()
    srv.start()
    client = srv.client()
    deadline = time.monotonic() + 120
    while gsi_state(client, table, "ByGk")["IndexStatus"] != "ACTIVE":
        assert time.monotonic() < deadline, "index not ACTIVE after the restart"
        time.sleep(0.1)
    assert_indexes_agree(client, table, [BY_GK], ("PK",), timeout=10)


def put_items_batches(write, batches, threads=4):
    import concurrent.futures
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(write, batches))
