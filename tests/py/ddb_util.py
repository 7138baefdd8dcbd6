# Small helpers shared by the black-box tests: unique names, polling for table states, and
# assertions on DynamoDB errors as boto3 reports them.

import contextlib
import random
import re
import string
import time

import pytest
from botocore.exceptions import ClientError

TABLE_PREFIX = "magneto_test_"


def random_string(length=10):
    return "".join(random.choice(string.ascii_letters + string.digits) for _ in range(length))


def random_bytes(length=10):
    return bytes(random.randrange(256) for _ in range(length))


def unique_table_name(prefix=TABLE_PREFIX):
    return prefix + random_string(12)


def wait_for_active(client, name, timeout=120.0):
    """Polls DescribeTable every 15 ms until the table (and its indexes) is ACTIVE. boto3's
    waiter sleeps 20 s between polls, far too slow for a local server."""
    deadline = time.monotonic() + timeout
    delay = 0.015
    while True:
        desc = client.describe_table(TableName=name)["Table"]
        if desc["TableStatus"] == "ACTIVE" and all(
                g.get("IndexStatus", "ACTIVE") == "ACTIVE"
                for g in desc.get("GlobalSecondaryIndexes", [])):
            return desc
        if time.monotonic() > deadline:
            raise AssertionError("table %s not ACTIVE after %.0fs: %s"
                                 % (name, timeout, desc["TableStatus"]))
        time.sleep(delay)
        # A real DynamoDB takes seconds: after 2 s of fast polling, poll less eagerly.
        if time.monotonic() > deadline - timeout + 2:
            delay = min(delay * 1.5, 1.0)


def wait_for_gone(client, name, timeout=120.0):
    """Polls DescribeTable until it answers ResourceNotFoundException."""
    deadline = time.monotonic() + timeout
    delay = 0.015
    while True:
        try:
            client.describe_table(TableName=name)
        except ClientError as e:
            if e.response["Error"]["Code"] == "ResourceNotFoundException":
                return
            raise
        if time.monotonic() > deadline:
            raise AssertionError("table %s still exists after %.0fs" % (name, timeout))
        time.sleep(delay)
        delay = min(delay * 1.5, 1.0)


@contextlib.contextmanager
def client_error(code, message=None, match=None, contains=None):
    """Expects a botocore ClientError with Error.Code == code. message: the exact message;
    match: a regular expression searched in it; contains: a substring (or a list of them).
    Yields pytest's ExceptionInfo, so that the test can look at e.value.response."""
    with pytest.raises(ClientError) as info:
        yield info
    err = info.value.response["Error"]
    assert err.get("Code") == code, "expected %s, got %s: %s" % (code, err.get("Code"),
                                                                  err.get("Message"))
    got = err.get("Message", "")
    if message is not None:
        assert got == message
    if match is not None:
        assert re.search(match, got), "%r does not match %r" % (got, match)
    if contains is not None:
        for part in ([contains] if isinstance(contains, str) else contains):
            assert part in got, "%r not in %r" % (part, got)


def validation_error(message=None, match=None, contains=None):
    return client_error("ValidationException", message=message, match=match, contains=contains)


def get(client, table, key, **kwargs):
    """GetItem with ConsistentRead; returns the item or None."""
    kwargs.setdefault("ConsistentRead", True)
    return client.get_item(TableName=table, Key=key, **kwargs).get("Item")


