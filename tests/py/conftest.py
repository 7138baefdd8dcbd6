# Fixtures for Magneto's black-box suite: start the server (or use MAGNETO_ENDPOINT), boto3
# clients, tables with unique names that are waited on until ACTIVE, and restartable servers.
#
# Every test here must also pass against the real DynamoDB: run with
#   MAGNETO_ENDPOINT=https://dynamodb.us-east-1.amazonaws.com /usr/bin/python3 -m pytest tests/py
# (and real credentials in the environment). Tests that need to kill or restart the server
# skip themselves when MAGNETO_ENDPOINT is set.

import atexit
import ctypes
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

import boto3
import botocore.config
import pytest

from ddb_util import install_model_patch, unique_table_name, wait_for_active

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REGION = "us-east-1"

# Against a local server, dummy credentials are enough; against AWS, the environment's are used.
if not os.environ.get("MAGNETO_ENDPOINT"):
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "magneto-test-key")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "magneto-test-secret")
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)

# Teach boto3 the DynamoDB members that Debian's botocore does not know yet.
_MODEL_DIR = tempfile.mkdtemp(prefix="magneto-botocore-model-")
atexit.register(shutil.rmtree, _MODEL_DIR, True)
install_model_patch(_MODEL_DIR)

# Every server this process starts, so that atexit (and pytest's teardown) can kill them.
_live_servers = set()


def _kill_all_servers():
    for srv in list(_live_servers):
        srv.kill()


atexit.register(_kill_all_servers)


def _die_with_parent():
    # Runs in the child between fork and exec: ask the kernel to SIGKILL the server if the
    # pytest process dies, even by SIGKILL, so that it never outlives the test run.
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


def free_port():
    """Returns a loopback TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def magneto_binary():
    path = os.environ.get("MAGNETO_BIN", os.path.join(REPO_ROOT, "build", "magneto"))
    if not os.path.isabs(path):
        path = os.path.join(REPO_ROOT, path)
    return path


class MagnetoServer:
    """One magneto process on a free loopback port, over a data directory that survives
    restarts. start() waits until the port answers the health check."""

    def __init__(self, data_dir=None, in_memory=False, extra_args=(), log_dir=None):
        self.binary = magneto_binary()
        self.in_memory = in_memory
        self.data_dir = data_dir
        self.extra_args = list(extra_args)
        self.log_dir = log_dir or tempfile.mkdtemp(prefix="magneto-log-")
        self.proc = None
        self.port = None
        self._log_file = None
        self._starts = 0

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self, timeout=30.0):
        if not os.path.exists(self.binary):
            pytest.fail("server binary not found: %s (set MAGNETO_BIN)" % self.binary)
        self.port = free_port()
        args = [self.binary, "--host", "127.0.0.1", "--port", str(self.port),
                "--region", REGION, "--log-level", os.environ.get("MAGNETO_LOG_LEVEL", "warn")]
        if self.in_memory:
            args.append("--in-memory")
        else:
            args += ["--data-dir", self.data_dir]
        delay = os.environ.get("MAGNETO_ACTIVATION_DELAY_MS")
        if delay:
            args += ["--table-activation-delay-ms", delay]
        args += self.extra_args
        self._starts += 1
        log_path = os.path.join(self.log_dir, "magneto-%d.log" % self._starts)
        self._log_file = open(log_path, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self._log_file,
                                     stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        _live_servers.add(self)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._close_log()
                with open(log_path, "rb") as f:
                    log = f.read().decode("utf-8", "replace")
                pytest.fail("magneto exited with %s during start-up:\n%s"
                            % (self.proc.returncode, log[-4000:]))
            if self._answers():
                return self
            time.sleep(0.02)
        self.kill()
        pytest.fail("magneto did not answer on port %d within %.0fs" % (self.port, timeout))

    def _answers(self):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            return True
        except OSError:
            return False

    def _close_log(self):
        if self._log_file:
            self._log_file.close()
            self._log_file = None

    def stop(self, timeout=20.0):
        """Clean shutdown with SIGTERM; returns the exit code (SIGKILL after the timeout)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        code = self.proc.returncode
        self.proc = None
        self._close_log()
        _live_servers.discard(self)
        return code

    def kill(self):
        """kill -9: no chance to flush anything."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc = None
        self._close_log()
        _live_servers.discard(self)

    def restart(self, hard=False):
        """Stops (SIGKILL if hard, else SIGTERM) and starts again on the same data dir."""
        if hard:
            self.kill()
        else:
            self.stop()
        return self.start()

    def client(self, **config):
        return make_client(self.endpoint, **config)


def make_client(endpoint, **config):
    # parameter_validation=False: boto3 would reject some invalid requests itself (e.g. a
    # table name shorter than 3); we want to see the server's answer. No retries, so that an
    # error is seen as it came.
    cfg = dict(parameter_validation=False, retries={"max_attempts": 0, "mode": "standard"},
               connect_timeout=5, read_timeout=60, max_pool_connections=32)
    cfg.update(config)
    return boto3.client("dynamodb", region_name=REGION, endpoint_url=endpoint,
                        config=botocore.config.Config(**cfg))


def is_local():
    return not os.environ.get("MAGNETO_ENDPOINT")


# ---------------------------------------------------------------------------------------------
# Session: the server and clients.


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The shared server, or None when MAGNETO_ENDPOINT points at another one."""
    if not is_local():
        yield None
        return
    data_dir = str(tmp_path_factory.mktemp("magneto-data"))
    srv = MagnetoServer(data_dir=data_dir, log_dir=str(tmp_path_factory.mktemp("magneto-log")))
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def endpoint(server):
    if server is None:
        return os.environ["MAGNETO_ENDPOINT"].rstrip("/")
    return server.endpoint


