# Runs examples/materialized_view.py against the server: orders are inserted, changed (amount and
# customer), overwritten and deleted between runs of the consumer, and the per-customer totals it
# maintains from the orders table's stream must match the orders table itself. Running the
# consumer again without new writes must change nothing (records are applied exactly once).

import decimal
import os
import subprocess
import sys

import pytest

from conftest import REGION, REPO_ROOT
from ddb_util import unique_table_name, wait_for_gone

EXAMPLE = os.path.join(REPO_ROOT, "examples", "materialized_view.py")


def run_example(endpoint, orders, totals, *extra):
    out = subprocess.run([sys.executable, EXAMPLE, "--endpoint", endpoint, "--region", REGION,
                          "--orders-table", orders, "--totals-table", totals, "--drain", *extra],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def expected_totals(dynamodb, orders):
    want = {}
    for item in dynamodb.scan(TableName=orders, ConsistentRead=True)["Items"]:
        c = item["customer_id"]["S"]
        total, n = want.get(c, (decimal.Decimal(0), 0))
        want[c] = (total + decimal.Decimal(item["amount"]["N"]), n + 1)
    return want


def actual_totals(dynamodb, totals):
    got = {}
    for item in dynamodb.scan(TableName=totals, ConsistentRead=True)["Items"]:
        c = item["customer_id"]["S"]
        if c.startswith("#checkpoint#"):
            continue
        n = int(item["order_count"]["N"])
        if n:
            got[c] = (decimal.Decimal(item["total"]["N"]), n)
    return got


def put_order(dynamodb, orders, order_id, customer, amount):
    dynamodb.put_item(TableName=orders, Item={"order_id": {"S": order_id},
                                              "customer_id": {"S": customer},
                                              "amount": {"N": amount}})


@pytest.fixture
def view_tables(dynamodb):
    orders, totals = unique_table_name(), unique_table_name()
    yield orders, totals
    for name in (orders, totals):
        try:
            dynamodb.delete_table(TableName=name)
            wait_for_gone(dynamodb, name)
        except Exception:
            pass


def test_materialized_view_follows_the_stream(dynamodb, endpoint, view_tables):
    orders, totals = view_tables
    assert "applied 0 records" in run_example(endpoint, orders, totals, "--setup")

    put_order(dynamodb, orders, "o1", "alice", "10.50")
    put_order(dynamodb, orders, "o2", "alice", "4.25")
    put_order(dynamodb, orders, "o3", "bob", "7")
    run_example(endpoint, orders, totals)
    assert actual_totals(dynamodb, totals) == expected_totals(dynamodb, orders)
    assert actual_totals(dynamodb, totals)["alice"] == (decimal.Decimal("14.75"), 2)

    # MODIFY of the amount, MODIFY that moves an order to another customer, a put over an
    # existing order, REMOVE, and a write that changes nothing.
    dynamodb.update_item(TableName=orders, Key={"order_id": {"S": "o1"}},
                         UpdateExpression="SET amount = :a",
                         ExpressionAttributeValues={":a": {"N": "12"}})
    dynamodb.update_item(TableName=orders, Key={"order_id": {"S": "o2"}},
                         UpdateExpression="SET customer_id = :c",
                         ExpressionAttributeValues={":c": {"S": "carol"}})
    put_order(dynamodb, orders, "o3", "bob", "8.5")
    put_order(dynamodb, orders, "o4", "dave", "1")
    dynamodb.delete_item(TableName=orders, Key={"order_id": {"S": "o4"}})
    put_order(dynamodb, orders, "o3", "bob", "8.5")
    dynamodb.batch_write_item(RequestItems={orders: [
        {"PutRequest": {"Item": {"order_id": {"S": "o%d" % i}, "customer_id": {"S": "erin"},
                                 "amount": {"N": "0.1"}}}} for i in range(10, 15)]})
    run_example(endpoint, orders, totals)
    want = expected_totals(dynamodb, orders)
    assert actual_totals(dynamodb, totals) == want
    assert want == {"alice": (decimal.Decimal(12), 1), "carol": (decimal.Decimal("4.25"), 1),
                    "bob": (decimal.Decimal("8.5"), 1), "erin": (decimal.Decimal("0.5"), 5)}

    # Reading the stream again applies nothing twice.
    assert "applied 0 records" in run_example(endpoint, orders, totals)
    assert actual_totals(dynamodb, totals) == want
