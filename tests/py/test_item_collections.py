# Item collections of tables with local secondary indexes: ReturnItemCollectionMetrics and the
# size limit (10 GB in DynamoDB; lowered with a server flag here so the limit can be reached).

import pytest
from botocore.exceptions import ClientError

from conftest import create_table_and_wait
from ddb_util import random_string

S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": v}  # noqa: E731

LSI_TABLE = dict(
    key_schema=[{"AttributeName": "p", "KeyType": "HASH"},
                {"AttributeName": "c", "KeyType": "RANGE"}],
    attribute_definitions=[{"AttributeName": "p", "AttributeType": "S"},
                           {"AttributeName": "c", "AttributeType": "S"},
                           {"AttributeName": "l", "AttributeType": "N"}],
    LocalSecondaryIndexes=[{
        "IndexName": "ByL",
        "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"},
                      {"AttributeName": "l", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"}}])


def test_item_collection_metrics(dynamodb, table_factory):
    table = table_factory(**LSI_TABLE)
    item = {"p": S("a"), "c": S("1"), "l": N("5"), "x": S("y")}
    resp = dynamodb.put_item(TableName=table, Item=item, ReturnItemCollectionMetrics="SIZE")
    metrics = resp["ItemCollectionMetrics"]
    assert metrics["ItemCollectionKey"] == {"p": S("a")}
    low, high = metrics["SizeEstimateRangeGB"]
    assert low <= high and low >= 0
    # Not asked: not returned.
    resp = dynamodb.put_item(TableName=table, Item=item)
    assert "ItemCollectionMetrics" not in resp
    resp = dynamodb.update_item(TableName=table, Key={"p": S("a"), "c": S("1")},
                                UpdateExpression="SET z = :z",
                                ExpressionAttributeValues={":z": S("z")},
                                ReturnItemCollectionMetrics="SIZE")
    assert resp["ItemCollectionMetrics"]["ItemCollectionKey"] == {"p": S("a")}
    resp = dynamodb.delete_item(TableName=table, Key={"p": S("a"), "c": S("1")},
                                ReturnItemCollectionMetrics="SIZE")
    assert resp["ItemCollectionMetrics"]["ItemCollectionKey"] == {"p": S("a")}
    resp = dynamodb.batch_write_item(
        RequestItems={table: [{"PutRequest": {"Item": item}}]},
        ReturnItemCollectionMetrics="SIZE")
    assert resp["ItemCollectionMetrics"][table][0]["ItemCollectionKey"] == {"p": S("a")}


def test_no_metrics_without_lsi(dynamodb, test_table_s):
    resp = dynamodb.put_item(TableName=test_table_s, Item={"p": S(random_string())},
                             ReturnItemCollectionMetrics="SIZE")
    assert "ItemCollectionMetrics" not in resp


def test_item_collection_size_limit(private_server):
    # A 300 KB collection limit. Each ~70 KB item counts twice (the table and its ALL-projected
    # LSI entry), so a partition holds two such items, not three.
    srv = private_server(in_memory=True, extra_args=["--item-collection-limit-bytes", "300000"])
    client = srv.client()
    table = create_table_and_wait(client, **LSI_TABLE)
    big = "x" * 70000
    for c in ("1", "2"):
        client.put_item(TableName=table, Item={"p": S("a"), "c": S(c), "l": N(c), "v": S(big)})
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=table, Item={"p": S("a"), "c": S("3"), "l": N("3"), "v": S(big)})
    assert e.value.response["Error"]["Code"] == "ItemCollectionSizeLimitExceededException"
    # Another partition has its own collection; shrinking frees room again.
    client.put_item(TableName=table, Item={"p": S("b"), "c": S("3"), "l": N("3"), "v": S(big)})
    client.put_item(TableName=table, Item={"p": S("a"), "c": S("1"), "l": N("1"), "v": S("small")})
    client.put_item(TableName=table, Item={"p": S("a"), "c": S("3"), "l": N("3"), "v": S(big)})