@pytest.fixture(scope="session")
def endpoint_hostport(endpoint):
    u = urllib.parse.urlparse(endpoint)
    port = u.port or (443 if u.scheme == "https" else 80)
    return u.scheme, u.hostname, port


@pytest.fixture(scope="session")
def dynamodb(endpoint):
    """A low-level boto3 DynamoDB client."""
    return make_client(endpoint)


@pytest.fixture(scope="session")
def dynamodb_resource(endpoint):
    return boto3.resource("dynamodb", region_name=REGION, endpoint_url=endpoint,
                          config=botocore.config.Config(retries={"max_attempts": 0}))


# ---------------------------------------------------------------------------------------------
# Tables.


def create_table_and_wait(client, name=None, key_schema=None, attribute_definitions=None,
                          wait=True, **kwargs):
    """CreateTable with sensible defaults (hash key p S, PAY_PER_REQUEST) and a poll every
    15 ms until ACTIVE. Returns the table name."""
    name = name or unique_table_name()
    key_schema = key_schema or [{"AttributeName": "p", "KeyType": "HASH"}]
    if attribute_definitions is None:
        attribute_definitions = [{"AttributeName": "p", "AttributeType": "S"}]
    if "BillingMode" not in kwargs and "ProvisionedThroughput" not in kwargs:
        kwargs["BillingMode"] = "PAY_PER_REQUEST"
    client.create_table(TableName=name, KeySchema=key_schema,
                        AttributeDefinitions=attribute_definitions, **kwargs)
    if wait:
        wait_for_active(client, name)
    return name


def delete_table_quietly(client, name):
    try:
        if client.describe_table(TableName=name)["Table"].get("DeletionProtectionEnabled"):
            client.update_table(TableName=name, DeletionProtectionEnabled=False)
            wait_for_active(client, name)
    except Exception:
        pass
    try:
        client.delete_table(TableName=name)
    except Exception:
        pass


@pytest.fixture
def table_factory(dynamodb):
    """Calls create_table_and_wait(dynamodb, ...) and deletes every table it made at the end."""
    made = []

    def create(**kwargs):
        kwargs.setdefault("name", unique_table_name())
        made.append(kwargs["name"])
        return create_table_and_wait(dynamodb, **kwargs)

    yield create
    for name in made:
        delete_table_quietly(dynamodb, name)


def _shared_table(client, key_schema, attribute_definitions):
    name = create_table_and_wait(client, key_schema=key_schema,
                                 attribute_definitions=attribute_definitions)
    return name


@pytest.fixture(scope="module")
def test_table_s(dynamodb):
    """Hash-only table, key p (S). Yields the table name."""
    name = _shared_table(dynamodb, [{"AttributeName": "p", "KeyType": "HASH"}],
                         [{"AttributeName": "p", "AttributeType": "S"}])
    yield name
    delete_table_quietly(dynamodb, name)


@pytest.fixture(scope="module")
def test_table_sc(dynamodb):
    """Hash + range table, keys p (S) and c (S)."""
    name = _shared_table(dynamodb,
                         [{"AttributeName": "p", "KeyType": "HASH"},
                          {"AttributeName": "c", "KeyType": "RANGE"}],
                         [{"AttributeName": "p", "AttributeType": "S"},
                          {"AttributeName": "c", "AttributeType": "S"}])
    yield name
    delete_table_quietly(dynamodb, name)


@pytest.fixture(scope="module")
def test_table_n(dynamodb):
    """Hash + range table with number keys p (N) and c (N)."""
    name = _shared_table(dynamodb,
                         [{"AttributeName": "p", "KeyType": "HASH"},
                          {"AttributeName": "c", "KeyType": "RANGE"}],
                         [{"AttributeName": "p", "AttributeType": "N"},
                          {"AttributeName": "c", "AttributeType": "N"}])
    yield name
    delete_table_quietly(dynamodb, name)


@pytest.fixture(scope="module")
def test_table_b(dynamodb):
    """Hash-only table with a binary key p (B)."""
    name = _shared_table(dynamodb, [{"AttributeName": "p", "KeyType": "HASH"}],
                         [{"AttributeName": "p", "AttributeType": "B"}])
    yield name
    delete_table_quietly(dynamodb, name)


# ---------------------------------------------------------------------------------------------
# Private servers, for tests that kill and restart one.


@pytest.fixture
def private_server(tmp_path):
    """A factory of servers of this test's own, each over its own data dir under tmp_path.
    The returned MagnetoServer has kill(), stop(), restart(hard=...) and client(). Skips when
    MAGNETO_ENDPOINT is set (a remote server cannot be restarted from here)."""
    if not is_local():
        pytest.skip("needs a local server to restart")
    made = []

    def start(in_memory=False, extra_args=()):
        data_dir = str(tmp_path / ("data-%d" % len(made)))
        os.makedirs(data_dir, exist_ok=True)
        srv = MagnetoServer(data_dir=data_dir, in_memory=in_memory, extra_args=extra_args,
                            log_dir=str(tmp_path))
        made.append(srv)
        return srv.start()

    yield start
    for srv in made:
        srv.kill()


@pytest.fixture
def restart_server(private_server):
    """A started private server over a real data dir; call .restart() (SIGTERM) or
    .restart(hard=True) (kill -9) to bring it back on the same data dir."""
    return private_server()
