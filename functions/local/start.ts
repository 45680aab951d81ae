/**
 * `npm start`: the whole product on this machine, on real components.
 *
 * 1. Builds the site (`astro build`, as `npm run build` does after the manifest,
 *    which `npm start` has just written; SKIP_BUILD=1 reuses an existing dist/).
 * 2. Meanwhile starts DynamoDB Local (data in .data/dynamodb, or in memory with
 *    LOCAL_DATA=memory) and creates the table; starts aws-ses-v2-local.
 * 3. Starts the mailer on the table's stream, as Lambda would run it.
 * 4. Serves dist/ and the API under /api on one origin (PORT, default 4321),
 *    with the security headers CloudFront adds.
 *
 * SES_PORT chooses the local email server's port (default 8005; another free
 * port if that one is taken), so browser tests can read its inbox.
 *
 * Ctrl-C (or SIGTERM) stops everything it started.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApi } from '../api';
import { apiOptionsFromEnv } from '../shared/api-options';
import { bundledManifest } from '../shared/content';
import { startMentoringSchedule, type LocalMentoringSchedule } from './mentoring-schedule';
import { isPortFree, MissingComponent } from './ports';
import { startEventSchedule, type LocalEventSchedule } from './event-schedule';
import { createSiteServerApp } from './site-server';
import { startLocalMailer, startLocalStack, type LocalStack } from './stack';
import type { StreamMailer } from './stream-mailer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.join(root, '.data');
const distDir = path.join(root, 'dist');
const port = Number(process.env.PORT ?? 4321);
const inMemory = process.env.LOCAL_DATA === 'memory';
/** Where the running stack's addresses are written for the staff tool (`npm run admin`); removed on stop. */
const stackFile = path.join(dataDir, 'local-stack.json');

const say = (line = '') => process.stdout.write(`${line}\n`);
const fail = (message: string): never => {
  process.stderr.write(`\n✖ ${message}\n\n`);
  process.exit(1);
};

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', () => resolve(127));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** A value kept under .data/ so it survives restarts (or made fresh for an in-memory run). */
async function persisted(name: string, make: () => string | Promise<string>): Promise<string> {
  if (inMemory) return make();
  const file = path.join(dataDir, name);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const value = await make();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, value + '\n', { mode: 0o600 });
  return value;
}

