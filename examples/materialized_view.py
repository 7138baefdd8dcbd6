#!/usr/bin/env python3
"""A materialized view kept up to date from a DynamoDB stream.

The `orders` table (key order_id) holds orders with a customer_id and an amount. Its stream
(NEW_AND_OLD_IMAGES) feeds a `totals` table (key customer_id) with each customer's order count
and total amount:

    INSERT  adds the new order to its customer;
    REMOVE  takes the old order off its customer;
    MODIFY  takes the old version off and adds the new one (the customer may have changed).

Each record's effect and the consumer's checkpoint (the last sequence number applied, per shard)
are written in one TransactWriteItems, conditioned on the checkpoint being older than the record.
So a record is applied exactly once even if the consumer crashes and reads it again.

The consumer follows every shard of the stream and handles parent/child shards as DynamoDB
Streams requires: a child shard is read only once its parent has been read to its end.

Works against Amazon DynamoDB or Magneto:

    python3 examples/materialized_view.py --endpoint http://localhost:8000 --setup --drain
"""

import argparse
import decimal
import sys
import time

import boto3

CHECKPOINT_PREFIX = "#checkpoint#"


def create_tables(dynamodb, orders, totals):
    """Creates the two tables (if missing) and waits until they are ACTIVE."""
    existing = set(dynamodb.list_tables()["TableNames"])
    if orders not in existing:
        dynamodb.create_table(
            TableName=orders, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "order_id", "AttributeType": "S"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    if totals not in existing:
        dynamodb.create_table(
            TableName=totals, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "customer_id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "customer_id", "AttributeType": "S"}])
    for name in (orders, totals):
        while dynamodb.describe_table(TableName=name)["Table"]["TableStatus"] != "ACTIVE":
            time.sleep(0.05)


class ViewUpdater:
    """Applies stream records of the orders table to the totals table, exactly once."""

    def __init__(self, dynamodb, totals):
        self.dynamodb = dynamodb
        self.totals = totals

    def checkpoint(self, shard_id):
        item = self.dynamodb.get_item(TableName=self.totals, ConsistentRead=True,
                                      Key={"customer_id": {"S": CHECKPOINT_PREFIX + shard_id}})
        seq = item.get("Item", {}).get("seq")
        return seq["N"] if seq else None

    def _change(self, image, sign):
        """(customer, amount delta) of adding (sign=1) or removing (sign=-1) an order."""
        if not image or "customer_id" not in image:
            return None
        amount = decimal.Decimal(image.get("amount", {"N": "0"})["N"])
        return image["customer_id"]["S"], sign * amount, sign

    def apply(self, shard_id, record):
        body = record["dynamodb"]
        changes = []
        if record["eventName"] in ("MODIFY", "REMOVE"):
            changes.append(self._change(body.get("OldImage"), -1))
        if record["eventName"] in ("INSERT", "MODIFY"):
            changes.append(self._change(body.get("NewImage"), +1))
        # Merge the changes per customer (a MODIFY that keeps the customer is one update).
        per_customer = {}
        for change in filter(None, changes):
            customer, amount, count = change
            total, n = per_customer.get(customer, (decimal.Decimal(0), 0))
            per_customer[customer] = (total + amount, n + count)
        seq = str(int(body["SequenceNumber"]))
        actions = [{
            "Update": {
                "TableName": self.totals,
                "Key": {"customer_id": {"S": CHECKPOINT_PREFIX + shard_id}},
                "UpdateExpression": "SET seq = :seq",
                "ConditionExpression": "attribute_not_exists(seq) OR seq < :seq",
                "ExpressionAttributeValues": {":seq": {"N": seq}},
            }
        }]
        for customer, (amount, count) in sorted(per_customer.items()):
            if amount == 0 and count == 0:
                continue
            actions.append({
                "Update": {
                    "TableName": self.totals,
                    "Key": {"customer_id": {"S": customer}},
                    "UpdateExpression": "ADD #total :t, order_count :n",
                    "ExpressionAttributeNames": {"#total": "total"},  # a reserved word
                    "ExpressionAttributeValues": {":t": {"N": str(amount)},
                                                  ":n": {"N": str(count)}},
                }
            })
        try:
            self.dynamodb.transact_write_items(TransactItems=actions)
        except self.dynamodb.exceptions.TransactionCanceledException as e:
            reasons = e.response.get("CancellationReasons", [])
            if reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
                return False  # applied before: the checkpoint is already past this record
            raise
        return True


class StreamConsumer:
    """Reads every shard of a stream, parents before children, from each shard's checkpoint."""

    def __init__(self, streams, stream_arn, updater):
        self.streams = streams
        self.arn = stream_arn
        self.updater = updater
        self.iterators = {}   # shard id -> next shard iterator
        self.finished = set()  # shards read to their end

    def _shards(self):
        shards, start = [], None
        while True:
            kw = {"StreamArn": self.arn}
            if start:
                kw["ExclusiveStartShardId"] = start
            desc = self.streams.describe_stream(**kw)["StreamDescription"]
            shards += desc["Shards"]
            start = desc.get("LastEvaluatedShardId")
            if not start:
                return shards

    def _open(self, shard_id):
        seq = self.updater.checkpoint(shard_id)
        kw = {"StreamArn": self.arn, "ShardId": shard_id}
        if seq is None:
            kw["ShardIteratorType"] = "TRIM_HORIZON"
        else:
            kw.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=seq.zfill(21))
        return self.streams.get_shard_iterator(**kw)["ShardIterator"]

    def poll(self):
        """One round over the readable shards; returns the number of records applied."""
        shards = self._shards()
        known = {s["ShardId"] for s in shards}
        applied = 0
        for shard in shards:
            shard_id = shard["ShardId"]
            parent = shard.get("ParentShardId")
            if shard_id in self.finished:
                continue
            # A child waits for its parent, unless the parent has been trimmed away.
            if parent in known and parent not in self.finished:
                continue
            if shard_id not in self.iterators:
                self.iterators[shard_id] = self._open(shard_id)
            try:
                r = self.streams.get_records(ShardIterator=self.iterators[shard_id], Limit=100)
            except self.streams.exceptions.ExpiredIteratorException:
                del self.iterators[shard_id]  # reopen from the checkpoint next round
                continue
            for record in r["Records"]:
                applied += self.updater.apply(shard_id, record)
            if r.get("NextShardIterator"):
                self.iterators[shard_id] = r["NextShardIterator"]
            else:
                self.finished.add(shard_id)
                del self.iterators[shard_id]
        return applied

    def drain(self, quiet_rounds=2, pause=0.05):
        """Polls until `quiet_rounds` rounds in a row find nothing new."""
        total, quiet = 0, 0
        while quiet < quiet_rounds:
            n = self.poll()
            total += n
            quiet = 0 if n else quiet + 1
            if not n:
                time.sleep(pause)
        return total


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--endpoint", help="DynamoDB endpoint URL (default: AWS)")
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--orders-table", default="orders")
    p.add_argument("--totals-table", default="customer_totals")
    p.add_argument("--setup", action="store_true", help="create the tables if missing")
    p.add_argument("--drain", action="store_true",
                   help="apply what the stream holds now and exit (default: run forever)")
    args = p.parse_args(argv)

    kw = {"region_name": args.region}
    if args.endpoint:
        kw["endpoint_url"] = args.endpoint
    dynamodb = boto3.client("dynamodb", **kw)
    streams = boto3.client("dynamodbstreams", **kw)
    if args.setup:
        create_tables(dynamodb, args.orders_table, args.totals_table)
    arn = dynamodb.describe_table(TableName=args.orders_table)["Table"].get("LatestStreamArn")
    if not arn:
        sys.exit("table %s has no stream" % args.orders_table)
    consumer = StreamConsumer(streams, arn, ViewUpdater(dynamodb, args.totals_table))
    if args.drain:
        print("applied %d records" % consumer.drain())
        return
    while True:
        if not consumer.poll():
            time.sleep(1)


if __name__ == "__main__":
    main()
