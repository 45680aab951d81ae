/**
 * Functions: the bundled size of each Lambda (built as the CDK app builds it)
 * and its cold start: the time a fresh Node 24 process takes to import the
 * bundle and answer its first event, with the environment variables Lambda
 * gives it (NODE_OPTIONS=--enable-source-maps included), against DynamoDB
 * Local and local SES. Each function is started several times; the median counts.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalStack } from '../../functions/local/stack';
import { mailerReplacedModules } from '../../infra/constructs/mailer';
import { bundleFunction, type ReplacedModule } from './lib/bundle';
import { benchDir, node24, repoRoot, workDir } from './lib/paths';
import { kb, median, round, runPart, type Budget, type Row } from './lib/results';

const bundleBudgetKB = 250;
const coldStartBudgetMs = 150;
const starts = 5;

/** A Lambda function URL (payload 2.0) request, as CloudFront forwards it. */
function urlEvent(method: string, rawPath: string, rawQueryString = '') {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'abc.lambda-url.eu-west-1.on.aws', 'cloudfront-viewer-address': '203.0.113.7:5120' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc',
      domainName: 'abc.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abc',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'Amazon CloudFront' },
      requestId: 'bench-request',
      routeKey: '$default',
      stage: '$default',
      time: '23/Nov/2026:09:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    isBase64Encoded: false,
  };
}

interface LambdaUnderTest {
  name: string;
  entry: string;
  exportName: string;
  /** What its first event is, in words. */
  firstEvent: string;
  event: unknown;
  extraFiles?: Record<string, string>;
  replacedModules?: readonly ReplacedModule[];
  /** Another Lambda sharing this one's bundle. */
  bundleOf?: string;
}

function lambdas(): LambdaUnderTest[] {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'functions/generated/content-manifest.json'), 'utf8')) as { events: { slug: string; startsAt: string }[] };
  const event = manifest.events.find((e) => new Date(e.startsAt) > new Date()) ?? manifest.events[0]!;
  const list: LambdaUnderTest[] = [
    {
      name: 'registrations',
      entry: 'functions/registrations/handler.ts',
      exportName: 'handler',
      firstEvent: `GET /api/events/${event.slug}/availability (one DynamoDB read)`,
      event: urlEvent('GET', `/api/events/${event.slug}/availability`),
    },
  ];
  const fund = (JSON.parse(readFileSync(path.join(repoRoot, 'functions/generated/content-manifest.json'), 'utf8')) as { funds: { slug: string }[] }).funds[0]?.slug ?? 'none';
  const firstRequests = {
    mentoring: { firstEvent: 'GET /api/mentor-requests/unknown?token=x (a DynamoDB read, answers 404)', event: urlEvent('GET', '/api/mentor-requests/unknown', 'token=x') },
    donations: { firstEvent: `GET /api/funds/${fund}/progress (one DynamoDB read)`, event: urlEvent('GET', `/api/funds/${fund}/progress`) },
  };
  for (const concern of ['mentoring', 'donations'] as const) {
    if (!existsSync(path.join(repoRoot, `functions/${concern}/handler.ts`))) continue;
    list.push({ name: concern, entry: `functions/${concern}/handler.ts`, exportName: 'handler', ...firstRequests[concern] });
  }
  list.push(
    {
      name: 'mailer stream',
      entry: 'functions/mailer/handler.ts',
      exportName: 'handler',
      firstEvent: 'a stream batch with one record that is not an email job (no AWS call)',
      replacedModules: mailerReplacedModules,
      event: {
        Records: [{ eventID: '1', eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { SequenceNumber: '1', NewImage: { PK: { S: 'RATE#x' }, SK: { S: '1' }, entity: { S: 'RateLimit' } } } }],
      },
    },
    { name: 'mailer sweep', entry: 'functions/mailer/handler.ts', exportName: 'sweepHandler', firstEvent: 'the scheduled sweep (a DynamoDB query for due jobs)', event: {}, bundleOf: 'mailer stream' },
    {
      name: 'site not-found',
      entry: 'infra/constructs/site/not-found-handler.ts',
      exportName: 'handler',
      firstEvent: "GET of a missing page (answers the build's 404.html)",
      event: urlEvent('GET', '/no/such/page/index.html'),
      extraFiles: { [path.join(repoRoot, 'dist/404.html')]: '404.html' },
    },
  );
  return list;
}

