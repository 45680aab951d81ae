/**
 * The local server as `npm start` runs it (the site server with the composed
 * API under /api and, when BENCH_MAILER=1, the stream-fed mailer), in a
 * process of its own so that the load generator does not share its event
 * loop. Started by lib/api-stack.ts with the local stack's environment,
 * BENCH_MANIFEST (a content manifest file: the benchmark's events, or the
 * project's own), BENCH_DIST (the built site to serve, default dist/) and
 * BENCH_CHALLENGE_MAX_NUMBER (the proof of work's maxnumber, default the
 * site's; the check costs the server the same whatever it is) and
 * BENCH_API_ONLY=1 (serve the API app alone, without the site server);
 * prints one JSON line `{"url": …}` when it is listening, stops on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import { createApi } from '../../../functions/api';
import { createSiteServerApp } from '../../../functions/local/site-server';
import { startLocalMailer } from '../../../functions/local/stack';
import { apiOptionsFromEnv } from '../../../functions/shared/api-options';
import { createDynamoDbClient, createSesClient, tableOf } from '../../../functions/shared/clients';
import type { ContentManifest } from '../../../functions/shared/content';
import { repoRoot } from './paths';

const manifest = JSON.parse(readFileSync(process.env.BENCH_MANIFEST!, 'utf8')) as ContentManifest;
const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT!, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const table = tableOf(process.env.TABLE_NAME!, createDynamoDbClient());
const mailer =
  process.env.BENCH_MAILER === '1' ? await startLocalMailer({ endpoint: process.env.DYNAMODB_ENDPOINT!, client, table, ses: createSesClient(), mailFrom: process.env.MAIL_FROM! }) : undefined;
const api = createApi(apiOptionsFromEnv({ table, manifest, ...(process.env.BENCH_CHALLENGE_MAX_NUMBER ? { challengeMaxNumber: Number(process.env.BENCH_CHALLENGE_MAX_NUMBER) } : {}) }));
// BENCH_API_ONLY=1: the API's own app, as its function URLs run it, without the site server in front (which stands
// in for CloudFront: static files, security headers, the body-hash check AWS makes before our code runs).
const app = process.env.BENCH_API_ONLY === '1' ? api : createSiteServerApp({ distDir: process.env.BENCH_DIST ?? path.join(repoRoot, 'dist'), api });
const server = await new Promise<Server>((resolve) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
});
const address = server.address();
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })}\n`);

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void (mailer?.stop() ?? Promise.resolve()).then(() => {
    client.destroy();
    process.exit(0);
  });
});
