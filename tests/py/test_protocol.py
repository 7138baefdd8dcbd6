# Black-box tests of the wire protocol with raw HTTP (http.client): health check, error bodies
# (__type prefixes, message keys), authentication errors, response headers, keep-alive and the
# request size limit. Requests are signed with botocore's SigV4 so that they also pass the
# real DynamoDB's authentication.

import http.client
import json
import re
import socket
import zlib

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

from ddb_util import random_string, unique_table_name

JSON_10 = "application/x-amz-json-1.0"
DYNAMO = "com.amazonaws.dynamodb.v20120810#"
CORAL = "com.amazon.coral.service#"
VALIDATE = "com.amazon.coral.validate#"


class Raw:
    """Sends hand-made requests to the server under test."""

    def __init__(self, scheme, host, port):
        self.scheme, self.host, self.port = scheme, host, port
        self.credentials = boto3.Session().get_credentials()

    def connect(self, timeout=30):
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        return cls(self.host, self.port, timeout=timeout)

    @property
    def url(self):
        default = 443 if self.scheme == "https" else 80
        hostport = self.host if self.port == default else "%s:%d" % (self.host, self.port)
        return "%s://%s/" % (self.scheme, hostport)

    def headers(self, target, body, sign=True, content_type=JSON_10):
        headers = {"Content-Type": content_type}
        if target is not None:
            headers["X-Amz-Target"] = "DynamoDB_20120810." + target
        req = AWSRequest(method="POST", url=self.url, data=body, headers=headers)
        if sign:
            SigV4Auth(self.credentials, "dynamodb", "us-east-1").add_auth(req)
        out = dict(req.headers.items())
        out["Host"] = self.url.split("/")[2]
        return out

    def post(self, target, body, sign=True, headers=None, conn=None):
        """Returns (status, headers as a lower-cased dict, raw body bytes)."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        h = self.headers(target, body, sign=sign)
        h.update(headers or {})
        own = conn is None
        conn = conn or self.connect()
        try:
            conn.request("POST", "/", body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
        finally:
            if own:
                conn.close()

    def error(self, target, body, **kwargs):
        """Posts and expects a JSON error body; returns (status, parsed body)."""
        status, _, data = self.post(target, body, **kwargs)
        assert status >= 400, data
        return status, json.loads(data)


@pytest.fixture(scope="module")
def raw(endpoint_hostport):
    return Raw(*endpoint_hostport)


# --------------------------------------------------------------------------------------------
# Health check.


def test_health_check(raw):
    conn = raw.connect()
    conn.request("GET", "/")
    resp = conn.getresponse()
    body = resp.read().decode("utf-8")
    conn.close()
    assert resp.status == 200
    # DynamoDB answers "healthy: dynamodb.us-east-1.amazonaws.com" (its own host name).
    assert body.startswith("healthy: ")
    assert body.strip() in ("healthy: " + raw.url.split("/")[2],
                            "healthy: " + raw.host,
                            "healthy: dynamodb.us-east-1.amazonaws.com")


# --------------------------------------------------------------------------------------------
# Request errors.


def test_unknown_operation(raw):
    status, body = raw.error("NoSuchOperation", {})
    assert status == 400
    assert body["__type"] == CORAL + "UnknownOperationException"


def test_missing_target(raw):
    status, body = raw.error(None, {})
    assert status == 400
    assert body["__type"] == CORAL + "UnknownOperationException"


@pytest.mark.parametrize("payload", ["{not json", "[1, 2", "{\"TableName\": }", "\x00\x01"])
def test_malformed_json(raw, payload):
    status, body = raw.error("ListTables", payload)
    assert status == 400
    assert body["__type"] == CORAL + "SerializationException"


@pytest.mark.parametrize("target,payload", [
    ("DescribeTable", {"TableName": 123}),
    ("ListTables", {"Limit": "ten"}),
    ("ListTables", {"ExclusiveStartTableName": ["a"]}),
    ("GetItem", {"TableName": "t_t_t", "Key": {"p": {"S": 5}}}),
    ("GetItem", {"TableName": "t_t_t", "Key": [1]}),
    ("PutItem", {"TableName": "t_t_t", "Item": {"p": {"BOOL": "yes"}}}),
])
def test_wrong_field_type(raw, target, payload):
    status, body = raw.error(target, payload)
    assert status == 400
    assert body["__type"] == CORAL + "SerializationException"
    # DynamoDB writes this one's text under "Message", capitalised, unlike most errors
    # (e.g. "NUMBER_VALUE cannot be converted to String"; the wording is not checked).
    assert isinstance(body.get("Message"), str)


def test_missing_authentication(raw):
    status, body = raw.error("ListTables", {}, sign=False)
    assert status == 400
    assert body == {"__type": CORAL + "MissingAuthenticationTokenException",
                    "message": "Request is missing Authentication Token"}


SCOPE = "20240101/us-east-1/dynamodb/aws4_request"


@pytest.mark.parametrize("auth", [
    "AWS4-HMAC-SHA256 garbage",
    "AWS4-HMAC-SHA256 Credential=a/b/c/d/e",
    "AWS4-HMAC-SHA256 Credential=AK/%s/extra, SignedHeaders=host, Signature=ab" % SCOPE,
    "AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/dynamodb, SignedHeaders=host, Signature=ab",
    "AWS4-HMAC-SHA256 Credential=/%s, SignedHeaders=host, Signature=ab" % SCOPE,
    "AWS4-HMAC-SHA256 Credential=AK/%s, SignedHeaders=host" % SCOPE,
    "AWS4-HMAC-SHA256 Credential=AK/%s, Signature=ab" % SCOPE,
    "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=ab",
    "AWS4-HMAC-SHA512 Credential=AK/%s, SignedHeaders=host, Signature=ab" % SCOPE,
])
def test_malformed_authorization(raw, auth):
    status, body = raw.error("ListTables", {}, headers={"Authorization": auth})
    assert status == 400
    assert body["__type"] == CORAL + "IncompleteSignatureException"
    assert isinstance(body["message"], str)


@pytest.mark.parametrize("auth", [
    "AWS4-HMAC-SHA256 Credential=AK/%s, SignedHeaders=host;x-amz-date, Signature=ab" % SCOPE,
    "AWS4-HMAC-SHA256 Credential=AK/%s,SignedHeaders=host,Signature=ab," % SCOPE,
    "  AWS4-HMAC-SHA256 Signature=ab,  Credential=AK/%s , SignedHeaders=host  " % SCOPE,
])
def test_well_formed_authorization(raw, auth):
    # Only the header's shape is checked (signatures are not verified yet).
    status, _, data = raw.post("ListTables", {}, headers={"Authorization": auth})
    assert status == 200, data


# --------------------------------------------------------------------------------------------
# Error bodies of the API proper.


def test_resource_not_found_body(raw):
    name = unique_table_name()
    status, body = raw.error("DescribeTable", {"TableName": name})
    assert status == 400
    assert body == {"__type": DYNAMO + "ResourceNotFoundException",
                    "message": "Requested resource not found: Table: %s not found" % name}


def test_validation_body(raw, test_table_s):
    status, body = raw.error("PutItem", {"TableName": test_table_s, "Item": {"p": {"N": "1"}}})
    assert status == 400
    assert body == {"__type": VALIDATE + "ValidationException",
                    "message": "One or more parameter values were invalid: Type mismatch for "
                               "key p expected: S actual: N"}


def test_conditional_check_failed_body(raw, test_table_s):
    item = {"p": {"S": random_string()}, "a": {"S": "x"}}
    assert raw.post("PutItem", {"TableName": test_table_s, "Item": item})[0] == 200
    status, body = raw.error("PutItem", {"TableName": test_table_s, "Item": item,
                                         "ConditionExpression": "attribute_not_exists(p)"})
    assert status == 400
    assert body == {"__type": DYNAMO + "ConditionalCheckFailedException",
                    "message": "The conditional request failed"}
    status, body = raw.error("PutItem", {"TableName": test_table_s, "Item": item,
                                         "ConditionExpression": "attribute_not_exists(p)",
                                         "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    assert body["Item"] == item


def test_resource_in_use_body(raw, test_table_s):
    status, body = raw.error("CreateTable", {
        "TableName": test_table_s, "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"}]})
    assert status == 400
    assert body == {"__type": DYNAMO + "ResourceInUseException",
                    "message": "Table already exists: %s" % test_table_s}


# --------------------------------------------------------------------------------------------
# Response headers.


def check_common_headers(headers, data):
    assert re.fullmatch(r"[A-Z0-9]{52}", headers["x-amzn-requestid"])
    assert int(headers["x-amz-crc32"]) == zlib.crc32(data) & 0xFFFFFFFF
    assert headers["content-type"] == JSON_10
    assert int(headers["content-length"]) == len(data)


def test_success_headers(raw):
    status, headers, data = raw.post("ListTables", {"Limit": 5})
    assert status == 200
    check_common_headers(headers, data)
    assert isinstance(json.loads(data)["TableNames"], list)


def test_error_headers(raw):
    status, headers, data = raw.post("DescribeTable", {"TableName": unique_table_name()})
    assert status == 400
    check_common_headers(headers, data)


def test_request_ids_differ(raw):
    ids = {raw.post("ListTables", {"Limit": 1})[1]["x-amzn-requestid"] for _ in range(5)}
    assert len(ids) == 5


def test_crc32_of_unicode_body(raw, test_table_s):
    k = {"p": {"S": "\u00e9\u4e2d\U0001F600" + random_string()}}
    assert raw.post("PutItem", {"TableName": test_table_s, "Item": k})[0] == 200
    status, headers, data = raw.post("GetItem", {"TableName": test_table_s, "Key": k,
                                                 "ConsistentRead": True})
    assert status == 200
    check_common_headers(headers, data)
    assert json.loads(data)["Item"] == k


# --------------------------------------------------------------------------------------------
# Connections.


def test_keep_alive(raw):
    conn = raw.connect()
    try:
        status, headers, _ = raw.post("ListTables", {"Limit": 1}, conn=conn)
        assert status == 200
        assert headers.get("connection", "").lower() != "close"
        sock = conn.sock
        assert sock is not None, "server closed the connection after one request"
        # An error answer keeps the connection too.
        status, _, _ = raw.post("DescribeTable", {"TableName": unique_table_name()}, conn=conn)
        assert status == 400
        status, _, _ = raw.post("ListTables", {"Limit": 1}, conn=conn)
        assert status == 200
        assert conn.sock is sock, "the three requests did not share one connection"
    finally:
        conn.close()


def test_request_too_large(raw):
    # DynamoDB refuses bodies over 16 MiB with HTTP 413. The server may answer before it has
    # read everything and close the connection: a failed send is fine if the answer is there.
    body = b'{"TableName": "' + b"x" * (17 * 1024 * 1024) + b'"}'
    headers = raw.headers("DescribeTable", body)
    conn = raw.connect(timeout=60)
    try:
        conn.putrequest("POST", "/", skip_host=True, skip_accept_encoding=True)
        for k, v in headers.items():
            conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        try:
            for i in range(0, len(body), 1 << 20):
                conn.send(body[i:i + (1 << 20)])
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass
        resp = conn.getresponse()
        resp.read()
        assert resp.status == 413
    finally:
        conn.close()


def _raw_request(raw, target, payload, extra_headers=(), version="HTTP/1.1", chunked=False):
    """One signed request as bytes, written by hand (http.client cannot pipeline)."""
    body = json.dumps(payload).encode()
    lines = ["POST / %s" % version]
    for k, v in raw.headers(target, body).items():
        lines.append("%s: %s" % (k, v))
    lines.extend(extra_headers)
    if chunked:
        lines.append("Transfer-Encoding: chunked")
        half = len(body) // 2
        encoded = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (body[:half], body[half:]))
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + encoded + b"0\r\n\r\n"
    lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _read_responses(sock, count):
    """Reads `count` HTTP responses (Content-Length framed) and returns (status, headers, body)s."""
    data, out = b"", []
    while len(out) < count:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].decode().split("\r\n")
            headers = {k.lower(): v.strip() for k, v in (h.split(":", 1) for h in head[1:])}
            length = int(headers.get("content-length", "0"))
            if len(data) >= head_end + 4 + length:
                out.append((head[0], headers, data[head_end + 4:head_end + 4 + length]))
                data = data[head_end + 4 + length:]
                continue
        chunk = sock.recv(65536)
        assert chunk, "connection closed after %d of %d responses" % (len(out), count)
        data += chunk
    return out


def test_pipelined_requests(raw):
    # Several requests sent at once on one connection get their answers in order.
    with socket.create_connection((raw.host, raw.port), timeout=30) as sock:
        missing = unique_table_name()
        sock.sendall(_raw_request(raw, "ListTables", {"Limit": 1})
                     + _raw_request(raw, "DescribeTable", {"TableName": missing})
                     + _raw_request(raw, "ListTables", {"Limit": 2}))
        answers = _read_responses(sock, 3)
    assert [a[0].split()[1] for a in answers] == ["200", "400", "200"]
    assert "TableNames" in json.loads(answers[0][2])
    assert json.loads(answers[1][2])["__type"] == DYNAMO + "ResourceNotFoundException"


def test_answers_reach_their_own_connections(raw, dynamodb, test_table_s):
    # Requests that arrive together on many connections are answered together (the
    # server writes the answers of one round of reads at once): each connection still
    # gets its own answers, in order, and a write among them is answered after its sync.
    prefix = unique_table_name()
    for i in range(24):
        for j in range(3):
            dynamodb.put_item(TableName=test_table_s,
                              Item={"p": {"S": "%s-%d-%d" % (prefix, i, j)}, "v": {"N": str(i * 10 + j)}})
    socks = [socket.create_connection((raw.host, raw.port), timeout=30) for _ in range(24)]
    try:
        for i, sock in enumerate(socks):
            reqs = [_raw_request(raw, "GetItem", {"TableName": test_table_s,
                                                  "Key": {"p": {"S": "%s-%d-%d" % (prefix, i, j)}}})
                    for j in range(3)]
            reqs.insert(1, _raw_request(raw, "PutItem", {
                "TableName": test_table_s,
                "Item": {"p": {"S": "%s-%d-w" % (prefix, i)}, "v": {"N": str(i)}}}))
            sock.sendall(b"".join(reqs))
        for i, sock in enumerate(socks):
            answers = _read_responses(sock, 4)
            assert [a[0].split()[1] for a in answers] == ["200"] * 4
            assert json.loads(answers[1][2]) == {}
            got = [json.loads(a[2])["Item"] for a in (answers[0], answers[2], answers[3])]
            assert got == [{"p": {"S": "%s-%d-%d" % (prefix, i, j)}, "v": {"N": str(i * 10 + j)}}
                           for j in range(3)]
    finally:
        for sock in socks:
            sock.close()
    for i in range(24):
        item = dynamodb.get_item(TableName=test_table_s, Key={"p": {"S": "%s-%d-w" % (prefix, i)}},
                                 ConsistentRead=True)["Item"]
        assert item["v"] == {"N": str(i)}


def test_expect_continue(raw):
    # A client sending "Expect: 100-continue" waits for the interim answer before the body.
    request = _raw_request(raw, "ListTables", {"Limit": 1}, ["Expect: 100-continue"])
    head, body = request.split(b"\r\n\r\n", 1)
    with socket.create_connection((raw.host, raw.port), timeout=30) as sock:
        sock.sendall(head + b"\r\n\r\n")
        interim = b""
        while b"\r\n\r\n" not in interim:
            chunk = sock.recv(4096)
            assert chunk
            interim += chunk
        assert interim.startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(body)
        [(status, _, data)] = _read_responses(sock, 1)
    assert status.split()[1] == "200"
    assert "TableNames" in json.loads(data)


def test_chunked_request_body(raw):
    with socket.create_connection((raw.host, raw.port), timeout=30) as sock:
        sock.sendall(_raw_request(raw, "ListTables", {"Limit": 1}, chunked=True))
        [(status, _, data)] = _read_responses(sock, 1)
    assert status.split()[1] == "200"
    assert "TableNames" in json.loads(data)


def test_http_1_0_closes_unless_keep_alive(raw):
    with socket.create_connection((raw.host, raw.port), timeout=30) as sock:
        sock.sendall(_raw_request(raw, "ListTables", {"Limit": 1}, version="HTTP/1.0"))
        [(status, headers, _)] = _read_responses(sock, 1)
        assert status.startswith("HTTP/1.0 200")
        assert sock.recv(1) == b"", "HTTP/1.0 without keep-alive must close"
    with socket.create_connection((raw.host, raw.port), timeout=30) as sock:
        req = _raw_request(raw, "ListTables", {"Limit": 1}, ["Connection: keep-alive"], version="HTTP/1.0")
        sock.sendall(req + req)
        answers = _read_responses(sock, 2)
        assert all(a[0].startswith("HTTP/1.0 200") for a in answers)
        assert answers[0][1].get("connection", "").lower() == "keep-alive"