async function main() {
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be a port number; it is "${process.env.PORT}".`);
  if (port !== 0 && !(await isPortFree(port))) fail(`Port ${port} is already in use. Stop what is using it, or choose another: PORT=4322 npm start`);

  // The database and the email server start while the site builds: the JVM's start is seconds of its own.
  const building = (async (): Promise<boolean> => {
    if (process.env.SKIP_BUILD === '1' && existsSync(path.join(distDir, 'index.html'))) {
      say('Using the existing build in dist/ (SKIP_BUILD=1).');
      return true;
    }
    say('Building the site …');
    return (await run(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build'])) === 0;
  })();
  say(`Starting DynamoDB Local (${inMemory ? 'in memory' : 'data in .data/dynamodb'}) and the local email server …`);
  const starting = startLocalStack({ dataDir: inMemory ? undefined : path.join(dataDir, 'dynamodb'), sesPreferredPort: Number(process.env.SES_PORT ?? 8005) });
  const [built, started] = await Promise.allSettled([building, starting]);
  const builtOk = built.status === 'fulfilled' && built.value;
  if (!builtOk || !existsSync(distDir)) {
    if (started.status === 'fulfilled') await started.value.stop();
    return fail(builtOk ? 'The build wrote no dist/ folder.' : 'The site build failed: see the messages above.');
  }
  if (started.status === 'rejected') {
    const error = started.reason as Error;
    if (error instanceof MissingComponent) return fail(error.message);
    return fail(`The local database did not start: ${error.message}`);
  }
  const stack: LocalStack = started.value;

  const siteUrl = process.env.SITE_URL ?? `http://localhost:${port}`;
  Object.assign(process.env, stack.env, {
    SITE_URL: siteUrl,
    MAIL_FROM: process.env.MAIL_FROM ?? 'Alumni Network <events@alumni.example.org>',
    SIGNING_SECRET: process.env.SIGNING_SECRET ?? (await persisted('signing-secret', () => randomBytes(32).toString('base64url'))),
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });
  if (!process.env.MENTOR_EMAILS_FILE) process.env.MENTOR_EMAILS_FILE = await localMentorEmails();

  let mailer: StreamMailer | undefined;
  let mentoringSchedule: LocalMentoringSchedule | undefined;
  let schedule: LocalEventSchedule | undefined;
  let server: Server | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) process.exit(code);
    stopping = true;
    say('\nStopping …');
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    await schedule?.stop();
    await mentoringSchedule?.stop();
    await mailer?.stop();
    await stack.stop();
    await rm(stackFile, { force: true });
    say('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    mailer = await startLocalMailer({
      ...stack.mailerOptions,
      mailFrom: process.env.MAIL_FROM!,
      onError: (error) => process.stderr.write(`mailer: ${(error as Error).message}\n`),
    });
    const apiOptions = apiOptionsFromEnv({ table: stack.table });
    const app = createSiteServerApp({ distDir, api: createApi(apiOptions) });
    // Events changed since the data's last run are told now: notices, reminders and follow-up (as the schedule does in AWS).
    schedule = startEventSchedule(apiOptions, { onError: (error) => process.stderr.write(`event schedule: ${(error as Error).message}\n`) });
    const first = await schedule.first;
    if (first && first.written.change > 0) say(`Event changes: ${first.written.change} notice(s) to registrants queued.`);
    // Mentor reminders, expiries, check-ins and ends, every minute (hourly in AWS).
    mentoringSchedule = startMentoringSchedule(apiOptions, { onError: (error) => process.stderr.write(`mentoring schedule: ${(error as Error).message}\n`) });
    server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s as Server));
      (s as Server).once('error', reject);
    });
  } catch (error) {
    process.stderr.write(`\n✖ ${(error as Error).message}\n`);
    await stop(1);
    return;
  }

  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  // In both modes (LOCAL_DATA=memory too), so the staff tool finds the running stack: addresses only, no keys
  // (an in-memory run keeps its signing key in memory, so `admin events resend` needs SIGNING_SECRET there).
  const running = { dynamodbEndpoint: stack.dynamodb.endpoint, tableName: stack.tableName, siteUrl, pid: process.pid, data: inMemory ? 'memory' : 'disk' };
  await mkdir(dataDir, { recursive: true });
  await writeFile(stackFile, JSON.stringify(running, null, 2) + '\n', { mode: 0o600 });
  say('');
  say(`  Site     http://localhost:${actualPort}/`);
  say(`  API      http://localhost:${actualPort}/api/health`);
  say(`  Inbox    http://localhost:${stack.ses.port}/   (every email the site sends lands here)`);
  say(`  Data     ${inMemory ? 'in memory (LOCAL_DATA=memory): gone when stopped' : '.data/ (kept between runs; delete the folder to start afresh)'}`);
  say('');
  say('  Ctrl-C stops everything. POWERTOOLS_LOG_LEVEL=INFO shows each API request.');
}

/** Mentor addresses for local use: mentor-emails.local.json if present, else made-up addresses per mentor in .data/. */
async function localMentorEmails(): Promise<string> {
  const own = path.join(root, 'mentor-emails.local.json');
  if (existsSync(own)) return own;
  const addresses = Object.fromEntries(bundledManifest.mentors.map((m) => [m.slug, `${m.slug}@mentors.example.org`]));
  const file = path.join(dataDir, 'mentor-emails.local.json');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(addresses, null, 2) + '\n');
  return file;
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