def install_model_patch(target_dir):
    """Debian's botocore (1.29) predates a few DynamoDB members these tests use
    (DeletionProtectionEnabled, ReturnValuesOnConditionCheckFailure on single-item writes, Item
    in ConditionalCheckFailedException). With parameter validation off, boto3 would silently
    drop them. Writes a copy of the installed model with the missing members added under
    target_dir and points AWS_DATA_PATH at it; a newer botocore that has them is left alone.
    Must run before the first boto3 client is made."""
    import json
    import os

    import botocore.loaders

    loader = botocore.loaders.Loader()
    model = loader.load_service_model("dynamodb", "service-2")
    version = model["metadata"]["apiVersion"]
    shapes = model["shapes"]
    changed = False

    def add_member(shape, member, target):
        nonlocal changed
        members = shapes[shape]["members"]
        if member not in members:
            members[member] = {"shape": target}
            changed = True

    if "DeletionProtectionEnabled" not in shapes:
        shapes["DeletionProtectionEnabled"] = {"type": "boolean"}
    if "ReturnValuesOnConditionCheckFailure" not in shapes:
        shapes["ReturnValuesOnConditionCheckFailure"] = {"type": "string",
                                                         "enum": ["ALL_OLD", "NONE"]}
    for shape in ("CreateTableInput", "UpdateTableInput", "TableDescription"):
        add_member(shape, "DeletionProtectionEnabled", "DeletionProtectionEnabled")
    for shape in ("PutItemInput", "UpdateItemInput", "DeleteItemInput"):
        add_member(shape, "ReturnValuesOnConditionCheckFailure",
                   "ReturnValuesOnConditionCheckFailure")
    add_member("ConditionalCheckFailedException", "Item", "AttributeMap")
    if not changed:
        return
    out = os.path.join(target_dir, "dynamodb", version)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "service-2.json"), "w") as f:
        json.dump(model, f)
    paths = [target_dir] + [p for p in os.environ.get("AWS_DATA_PATH", "").split(os.pathsep) if p]
    os.environ["AWS_DATA_PATH"] = os.pathsep.join(paths)


# ---------------------------------------------------------------------------------------------
# Reading many items: filling tables, following LastEvaluatedKey, item sizes, the AWS CLI.


def put_items(client, table, items, threads=8):
    """PutItem of every item (low-level format) from a pool of threads; BatchWriteItem is not
    assumed to exist."""
    import concurrent.futures

    def put(item):
        client.put_item(TableName=table, Item=item)

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(put, items))


def read_pages(call, max_pages=5000, **kwargs):
    """Calls call(**kwargs) (client.query or client.scan) and again with ExclusiveStartKey set
    to each LastEvaluatedKey, until a page comes without one. Returns every response."""
    pages = []
    while True:
        resp = call(**kwargs)
        pages.append(resp)
        lek = resp.get("LastEvaluatedKey")
        if lek is None:
            return pages
        if len(pages) >= max_pages:
            raise AssertionError("still paging after %d pages" % max_pages)
        kwargs = dict(kwargs, ExclusiveStartKey=lek)


def page_items(pages):
    """The items of a list of Query or Scan responses, in order."""
    return [item for page in pages for item in page.get("Items", [])]


def item_size(item):
    """DynamoDB's size of an item in bytes, for items made of S, B, BOOL and NULL values:
    the UTF-8 length of each attribute name plus the size of its value."""
    total = 0
    for name, value in item.items():
        ((t, v),) = value.items()
        total += len(name.encode("utf-8"))
        if t == "S":
            total += len(v.encode("utf-8"))
        elif t == "B":
            total += len(v)
        elif t in ("BOOL", "NULL"):
            total += 1
        else:
            raise ValueError("item_size does not handle type " + t)
    return total


def run_aws_cli(endpoint, *args, timeout=180):
    """Runs `/usr/bin/aws --endpoint-url ENDPOINT --output json dynamodb ARGS...` and returns its
    parsed JSON output. Against a local server it gets dummy credentials and no config files;
    against AWS (MAGNETO_ENDPOINT set) it keeps the environment's credentials."""
    import json
    import os
    import subprocess

    aws = "/usr/bin/aws"
    if not os.path.exists(aws):
        pytest.skip("the AWS CLI is not installed at " + aws)
    env = dict(os.environ)
    env.pop("AWS_DATA_PATH", None)  # the model patch is for boto3's botocore, not the CLI's
    env["AWS_DEFAULT_REGION"] = "us-east-1"
    env["AWS_PAGER"] = ""
    if not os.environ.get("MAGNETO_ENDPOINT"):
        env["AWS_ACCESS_KEY_ID"] = "magneto-test-key"
        env["AWS_SECRET_ACCESS_KEY"] = "magneto-test-secret"
        env.pop("AWS_SESSION_TOKEN", None)
        env.pop("AWS_PROFILE", None)
        env["AWS_CONFIG_FILE"] = "/nonexistent/magneto-aws-config"
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/magneto-aws-credentials"
    cmd = [aws, "--endpoint-url", endpoint, "--output", "json", "dynamodb"] + list(args)
    proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout)
    assert proc.returncode == 0, "%s failed (%d): %s" % (
        " ".join(cmd), proc.returncode, proc.stderr.decode("utf-8", "replace")[-2000:])
    return json.loads(proc.stdout.decode("utf-8"))
