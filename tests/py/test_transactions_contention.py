# Black-box tests of TransactWriteItems and TransactGetItems under contention: bank transfers
# keep their sum and never overdraw, TransactGetItems sees only whole transactions, optimistic
# locking with plain conditional updates, plain writes colliding with transactions, and kill -9
# in the middle of a transfer workload (every acknowledged transfer whole, none half-applied).
#
# The workloads are bounded both by a count and by wall time, so that the file stays around a
# minute on a 2-core machine; against a real DynamoDB they simply do fewer transfers.

import concurrent.futures
import itertools
import random
import threading
import time

from botocore.exceptions import ClientError

from conftest import create_table_and_wait, is_local, make_client
from ddb_util import put_items, read_pages

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731

ACCOUNTS = 100
INITIAL = 1000
GROUP = 10  # accounts per group in the readers' test; transfers there stay inside one group
MAX_AMOUNT = 300
MAX_CONFLICT_RETRIES = 500

# Errors that a real DynamoDB may answer under load and that a client is meant to retry. A local
# server never sends them: there they fail the test like any other unexpected error.
AWS_TRANSIENT_ERRORS = {"ThrottlingException", "ProvisionedThroughputExceededException",
                        "RequestLimitExceeded", "InternalServerError", "ServiceUnavailable"}
AWS_TRANSIENT_REASONS = {"ThrottlingError", "ProvisionedThroughputExceeded"}


def account(i):
    return "acct-%03d" % i


def transient(code):
    return not is_local() and code in AWS_TRANSIENT_ERRORS


def error_code(e):
    return e.response.get("Error", {}).get("Code")


def cancellation_codes(e):
    """The Code of each CancellationReason of a TransactionCanceledException, "None" where the
    item had no error (DynamoDB sends {"Code": "None"} for those)."""
    return [r.get("Code", "None") for r in e.response.get("CancellationReasons", [])]


def backoff(attempt):
    # Jittered and capped: sixteen threads retrying at once on a few items must not livelock.
    time.sleep(random.uniform(0, min(0.05, 0.0005 * (2 ** min(attempt, 10)))))


