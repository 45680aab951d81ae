/**
 * The API on real local components for the API and burst benchmarks:
 * DynamoDB Local and local SES started here (so this process can also make
 * raw calls and read the table), and the local server in a child process
 * (lib/api-server.ts) over a manifest of the benchmark's own events.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScanCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startLocalStack, type LocalStack } from '../../../functions/local/stack';
import type { ManifestEvent } from '../../../functions/shared/content';
import { benchDir, node24, repoRoot, workDir } from './paths';

export const benchEnv = {
  SITE_URL: 'http://localhost:4321',
  MAIL_FROM: 'Alumni Network <events@alumni.example.org>',
  SIGNING_SECRET: 'bench-signing-secret-0123456789-abcdefghijklmnop',
  // Errors only (no personal data in them, by design); written to test/bench/.work/server.log.
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

export interface BenchStack {
  stack: LocalStack;
  /** The core the local server and DynamoDB Local were pinned to, and their affinity as `taskset -p` reads it back. */
  pinned?: { core: number; server: string; dynamodb: string };
  /** The local server's process id (for `taskset -p` and profiles). */
  serverPid: number;
  /** The local server's address (paths start with /api). */
  url: string;
  doc: DynamoDBDocumentClient;
  scan(filter?: (item: Record<string, unknown>) => boolean): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/** An event open for registration, a month away. */
export function benchEvent(slug: string, capacity: number, maxGuests = 2): ManifestEvent {
  const now = Date.now();
  return {
    slug,
    title: `Benchmark ${slug}`,
    summary: 'An event made up for the benchmarks.',
    startsAt: new Date(now + 30 * 86_400_000).toISOString(),
    endsAt: new Date(now + 30 * 86_400_000 + 3_600_000).toISOString(),
    timezone: 'Europe/Berlin',
    format: 'online',
    onlineUrl: 'https://meet.example.org/bench',
    capacity,
    maxGuests,
    opensAt: null,
    closesAt: new Date(now + 29 * 86_400_000).toISOString(),
  } as ManifestEvent;
}

/** Node's options that run a TypeScript file in the process itself (tsx's CLI would run it in a child, out of reach of --cpu-prof and of a signal). */
export const tsxImport = ['--import', pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href];

/**
 * The address a benchmark server prints as its `{"url": …}` line once it listens; rejected with `stopped()`'s
 * message (and the exit code) if the process ends first.
 */
