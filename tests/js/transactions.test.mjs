// Transactions through the AWS SDK for JavaScript v3 (node --test): a cancelled
// TransactWriteItems must surface as TransactionCanceledException with the CancellationReasons
// the SDK parses from the error body, an idempotent retry must apply once, and TransactGetItems
// must answer in request order. Starts its own server like smoke.test.mjs.
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
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  IdempotentParameterMismatchException,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TABLE = `magneto_js_txn_${Math.random().toString(36).slice(2, 10)}`;

let server = null;
let spawnError = null;
let dataDir = null;
let client = null;

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

before(async () => {
  let endpoint = process.env.MAGNETO_ENDPOINT;
  if (!endpoint) {
    const bin = process.env.MAGNETO_BIN ? resolve(ROOT, process.env.MAGNETO_BIN)
                                        : join(ROOT, 'build', 'magneto');
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'magneto-js-txn-'));
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
  await client.send(new CreateTableCommand({
    TableName: TABLE,
    KeySchema: [{ AttributeName: 'p', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'p', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  for (const deadline = Date.now() + 60000; ;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    if (Table.TableStatus === 'ACTIVE') break;
    if (Date.now() > deadline) throw new Error(`table ${TABLE} is ${Table.TableStatus}`);
    await sleep(15);
  }
});

after(async () => {
  try {
    if (client) await client.send(new DeleteTableCommand({ TableName: TABLE }));
  } catch {
    // Never created.
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

test('cancelled transaction exposes CancellationReasons', async () => {
  await client.send(new PutItemCommand({ TableName: TABLE, Item: { p: { S: 'taken' }, v: { N: '1' } } }));
  await assert.rejects(
    client.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: TABLE, Item: { p: { S: 'fresh' } } } },
        {
          Put: {
            TableName: TABLE,
            Item: { p: { S: 'taken' }, v: { N: '2' } },
            ConditionExpression: 'attribute_not_exists(p)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ],
    })),
    (err) => {
      assert.ok(err instanceof TransactionCanceledException, `got ${err.name}`);
      assert.equal(err.message, 'Transaction cancelled, please refer cancellation reasons for '
                                + 'specific reasons [None, ConditionalCheckFailed]');
      assert.deepEqual(err.CancellationReasons, [
        { Code: 'None' },
        {
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          Item: { p: { S: 'taken' }, v: { N: '1' } },
        },
      ]);
      return true;
    },
  );
  const { Item } = await client.send(new GetItemCommand({ TableName: TABLE, Key: { p: { S: 'fresh' } } }));
  assert.equal(Item, undefined);
});

test('ClientRequestToken makes a retry apply once', async () => {
  const token = `js-${Math.random().toString(36).slice(2)}`;
  const add = (by) => new TransactWriteItemsCommand({
    ClientRequestToken: token,
    TransactItems: [{
      Update: {
        TableName: TABLE,
        Key: { p: { S: 'counter' } },
        UpdateExpression: 'ADD n :by',
        ExpressionAttributeValues: { ':by': { N: String(by) } },
      },
    }],
  });
  await client.send(add(1));
  await client.send(add(1));
  await assert.rejects(client.send(add(2)),
                       (err) => err instanceof IdempotentParameterMismatchException);
  const { Item } = await client.send(new GetItemCommand({
    TableName: TABLE, Key: { p: { S: 'counter' } }, ConsistentRead: true,
  }));
  assert.deepEqual(Item.n, { N: '1' });
});

test('TransactGetItems answers in request order', async () => {
  const out = await client.send(new TransactGetItemsCommand({
    TransactItems: [
      { Get: { TableName: TABLE, Key: { p: { S: 'missing' } } } },
      { Get: { TableName: TABLE, Key: { p: { S: 'taken' } }, ProjectionExpression: 'v' } },
    ],
  }));
  assert.deepEqual(out.Responses, [{}, { Item: { v: { N: '1' } } }]);
});
