// Smoke test of Magneto with the AWS SDK for JavaScript v3 (node --test): starts the server on a
// free loopback port over a temporary data dir, runs table and item operations through the
// low-level client and the document client, and stops the server.
// Env: MAGNETO_BIN (default build/magneto), or MAGNETO_ENDPOINT to use a running server.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TABLE = `magneto_js_smoke_${Math.random().toString(36).slice(2, 10)}`;

let server = null;
let spawnError = null;
let dataDir = null;
let client = null;
let doc = null;

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(endpoint, proc, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`cannot start magneto: ${spawnError.message}`);
    if (proc.exitCode !== null) throw new Error(`magneto exited with ${proc.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/`);
      await res.text();
      return;
    } catch {
      await sleep(20);
    }
  }
  throw new Error('magneto did not answer in time');
}

async function waitForStatus(name, wanted, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table.TableStatus === wanted) return Table;
    if (Date.now() > deadline) throw new Error(`table ${name} is ${Table.TableStatus}`);
    await sleep(15);
  }
}

before(async () => {
  let endpoint = process.env.MAGNETO_ENDPOINT;
  if (!endpoint) {
    const bin = process.env.MAGNETO_BIN ? resolve(ROOT, process.env.MAGNETO_BIN)
                                        : join(ROOT, 'build', 'magneto');
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'magneto-js-'));
    server = spawn(bin, ['--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir,
                         '--region', 'us-east-1', '--log-level', 'warn'],
                   { stdio: ['ignore', 'inherit', 'inherit'] });
    server.once('error', (err) => { spawnError = err; });
    endpoint = `http://127.0.0.1:${port}`;
    await waitForHealth(endpoint, server);
  }
  client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: process.env.MAGNETO_ENDPOINT
      ? undefined
      : { accessKeyId: 'magneto', secretAccessKey: 'magneto' },
    maxAttempts: 1,
  });
  doc = DynamoDBDocumentClient.from(client);
});

after(async () => {
  try {
    if (client) await client.send(new DeleteTableCommand({ TableName: TABLE }));
  } catch {
    // Already deleted by the test, or never created.
  }
  client?.destroy();
  if (server && server.exitCode === null && !spawnError) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('create table and wait until ACTIVE', async () => {
  const out = await client.send(new CreateTableCommand({
    TableName: TABLE,
    KeySchema: [{ AttributeName: 'p', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'p', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  assert.equal(out.TableDescription.TableName, TABLE);
  assert.equal(out.TableDescription.TableStatus, 'CREATING');
  const table = await waitForStatus(TABLE, 'ACTIVE');
  assert.match(table.TableArn, new RegExp(`^arn:aws:dynamodb:us-east-1:\\d{12}:table/${TABLE}$`));
});

test('low-level put and get with every type', async () => {
  const item = {
    p: { S: 'low' },
    n: { N: '01.50' },
    b: { B: new Uint8Array([0, 1, 255]) },
    t: { BOOL: true },
    z: { NULL: true },
    ss: { SS: ['a'] },
    l: { L: [{ N: '1' }, { M: { k: { S: 'v' } } }] },
  };
  await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
  const { Item } = await client.send(new GetItemCommand({
    TableName: TABLE, Key: { p: { S: 'low' } }, ConsistentRead: true,
  }));
  assert.equal(Item.n.N, '1.5');
  assert.deepEqual(Array.from(Item.b.B), [0, 1, 255]);
  assert.equal(Item.t.BOOL, true);
  assert.equal(Item.z.NULL, true);
  assert.deepEqual(Item.ss.SS, ['a']);
  assert.equal(Item.l.L[1].M.k.S, 'v');
});

test('document client put, get, update, delete', async () => {
  await doc.send(new PutCommand({ TableName: TABLE, Item: { p: 'doc', count: 1, tags: ['x'] } }));
  const got = await doc.send(new GetCommand({ TableName: TABLE, Key: { p: 'doc' },
                                             ConsistentRead: true }));
  assert.deepEqual(got.Item, { p: 'doc', count: 1, tags: ['x'] });

  const upd = await doc.send(new UpdateCommand({
    TableName: TABLE,
    Key: { p: 'doc' },
    UpdateExpression: 'SET #c = #c + :one, tags = list_append(tags, :more)',
    ExpressionAttributeNames: { '#c': 'count' },
    ExpressionAttributeValues: { ':one': 1, ':more': ['y'] },
    ReturnValues: 'ALL_NEW',
  }));
  assert.deepEqual(upd.Attributes, { p: 'doc', count: 2, tags: ['x', 'y'] });

  const del = await doc.send(new DeleteCommand({ TableName: TABLE, Key: { p: 'doc' },
                                                ReturnValues: 'ALL_OLD' }));
  assert.equal(del.Attributes.count, 2);
  const gone = await doc.send(new GetCommand({ TableName: TABLE, Key: { p: 'doc' },
                                              ConsistentRead: true }));
  assert.equal(gone.Item, undefined);
});

test('ConditionalCheckFailedException is parsed', async () => {
  await doc.send(new PutCommand({ TableName: TABLE, Item: { p: 'cond', v: 'old' } }));
  await assert.rejects(
    doc.send(new PutCommand({
      TableName: TABLE,
      Item: { p: 'cond', v: 'new' },
      ConditionExpression: 'attribute_not_exists(p)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })),
    (err) => {
      assert.ok(err instanceof ConditionalCheckFailedException, `got ${err.name}`);
      assert.equal(err.name, 'ConditionalCheckFailedException');
      assert.equal(err.message, 'The conditional request failed');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(err.$metadata.requestId, /^[A-Z0-9]{52}$/);
      assert.deepEqual(err.Item, { p: { S: 'cond' }, v: { S: 'old' } });
      return true;
    },
  );
  const got = await doc.send(new GetCommand({ TableName: TABLE, Key: { p: 'cond' },
                                             ConsistentRead: true }));
  assert.equal(got.Item.v, 'old');
});

test('delete table', async () => {
  const out = await client.send(new DeleteTableCommand({ TableName: TABLE }));
  assert.equal(out.TableDescription.TableStatus, 'DELETING');
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      await client.send(new DescribeTableCommand({ TableName: TABLE }));
    } catch (err) {
      assert.ok(err instanceof ResourceNotFoundException, `got ${err.name}`);
      assert.equal(err.message, `Requested resource not found: Table: ${TABLE} not found`);
      break;
    }
    if (Date.now() > deadline) throw new Error('table not deleted');
    await sleep(15);
  }
});
