# Black-box tests of atomicity under concurrent writers and of durability: acknowledged writes
# survive kill -9, and a clean SIGTERM restart keeps tables and items.

import concurrent.futures
import threading
import time

from conftest import create_table_and_wait
from ddb_util import client_error, random_string, wait_for_active

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731


# --------------------------------------------------------------------------------------------
# Concurrency.


def test_concurrent_add_is_atomic(dynamodb, test_table_s):
    k = {"p": S(random_string())}

    def add(_):
        resp = dynamodb.update_item(TableName=test_table_s, Key=k, UpdateExpression="ADD c :one",
                                    ExpressionAttributeValues={":one": N("1")},
                                    ReturnValues="UPDATED_NEW")
        return int(resp["Attributes"]["c"]["N"])

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        seen = list(pool.map(add, range(100)))
    item = dynamodb.get_item(TableName=test_table_s, Key=k, ConsistentRead=True)["Item"]
    assert item["c"] == N("100")
    # Every update saw a different value: no two read the same old count.
    assert sorted(seen) == list(range(1, 101))


def test_concurrent_conditional_put_has_one_winner(dynamodb, test_table_s):
    k = {"p": S(random_string())}
    barrier = threading.Barrier(20)

    def put(i):
        barrier.wait(timeout=30)
        try:
            dynamodb.put_item(TableName=test_table_s, Item=dict(k, who=N(str(i))),
                              ConditionExpression="attribute_not_exists(p)")
            return i
        except dynamodb.exceptions.ConditionalCheckFailedException:
            return None

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        winners = [w for w in pool.map(put, range(20)) if w is not None]
    assert len(winners) == 1
    item = dynamodb.get_item(TableName=test_table_s, Key=k, ConsistentRead=True)["Item"]
    assert item["who"] == N(str(winners[0]))


def test_concurrent_list_append(dynamodb, test_table_s):
    k = {"p": S(random_string())}
    dynamodb.put_item(TableName=test_table_s, Item=dict(k, l={"L": []}))

    def append(i):
        dynamodb.update_item(TableName=test_table_s, Key=k,
                             UpdateExpression="SET l = list_append(l, :x)",
                             ExpressionAttributeValues={":x": {"L": [N(str(i))]}})

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(append, range(50)))
    item = dynamodb.get_item(TableName=test_table_s, Key=k, ConsistentRead=True)["Item"]
    assert sorted(int(v["N"]) for v in item["l"]["L"]) == list(range(50))


# --------------------------------------------------------------------------------------------
# Durability (local server only: these kill and restart it).


def load_until_killed(srv, table, threads=4, per_thread=5000, kill_after=1.5, prefix=""):
    """Writes distinct items from several threads, records the acknowledged ones, and kills the
    server with SIGKILL after kill_after seconds. Returns the acknowledged keys with values."""
    acked = {}
    lock = threading.Lock()
    stop = threading.Event()
    client = srv.client(connect_timeout=2, read_timeout=10)

    def writer(t):
        for i in range(per_thread):
            if stop.is_set():
                return
            key = "%st%d-%d" % (prefix, t, i)
            value = random_string(50)
            try:
                client.put_item(TableName=table, Item={"p": S(key), "v": S(value),
                                                       "n": N(str(i))})
            except Exception:
                # The server is gone (or going): what was not acknowledged need not survive.
                if stop.is_set():
                    return
                continue
            with lock:
                acked[key] = value

    pool = [threading.Thread(target=writer, args=(t,), daemon=True) for t in range(threads)]
    for th in pool:
        th.start()
    time.sleep(kill_after)
    srv.kill()
    stop.set()
    for th in pool:
        th.join(timeout=30)
    with lock:
        return dict(acked)


def check_all_present(client, table, acked):
    """Every acknowledged key reads back with its value (GetItem, strongly consistent)."""

    def lost(k):
        resp = client.get_item(TableName=table, Key={"p": S(k)}, ConsistentRead=True)
        return resp.get("Item", {}).get("v") != S(acked[k])

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        missing = [k for k, gone in zip(acked, pool.map(lost, list(acked))) if gone]
    assert not missing, "%d of %d acknowledged writes lost, e.g. %s" % (
        len(missing), len(acked), missing[:5])


def test_kill_9_keeps_acknowledged_writes(restart_server):
    srv = restart_server
    client = srv.client()
    table = create_table_and_wait(client)
    acked = load_until_killed(srv, table)
    assert len(acked) > 0, "no write was acknowledged before the kill"
    srv.start()
    client = srv.client()
    desc = client.describe_table(TableName=table)["Table"]
    assert desc["TableStatus"] == "ACTIVE"
    check_all_present(client, table, acked)
    # The restarted server takes writes again.
    client.put_item(TableName=table, Item={"p": S("after"), "v": S("x")})
    assert client.get_item(TableName=table, Key={"p": S("after")},
                           ConsistentRead=True)["Item"]["v"] == S("x")


