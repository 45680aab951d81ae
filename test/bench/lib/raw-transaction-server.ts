/**
 * The API benchmark's reference: a bare HTTP server (node:http, no framework,
 * no validation) that answers `POST /raw/<n>` by sending raw transaction
 * number n (raw-registration.ts) and answering 201, or 500 with the error.
 * api.ts runs it on the server's core, beside DynamoDB Local, so that the
 * SDK serialises, signs and sends each raw transaction where the API's SDK
 * does the same for each registration; autocannon asks it from the load
 * core, as it asks the API. What the registration costs on top is the API's
 * own code: Hono, validation, proof of work, rate limits.
 *
 * Reads RawSettings as JSON from BENCH_RAW_SERVER and the local stack's
 * variables (TABLE_NAME, DYNAMODB_ENDPOINT…); prints `{"url": …}` once it
 * listens.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDynamoDbClient, tableOf } from '../../../functions/shared/clients';
import { rawTransactions, sendRawTransaction, type RawSettings } from './raw-registration';

const settings = JSON.parse(process.env.BENCH_RAW_SERVER ?? '{}') as RawSettings;
const table = tableOf(process.env.TABLE_NAME!, createDynamoDbClient());
const rawTransaction = rawTransactions(table, settings);

const server = http.createServer((request, response) => {
  const n = /^\/raw\/(\d+)$/.exec(request.url ?? '')?.[1];
  request.resume();
  if (request.method !== 'POST' || n === undefined) {
    response.writeHead(404).end();
    return;
  }
  Promise.resolve(Number(n))
    .then((i) => sendRawTransaction(table, rawTransaction(i)))
    .then(
      () => response.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}'),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