function probe(
  bundle: string,
  exportName: string,
  eventFile: string,
  env: NodeJS.ProcessEnv,
): Promise<{ importMs: number; firstAnswerMs: number; totalSinceStartMs: number; processStartMs: number; status: number | null }> {
  const outFile = path.join(workDir, 'cold-start.json');
  return new Promise((resolve, reject) => {
    const child = spawn(node24, [path.join(benchDir, 'lib/cold-start-probe.mjs'), bundle, exportName, eventFile, outFile], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(readFileSync(outFile, 'utf8'))) : reject(new Error(`cold start of ${bundle} failed (exit ${code}): ${stderr.slice(-2000)}`))));
  });
}

export function runFunctions() {
  return runPart('functions', async () => {
    const stack = await startLocalStack({ tableName: 'alumni-bench' });
    try {
      // DynamoDB Local's JVM warms up here, so the probes measure Node, not Java.
      for (let i = 0; i < 20; i++) await stack.client.send(new GetItemCommand({ TableName: stack.tableName, Key: { PK: { S: 'WARM' }, SK: { S: String(i) } } }));
      // What Lambda's environment holds (infra/stacks/api-stack.ts, infra/constructs/mailer.ts); the signing secret as a
      // local value instead of SIGNING_SECRET_ARN, which would reach for Secrets Manager (not read by these first events).
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        ...stack.env,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_SERVICE_NAME: 'bench',
        SITE_URL: 'https://alumni.example.org',
        MAIL_FROM: 'Alumni Network <events@alumni.example.org>',
        MENTOR_EMAILS_FILE: path.join(workDir, 'mentor-emails.local.json'),
        SIGNING_SECRET: 'bench-signing-secret-0123456789-abcdefghijklmnop',
        RETENTION_DAYS: '365',
        RATE_LIMIT_PER_MINUTE: '60',
        AWS_LAMBDA_FUNCTION_NAME: 'bench',
      };
      writeFileSync(path.join(workDir, 'mentor-emails.local.json'), '{}');
      const rows: Row[] = [];
      const budgets: Budget[] = [];
      const bundles = new Map<string, { file: string; bytes: number; mapBytes: number }>();
      for (const fn of lambdas()) {
        let bundle = fn.bundleOf ? bundles.get(fn.bundleOf) : undefined;
        if (!bundle) {
          bundle = await bundleFunction(fn.entry, path.join(workDir, 'functions', fn.name.replaceAll(' ', '-')), fn.extraFiles, fn.replacedModules);
          bundles.set(fn.name, bundle);
        }
        const eventFile = path.join(workDir, 'event.json');
        writeFileSync(eventFile, JSON.stringify(fn.event));
        const runs = [];
        for (let i = 0; i < starts; i++) runs.push(await probe(bundle.file, fn.exportName, eventFile, env));
        const coldMs = median(runs.map((r) => r.importMs + r.firstAnswerMs));
        rows.push({
          function: fn.name,
          'bundle KB': kb(bundle.bytes),
          'map KB': kb(bundle.mapBytes),
          'import ms': round(median(runs.map((r) => r.importMs)), 1),
          'first answer ms': round(median(runs.map((r) => r.firstAnswerMs)), 1),
          'cold start ms': round(coldMs, 1),
          'max of runs ms': round(Math.max(...runs.map((r) => r.importMs + r.firstAnswerMs)), 1),
          'node boot ms': round(median(runs.map((r) => r.processStartMs)), 1),
          status: runs[0]!.status,
          'first event': fn.firstEvent,
        });
        if (!fn.bundleOf)
          budgets.push({ name: `${fn.name.split(' ')[0]} bundle (minified)`, limit: `< ${bundleBudgetKB} KB`, value: `${kb(bundle.bytes)} KB`, pass: bundle.bytes < bundleBudgetKB * 1024 });
        budgets.push({ name: `${fn.name} cold start`, limit: `< ${coldStartBudgetMs} ms`, value: `${round(coldMs, 1)} ms`, pass: coldMs < coldStartBudgetMs });
      }
      return {
        rows,
        budgets,
        notes: [
          `Cold start = import of the bundle + its first answer, in a fresh Node 24 process (median of ${starts}); "node boot" is Node's own start-up before the import, which Lambda's runtime does too but is not ours.`,
          "Bundles are built like the CDK app builds them: esbuild, ESM, node24, minified, source map apart, @aws-sdk/* left to the runtime (its import is part of the cold start: it is resolved from node_modules here), the mailer's small MIME type table shipped beside its bundle (counted in its size).",
          'The machine is not a Lambda arm64 at 512 MB: Lambda at 512 MB has about a third of a vCPU, so expect its cold starts to take longer than these.',
        ],
      };
    } finally {
      await stack.stop();
    }
  });
}