class Counters:
    """Named counters shared by the worker threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = {}

    def add(self, name, n=1):
        with self._lock:
            self._counts[name] = self._counts.get(name, 0) + n

    def __getitem__(self, name):
        with self._lock:
            return self._counts.get(name, 0)

    def __repr__(self):
        with self._lock:
            return repr(dict(sorted(self._counts.items())))


def thread_clients(endpoint, n, **config):
    """One client per worker thread, made here in the calling thread: making boto3 clients is
    not thread-safe, using one is. No retries (make_client's default): every error is seen."""
    config.setdefault("max_pool_connections", 4)
    return [make_client(endpoint, **config) for _ in range(n)]


def create_accounts(client, table, keys, initial=INITIAL, **extra):
    put_items(client, table, [dict({"p": S(k), "balance": N(str(initial))}, **extra)
                              for k in keys])


def read_balances(client, table):
    """Every item of the table as {key: balance}, by a strongly consistent Scan."""
    items = [i for page in read_pages(client.scan, TableName=table, ConsistentRead=True)
             for i in page.get("Items", [])]
    return {i["p"]["S"]: int(i["balance"]["N"]) for i in items}


def ledger(keys, transfers, initial=INITIAL):
    """The balances that follow from applying every (src, dst, amount) of transfers."""
    balances = {k: initial for k in keys}
    for src, dst, amt in transfers:
        balances[src] -= amt
        balances[dst] += amt
    return balances


def check_balances(balances, keys, total):
    assert sorted(balances) == sorted(keys), "accounts appeared or vanished"
    negative = {k: v for k, v in balances.items() if v < 0}
    assert not negative, "overdrawn accounts: %s" % negative
    assert sum(balances.values()) == total, (
        "money was made or lost: the balances add up to %d, not %d" % (sum(balances.values()),
                                                                       total))


def transfer_items(table, src, dst, amt):
    return [
        {"Update": {"TableName": table, "Key": {"p": S(src)},
                    "UpdateExpression": "SET balance = balance - :amt",
                    "ConditionExpression": "balance >= :amt",
                    "ExpressionAttributeValues": {":amt": N(str(amt))},
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        {"Update": {"TableName": table, "Key": {"p": S(dst)},
                    "UpdateExpression": "SET balance = balance + :amt",
                    "ExpressionAttributeValues": {":amt": N(str(amt))}}},
    ]


def transfer(client, table, src, dst, amt, stats):
    """Moves amt from src to dst in one TransactWriteItems, again and again while it is
    cancelled by a TransactionConflict. Returns True when the transaction was acknowledged,
    False when the debit side's condition cancelled it (not enough money)."""
    for attempt in range(MAX_CONFLICT_RETRIES):
        try:
            client.transact_write_items(TransactItems=transfer_items(table, src, dst, amt))
            stats.add("applied")
            return True
        except ClientError as e:
            code = error_code(e)
            if code == "TransactionCanceledException":
                reasons = cancellation_codes(e)
                assert len(reasons) == 2, "one reason per action expected: %s" % e.response
                if "TransactionConflict" in reasons:
                    stats.add("conflicts")
                    backoff(attempt)
                    continue
                if AWS_TRANSIENT_REASONS.intersection(reasons) and not is_local():
                    stats.add("transient")
                    backoff(attempt)
                    continue
                assert reasons == ["ConditionalCheckFailed", "None"], e.response
                # ALL_OLD: the item as the failed condition saw it, which must not have had
                # enough money.
                old = e.response["CancellationReasons"][0].get("Item")
                assert old is not None and old["p"] == S(src), e.response
                assert int(old["balance"]["N"]) < amt, (
                    "condition balance >= %d failed on %s" % (amt, old))
                stats.add("insufficient")
                return False
            if transient(code):
                # The outcome is unknown: the ledger check is off for this run.
                stats.add("transient")
                backoff(attempt)
                continue
            raise
    raise AssertionError("transfer %s -> %s still conflicting after %d attempts"
                         % (src, dst, MAX_CONFLICT_RETRIES))


def pick_any(keys):
    def pick(rng):
        return rng.sample(keys, 2)
    return pick


def pick_in_group(keys, group=GROUP):
    groups = [keys[i:i + group] for i in range(0, len(keys), group)]

    def pick(rng):
        return rng.sample(rng.choice(groups), 2)
    return pick


def transfer_worker(client, table, pick, deadline, max_count, stats, done=None):
    """Random transfers until deadline, max_count or done. Returns the applied ones."""
    rng = random.Random()
    applied = []
    for _ in range(max_count):
        if time.monotonic() > deadline or (done is not None and done.is_set()):
            break
        src, dst = pick(rng)
        amt = rng.randint(1, MAX_AMOUNT)
        if transfer(client, table, src, dst, amt, stats):
            applied.append((src, dst, amt))
    return applied


def run_transfers(endpoint, table, pick, threads, seconds, per_thread, stats, extra=()):
    """Runs threads transfer workers (and the callables of extra, each given an Event set once
    the transfers are over) and returns every applied transfer."""
    clients = thread_clients(endpoint, threads)
    done = threading.Event()
    deadline = time.monotonic() + seconds
    with concurrent.futures.ThreadPoolExecutor(threads + len(extra)) as pool:
        writers = [pool.submit(transfer_worker, c, table, pick, deadline, per_thread, stats)
                   for c in clients]
        others = [pool.submit(fn, done) for fn in extra]
        try:
            applied = [t for f in writers for t in f.result()]
        finally:
            done.set()
        for f in others:
            f.result()
    return applied


# --------------------------------------------------------------------------------------------
# Bank transfers.


def test_bank_transfers_keep_total(dynamodb, endpoint, table_factory):
    table = table_factory()
    keys = [account(i) for i in range(ACCOUNTS)]
    create_accounts(dynamodb, table, keys)
    stats = Counters()
    applied = run_transfers(endpoint, table, pick_any(keys), threads=16, seconds=10,
                            per_thread=250, stats=stats)
    print("bank transfers:", stats)
    assert applied, "no transfer went through"
    balances = read_balances(dynamodb, table)
    check_balances(balances, keys, ACCOUNTS * INITIAL)
    if stats["transient"] == 0:
        # Every acknowledged transfer is there once, every cancelled one not at all.
        assert balances == ledger(keys, applied)


# --------------------------------------------------------------------------------------------
# TransactGetItems during the transfers.


def group_reader(client, table, groups, stats, done):
    """TransactGetItems of a whole group at a time: each group's sum is always GROUP * INITIAL,
    since every transfer stays inside one group."""
    rng = random.Random()
    attempt = 0
    while not done.is_set() or stats["transactional reads"] == 0:
        group = rng.choice(groups)
        try:
            resp = client.transact_get_items(TransactItems=[
                {"Get": {"TableName": table, "Key": {"p": S(k)}}} for k in group])
        except ClientError as e:
            code = error_code(e)
            reasons = cancellation_codes(e) if code == "TransactionCanceledException" else []
            if "TransactionConflict" in reasons:
                stats.add("read conflicts")
                attempt += 1
                backoff(attempt)
                continue
            if transient(code) or (AWS_TRANSIENT_REASONS.intersection(reasons)
                                   and not is_local()):
                stats.add("transient")
                continue
            raise
        attempt = 0
        responses = resp["Responses"]
        assert len(responses) == len(group)
        got = [r["Item"] for r in responses]
        assert [i["p"]["S"] for i in got] == group, "Responses must follow the request's order"
        balances = [int(i["balance"]["N"]) for i in got]
        assert min(balances) >= 0, "TransactGetItems saw an overdrawn account: %s" % got
        assert sum(balances) == GROUP * INITIAL, (
            "TransactGetItems saw a group in the middle of a transfer: %s" % balances)
        stats.add("transactional reads")


def plain_group_reader(client, table, groups, stats, done):
    """The same reads as GetItem one account at a time: they may well see a transfer's debit
    without its credit. Only counted, never asserted: it shows what TransactGetItems is for."""
    rng = random.Random()
    while not done.is_set():
        group = rng.choice(groups)
        total = 0
        for k in group:
            try:
                item = client.get_item(TableName=table, Key={"p": S(k)},
                                       ConsistentRead=True)["Item"]
            except ClientError as e:
                if transient(error_code(e)):
                    break
                raise
            total += int(item["balance"]["N"])
        else:
            stats.add("plain reads")
            if total != GROUP * INITIAL:
                stats.add("plain reads in between")


def test_transact_get_items_sees_whole_transfers(dynamodb, endpoint, table_factory):
    table = table_factory()
    keys = [account(i) for i in range(ACCOUNTS)]
    groups = [keys[i:i + GROUP] for i in range(0, ACCOUNTS, GROUP)]
    create_accounts(dynamodb, table, keys)
    stats = Counters()
    readers = thread_clients(endpoint, 5)
    extra = [lambda done, c=c: group_reader(c, table, groups, stats, done) for c in readers[:4]]
    extra.append(lambda done: plain_group_reader(readers[4], table, groups, stats, done))
    applied = run_transfers(endpoint, table, pick_in_group(keys), threads=16, seconds=8,
                            per_thread=150, stats=stats, extra=extra)
    print("transfers with readers:", stats)
    assert applied, "no transfer went through"
    assert stats["transactional reads"] > 0
    balances = read_balances(dynamodb, table)
    check_balances(balances, keys, ACCOUNTS * INITIAL)
    for group in groups:
        assert sum(balances[k] for k in group) == GROUP * INITIAL, group
    if stats["transient"] == 0:
        assert balances == ledger(keys, applied)


# --------------------------------------------------------------------------------------------
# Optimistic locking with plain conditional writes (no transactions at all).


def test_optimistic_locking_counter(dynamodb, endpoint, table_factory):
    table = table_factory()
    key = {"p": S("lock")}
    dynamodb.put_item(TableName=table, Item=dict(key, version=N("0"), counter=N("0")))
    stats = Counters()
    seen = []  # the version each successful update wrote
    seen_lock = threading.Lock()
    deadline = time.monotonic() + 8
    per_thread = 12

    def worker(client):
        successes = 0
        attempts = 0
        while successes < per_thread and time.monotonic() < deadline and attempts < 2000:
            attempts += 1
            item = client.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]
            v = int(item["version"]["N"])
            assert item["counter"] == item["version"], item
            try:
                resp = client.update_item(
                    TableName=table, Key=key,
                    # COUNTER is one of DynamoDB's reserved words.
                    UpdateExpression="SET version = version + :one, #c = #c + :one",
                    ConditionExpression="version = :v",
                    ExpressionAttributeNames={"#c": "counter"},
                    ExpressionAttributeValues={":v": N(str(v)), ":one": N("1")},
                    ReturnValues="UPDATED_NEW")
            except ClientError as e:
                code = error_code(e)
                if code == "ConditionalCheckFailedException":
                    stats.add("lost races")
                    continue
                if transient(code):
                    stats.add("transient")
                    continue
                raise
            new = resp["Attributes"]
            assert new == {"version": N(str(v + 1)), "counter": N(str(v + 1))}, new
            successes += 1
            stats.add("successes")
            with seen_lock:
                seen.append(v + 1)

    clients = thread_clients(endpoint, 16)
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        for f in [pool.submit(worker, c) for c in clients]:
            f.result()
    print("optimistic locking:", stats)
    successes = stats["successes"]
    assert successes > 0
    # Each success wrote a different version: no two threads won from the same read.
    assert sorted(seen) == list(range(1, successes + 1))
    item = dynamodb.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]
    if stats["transient"] == 0:
        assert item == dict(key, version=N(str(successes)), counter=N(str(successes)))
    else:
        assert item["version"] == item["counter"]


# --------------------------------------------------------------------------------------------
# Plain single-item writes on items that transactions are hammering.


def test_plain_updates_colliding_with_transactions(dynamodb, endpoint, table_factory):
    table = table_factory()
    keys = ["hot-%d" % i for i in range(4)]
    create_accounts(dynamodb, table, keys, touched=N("0"))
    stats = Counters()
    acked = {k: 0 for k in keys}
    acked_lock = threading.Lock()
    unexpected = []

    def plain_writer(client, done):
        # Touches an attribute outside the invariant. DynamoDB documents that a single-item
        # write on an item in a transaction may be rejected with TransactionConflictException;
        # nothing else may come back, and a rejected write must not have been applied.
        rng = random.Random()
        while not done.is_set():
            k = rng.choice(keys)
            try:
                client.update_item(TableName=table, Key={"p": S(k)},
                                   UpdateExpression="ADD touched :one",
                                   ExpressionAttributeValues={":one": N("1")})
            except ClientError as e:
                code = error_code(e)
                if code == "TransactionConflictException":
                    stats.add("plain conflicts")
                elif transient(code):
                    stats.add("transient")
                else:
                    unexpected.append(e.response)
                continue
            stats.add("plain updates")
            with acked_lock:
                acked[k] += 1

    plain = thread_clients(endpoint, 6)
    extra = [lambda done, c=c: plain_writer(c, done) for c in plain]
    applied = run_transfers(endpoint, table, pick_any(keys), threads=8, seconds=5,
                            per_thread=200, stats=stats, extra=extra)
    print("plain updates with transactions:", stats)
    assert not unexpected, "plain UpdateItem failed otherwise than TransactionConflictException: " \
        "%s" % unexpected[:3]
    assert applied, "no transfer went through"
    assert stats["plain updates"] > 0
    items = {i["p"]["S"]: i for page in read_pages(dynamodb.scan, TableName=table,
                                                   ConsistentRead=True)
             for i in page.get("Items", [])}
    balances = {k: int(i["balance"]["N"]) for k, i in items.items()}
    check_balances(balances, keys, len(keys) * INITIAL)
    if stats["transient"] == 0:
        assert balances == ledger(keys, applied)
        # Each acknowledged plain update is there once; each rejected one is not.
        assert {k: int(i["touched"]["N"]) for k, i in items.items()} == acked


# --------------------------------------------------------------------------------------------
# Durability: kill -9 in the middle of the transfers (local server only).


class Journal:
    """What one transfer thread knows: the transfers acknowledged to it, and the one whose
    answer it was still waiting for when the server died (which may or may not be applied)."""

    def __init__(self):
        self.acked = []
        self.in_flight = None
        self.error = None  # (time.monotonic(), exception) that ended the thread, if any


def journaled_worker(client, table, pick, journal, stats, stop):
    rng = random.Random()
    while not stop.is_set():
        src, dst = pick(rng)
        amt = rng.randint(1, MAX_AMOUNT)
        journal.in_flight = (src, dst, amt)
        try:
            applied = transfer(client, table, src, dst, amt, stats)
        except AssertionError:
            raise
        except Exception as e:  # the connection broke: the server is gone, or going
            journal.error = (time.monotonic(), e)
            return
        journal.in_flight = None
        if applied:
            journal.acked.append((src, dst, amt))


def explain_by_in_flight(observed, base, in_flight):
    """The subset of in_flight transfers whose application on top of base gives observed, or
    None. At most one per thread, so at most 2**threads subsets to try."""
    for n in range(len(in_flight) + 1):
        for subset in itertools.combinations(in_flight, n):
            expected = dict(base)
            for src, dst, amt in subset:
                expected[src] -= amt
                expected[dst] += amt
            if expected == observed:
                return subset
    return None


def test_kill_9_during_transfers(private_server):
    srv = private_server()
    client = srv.client()
    table = create_table_and_wait(client)
    keys = [account(i) for i in range(ACCOUNTS)]
    create_accounts(client, table, keys)

    threads = 8
    stats = Counters()
    stop = threading.Event()
    journals = [Journal() for _ in range(threads)]
    clients = thread_clients(srv.endpoint, threads, connect_timeout=2, read_timeout=10)
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(journaled_worker, c, table, pick_any(keys), j, stats, stop)
                   for c, j in zip(clients, journals)]
        # Kill once a good number of transfers are acknowledged, or after a few seconds.
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline and stats["applied"] < 400:
            if any(f.done() for f in futures):
                break  # a worker failed early: its result() below says why
            time.sleep(0.05)
        killed_at = time.monotonic()
        srv.kill()
        stop.set()
        for f in futures:
            f.result(timeout=60)
    print("transfers until kill -9:", stats)
    early = [j.error for j in journals if j.error and j.error[0] < killed_at]
    assert not early, "a transfer failed before the kill: %r" % (early[0][1],)
    acked = [t for j in journals for t in j.acked]
    assert acked, "no transfer was acknowledged before the kill"

    srv.start()
    client = srv.client()
    balances = read_balances(client, table)
    check_balances(balances, keys, ACCOUNTS * INITIAL)
    base = ledger(keys, acked)
    in_flight = [j.in_flight for j in journals if j.in_flight is not None]
    assert len(in_flight) <= threads
    subset = explain_by_in_flight(balances, base, in_flight)
    assert subset is not None, (
        "balances after restart are not the acknowledged transfers plus some of the %d in "
        "flight at the kill; differences from the acknowledged ones alone: %s" % (
            len(in_flight), {k: balances[k] - base[k] for k in keys if balances[k] != base[k]}))
    print("in flight at the kill: %d, found applied: %d" % (len(in_flight), len(subset)))

    # The restarted server takes transactions again.
    assert transfer(client, table, keys[0], keys[1], 1, stats) == (balances[keys[0]] >= 1)