export function listeningUrl(child: ChildProcess, stopped: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${stopped()} (exit ${code})`)));
  });
}

/** Whether `taskset` (util-linux) can pin processes here: it is installed and the machine has a second core. */
export function canPin(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'pipe' });
    return os.cpus().length >= 2;
  } catch {
    return false;
  }
}

/** A process's (and its threads') affinity as taskset reads it back, e.g. "0". */
export function affinityOf(pid: number): string {
  const out = execFileSync('taskset', ['-a', '-c', '-p', String(pid)], { encoding: 'utf8' });
  return [
    ...new Set(
      out
        .trim()
        .split('\n')
        .map((line) => line.split(':').at(-1)!.trim()),
    ),
  ].join(' | ');
}

/**
 * `events`: the benchmark's own events, or `manifest`: a content manifest file
 * (the project's, functions/generated/content-manifest.json). `distDir`: the
 * built site the server serves (default the project's dist/). `pinCore`: the
 * core the local server and DynamoDB Local (every thread of its JVM) run on,
 * with `taskset`, so that a load generator pinned to another core does not
 * take their CPU. `serverArgs`: Node options for the server (e.g. --cpu-prof);
 * `serverEnv`: more of its environment.
 */
export async function startBenchStack(
  options: ({ events: ManifestEvent[] } | { manifest: string }) & { mailer: boolean; distDir?: string; pinCore?: number; serverArgs?: string[]; serverEnv?: Record<string, string> },
): Promise<BenchStack> {
  mkdirSync(workDir, { recursive: true });
  const stack = await startLocalStack({ tableName: 'alumni-bench' });
  let manifestFile: string;
  if ('manifest' in options) manifestFile = options.manifest;
  else {
    manifestFile = path.join(workDir, 'bench-manifest.json');
    writeFileSync(manifestFile, JSON.stringify({ generatedAt: new Date().toISOString(), events: options.events, mentors: [], funds: [] }));
  }
  let child: ChildProcess | undefined;
  try {
    if (options.pinCore !== undefined) {
      if (stack.dynamodb.pid === undefined) throw new Error('DynamoDB Local was not started by this process, so it cannot be pinned to a core');
      execFileSync('taskset', ['-a', '-c', '-p', String(options.pinCore), String(stack.dynamodb.pid)], { stdio: 'pipe' });
    }
    const serverCommand = [node24, ...(options.serverArgs ?? []), ...tsxImport, path.join(benchDir, 'lib/api-server.ts')];
    const [command, ...args] = options.pinCore !== undefined ? ['taskset', '-c', String(options.pinCore), ...serverCommand] : serverCommand;
    child = spawn(command!, args, {
      env: {
        ...process.env,
        ...stack.env,
        ...benchEnv,
        MENTOR_EMAILS_FILE: mentorEmailsFile(manifestFile),
        BENCH_MANIFEST: manifestFile,
        BENCH_MAILER: options.mailer ? '1' : '0',
        ...(options.distDir ? { BENCH_DIST: options.distDir } : {}),
        ...options.serverEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = child;
    const log = createWriteStream(path.join(workDir, 'server.log'));
    started.stdout!.pipe(log);
    started.stderr!.pipe(log);
    const url = await listeningUrl(started, () => 'the local server stopped before listening');
    const doc = DynamoDBDocumentClient.from(stack.client);
    return {
      stack,
      ...(options.pinCore !== undefined ? { pinned: { core: options.pinCore, server: affinityOf(started.pid!), dynamodb: affinityOf(stack.dynamodb.pid!) } } : {}),
      serverPid: started.pid!,
      url,
      doc,
      async scan(filter = () => true) {
        const items: Record<string, unknown>[] = [];
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await doc.send(new ScanCommand({ TableName: stack.tableName, ConsistentRead: true, ExclusiveStartKey }));
          items.push(...(page.Items ?? []).filter(filter));
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey);
        return items;
      },
      async stop() {
        await new Promise<void>((resolve) => {
          if (started.exitCode !== null) return resolve();
          started.once('exit', () => resolve());
          started.kill('SIGTERM');
        });
        await stack.stop();
      },
    };
  } catch (error) {
    child?.kill('SIGTERM');
    await stack.stop();
    throw error;
  }
}

/**
 * A distinct client address per request, as CloudFront forwards it (`CloudFront-Viewer-Address`), each in a
 * network of its own (IPv4 /24) for the first 65,536: each person has their own rate limit, and no network
 * reaches the per-event limit of registrations from one network.
 */
export const viewerAddress = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.${1 + ((i >> 16) & 127)}:${40_000 + (i % 20_000)}`;

/** Headers of an API write as the site's forms send it: JSON, the body's SHA-256 (CloudFront's origin access control needs it), the person's address. */
export function writeHeaders(body: string, i: number): Record<string, string> {
  return { 'content-type': 'application/json', 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'), 'cloudfront-viewer-address': viewerAddress(i) };
}

/** Made-up addresses for the manifest's mentors (as npm start makes them), in a local file the mailer reads. */
function mentorEmailsFile(manifestFile: string): string {
  const { mentors } = JSON.parse(readFileSync(manifestFile, 'utf8')) as { mentors: { slug: string }[] };
  const file = path.join(workDir, 'mentor-emails.local.json');
  writeFileSync(file, JSON.stringify(Object.fromEntries(mentors.map((m) => [m.slug, `${m.slug}@mentors.example.org`]))));
  return file;
}