def test_kill_9_twice(restart_server):
    # Recovery itself must leave a recoverable state.
    srv = restart_server
    table = create_table_and_wait(srv.client())
    first = load_until_killed(srv, table, kill_after=0.7)
    srv.start()
    # Distinct keys: a write cut off by the kill may or may not land, so the
    # second round must not overwrite keys the first round acknowledged.
    second = load_until_killed(srv, table, kill_after=0.7, prefix="second-")
    srv.start()
    client = srv.client()
    for k, v in list(first.items()):
        second.setdefault(k, v)
    check_all_present(client, table, second)


def test_clean_restart_keeps_tables_and_items(restart_server):
    srv = restart_server
    client = srv.client()
    t1 = create_table_and_wait(client)
    t2 = create_table_and_wait(
        client,
        key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                    {"AttributeName": "c", "KeyType": "RANGE"}],
        attribute_definitions=[{"AttributeName": "p", "AttributeType": "N"},
                               {"AttributeName": "c", "AttributeType": "B"}],
        ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 3},
        BillingMode="PROVISIONED")
    before = {t: client.describe_table(TableName=t)["Table"] for t in (t1, t2)}
    items1 = [{"p": S("k%d" % i), "m": {"M": {"l": {"L": [N(str(i)), {"SS": ["a", "b"]}]}}}}
              for i in range(50)]
    for it in items1:
        client.put_item(TableName=t1, Item=it)
    client.put_item(TableName=t2, Item={"p": N("1.5"), "c": {"B": b"\x00\x01"}, "x": S("y")})
    client.delete_item(TableName=t1, Key={"p": S("k0")})
    client.update_item(TableName=t1, Key={"p": S("k1")}, UpdateExpression="SET z = :z",
                       ExpressionAttributeValues={":z": N("9")})

    assert srv.stop() == 0, "SIGTERM should end the server cleanly (exit code 0)"
    srv.start()
    client = srv.client()

    names = client.list_tables()["TableNames"]
    assert t1 in names and t2 in names
    for t in (t1, t2):
        after = client.describe_table(TableName=t)["Table"]
        for field in ("TableName", "TableArn", "TableId", "KeySchema", "CreationDateTime",
                      "TableStatus"):
            assert after[field] == before[t][field], field
        assert sorted(after["AttributeDefinitions"], key=lambda d: d["AttributeName"]) == sorted(
            before[t]["AttributeDefinitions"], key=lambda d: d["AttributeName"])
    assert client.describe_table(TableName=t2)["Table"]["ProvisionedThroughput"][
        "WriteCapacityUnits"] == 3
    assert "Item" not in client.get_item(TableName=t1, Key={"p": S("k0")}, ConsistentRead=True)
    got = client.get_item(TableName=t1, Key={"p": S("k1")}, ConsistentRead=True)["Item"]
    assert got["z"] == N("9")
    for it in items1[2:]:
        got = client.get_item(TableName=t1, Key={"p": it["p"]}, ConsistentRead=True)["Item"]
        assert got["p"] == it["p"]
        inner = got["m"]["M"]["l"]["L"]
        assert inner[0] == it["m"]["M"]["l"]["L"][0]
        assert sorted(inner[1]["SS"]) == ["a", "b"]
    got = client.get_item(TableName=t2, Key={"p": N("1.5"), "c": {"B": b"\x00\x01"}},
                          ConsistentRead=True)["Item"]
    assert got["x"] == S("y")


def test_deleted_table_stays_deleted_after_restart(restart_server):
    srv = restart_server
    client = srv.client()
    table = create_table_and_wait(client)
    client.put_item(TableName=table, Item={"p": S("a")})
    client.delete_table(TableName=table)
    srv.restart(hard=True)
    client = srv.client()
    with client_error("ResourceNotFoundException"):
        # A table being deleted may still be described for a while; poll until it is gone.
        for _ in range(500):
            client.describe_table(TableName=table)
            time.sleep(0.02)
    # A new table of the same name starts empty.
    create_table_and_wait(client, name=table)
    assert "Item" not in client.get_item(TableName=table, Key={"p": S("a")}, ConsistentRead=True)


def test_creating_table_becomes_active_after_restart(restart_server):
    srv = restart_server
    client = srv.client()
    table = create_table_and_wait(client, wait=False)
    srv.restart(hard=True)
    client = srv.client()
    # The table survives (acknowledged) and still reaches ACTIVE.
    assert wait_for_active(client, table)["TableStatus"] == "ACTIVE"
