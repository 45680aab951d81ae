/**
 * `npm run synth` as a newcomer runs it, and the Lambda functions it bundles as they will run.
 *
 * One run of the CDK CLI from infra/ for every stage (`-c stage=all`, as CI checks them: each function is bundled
 * once for all stages), with no AWS credentials, no network and no Docker: it must write every stage's templates and
 * pass cdk-nag's packs. It is given a small stand-in build (`-c siteDir`), so the run does not depend on whether
 * this checkout has built the site; synth without any build is site.test.ts's `noBuild`. Then dev's functions, from that run's own bundles: booted in Node 24 with exactly the
 * environment their templates give them, and each role checked against what its bundle can actually call.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tableActions } from '../../infra/constructs/data-table';
import { repoPath } from '../../infra/paths';
import { apiFunctionNeeds, builtApiFunctions } from '../../infra/stacks/api-stack';
import { fixture404, fixtureSite } from './synth';

/** The environment without anything that could reach AWS. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(AWS_|CDK_DEFAULT_)/.test(name)) delete env[name];
  return { ...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' };
}

type Template = { Resources: Record<string, { Type: string; Properties?: any; Metadata?: Record<string, string> }> };

interface DeployedFunction {
  /** e.g. Api/Registrations */
  name: string;
  /** The template of the function's stack. */
  template: Template;
  logicalId: string;
  properties: any;
  bundleDir: string;
  bundle: string;
  /** Every statement of every policy attached to the function's role. */
  statements: { Action: string | string[]; Resource: unknown; Effect: string }[];
  managedPolicies: unknown[];
}

let run: SpawnSyncReturns<string>;
let outdir: string;
/** Dev's functions; none when the synth failed, so each check below fails naming what is missing. */
let functions: DeployedFunction[] = [];
const templateOf = (stack: string): Template => JSON.parse(readFileSync(path.join(outdir, `${stack}.template.json`), 'utf8')) as Template;

// Bundling a dozen functions on a busy two-core machine (CI's runners) takes minutes.
beforeAll(() => {
  // Under node_modules, so that when a test imports a bundle, `@aws-sdk/*` (left out of it, as the Lambda runtime
  // provides it) resolves to the project's copy. The site is a small stand-in build (test/infra/synth.ts), so the
  // not-found function ships its known 404 page.
  const parent = repoPath('node_modules/.cache');
  mkdirSync(parent, { recursive: true });
  outdir = mkdtempSync(path.join(parent, 'alumni-cdk-synth-'));
  run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-c', 'stage=all', '-c', `siteDir=${fixtureSite(outdir)}`, '-o', outdir], {
    cwd: repoPath('infra'),
    env: offlineEnv(),
    encoding: 'utf8',
    timeout: 290_000,
  });
  if (run.status !== 0) return;
  functions = ['Alumni-dev-Api', 'Alumni-dev-Email', 'Alumni-dev-Site'].flatMap((stack) => {
    const template = templateOf(stack);
    const resources = template.Resources;
    return Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME)
      .map(([logicalId, r]) => {
        const roleId = r.Properties.Role['Fn::GetAtt'][0] as string;
        const role = resources[roleId]!;
        const attached = Object.values(resources).filter((p) => p.Type === 'AWS::IAM::Policy' && p.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId));
        const statements = [...(role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement), ...attached.flatMap((p) => p.Properties.PolicyDocument.Statement)];
        const bundleDir = path.join(outdir, r.Metadata!['aws:asset:path']!);
        return {
          name: `${stack.split('-').pop()}/${logicalId.replace(/Function[0-9A-F]{8}$/, '')}`,
          template,
          logicalId,
          properties: r.Properties,
          bundleDir,
          bundle: readFileSync(path.join(bundleDir, 'index.mjs'), 'utf8'),
          statements,
          managedPolicies: role.Properties.ManagedPolicyArns ?? [],
        };
      });
  });
}, 300_000);

afterAll(() => {
  if (functions.length > 0) {
    const sizes = functions.map((f) => `${f.name}: ${(statSync(path.join(f.bundleDir, 'index.mjs')).size / 1024).toFixed(0)} KB`);
    console.info(`bundled function sizes (index.mjs, minified, without source map):\n  ${[...new Set(sizes)].join('\n  ')}`);
  }
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

test.each(['dev', 'prod'])('cdk synth of %s works offline without credentials and passes cdk-nag', (stage) => {
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  const templates = readdirSync(outdir)
    .filter((f) => f.startsWith(`Alumni-${stage}-`) && f.endsWith('.template.json'))
    .sort();
  // The six stacks of every stage, and dev's previews of pull requests (`previews` in infra/cdk.json: on in dev, never in prod).
  const stacks = ['Edge', 'Data', 'Alerts', 'Api', 'Email', 'Site', ...(stage === 'dev' ? ['Preview'] : [])];
  expect(templates).toEqual(stacks.map((s) => `Alumni-${stage}-${s}.template.json`).sort());
  // Every function's code is bundled: each Lambda function of the stage points at an asset folder in the output.
  const apiFunctions = Object.values(templateOf(`Alumni-${stage}-Api`).Resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['aws:asset:path']);
  expect(apiFunctions.length).toBeGreaterThan(0);
  for (const fn of apiFunctions) expect(existsSync(path.join(outdir, fn.Metadata!['aws:asset:path']!, 'index.mjs')), fn.Metadata!['aws:asset:path']).toBe(true);
  // cdk-nag's packs and CDK's own template validation report here on every synth.
  const report = path.join(outdir, 'validation-report.json');
  expect(existsSync(report), 'the validation report of cdk synth').toBe(true);
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as { pluginReports?: { pluginName: string; violations?: { severity: string; resource?: string }[] }[] };
  const nagViolations = (parsed.pluginReports ?? []).filter((r) => /AwsSolutions|Serverless/.test(r.pluginName)).flatMap((r) => r.violations ?? []);
  expect(nagViolations).toEqual([]);
  // CDK's own validation of the templates against CloudFormation's rules (it only warns, so synth still succeeds).
  const templateViolations = (parsed.pluginReports ?? []).filter((r) => r.pluginName === 'CloudFormation Validate').flatMap((r) => r.violations ?? []);
  expect(templateViolations).toEqual([]);
});

const capitalised = (name: string) => name[0]!.toUpperCase() + name.slice(1);
/** The API concerns whose code exists (a concern not written yet is not deployed; see builtApiFunctions). */
const builtApi = builtApiFunctions();

const byName = (name: string) => {
  const found = functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name} among ${functions.map((f) => f.name).join(', ')}`);
  return found;
};

describe('every function', () => {
  test('the app has the functions the layout promises', () => {
    expect(builtApi).toContain('registrations');
    expect(functions.map((f) => f.name).sort()).toEqual(
      [
        ...builtApi.map((name) => `Api/${capitalised(name)}`),
        // The events' schedule answers no route: it is always there (infra/constructs/event-schedule.ts).
        'Api/EventScheduleRun',
        // The mentoring schedule comes with the mentoring function (infra/constructs/mentoring-schedule.ts).
        ...(builtApi.includes('mentoring') ? ['Api/MentoringScheduleRun'] : []),
        // The newsletter's one-click address and issue queue come with its function (infra/constructs/newsletter-sending.ts).
        ...(builtApi.includes('newsletter') ? ['Api/NewsletterSendingOneClick', 'Api/NewsletterSendingIssues'] : []),
        'Email/BouncesHandler',
        'Email/MailerStream',
        'Email/MailerSweep',
        'Site/SiteNotFound',
      ].sort(),
    );
  });

  test('runs Node 24 on arm64 with explicit memory and timeout, JSON logs in its own log group with a retention, source maps on', () => {
    for (const fn of functions) {
      const p = fn.properties;
      expect(p.Runtime, fn.name).toBe('nodejs24.x');
      expect(p.Architectures, fn.name).toEqual(['arm64']);
      expect(p.MemorySize, fn.name).toBeGreaterThanOrEqual(128);
      expect(p.Timeout, fn.name).toBeGreaterThan(0);
      expect(p.Environment.Variables.NODE_OPTIONS, fn.name).toBe('--enable-source-maps');
      expect(p.LoggingConfig.LogFormat, fn.name).toBe('JSON');
      const logGroup = fn.template.Resources[p.LoggingConfig.LogGroup.Ref]!;
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays, fn.name).toBe(14);
    }
  });

  test('is bundled as minified ESM with a source map, leaving the AWS SDK to the runtime', () => {
    for (const fn of functions) {
      expect(existsSync(path.join(fn.bundleDir, 'index.mjs.map')), fn.name).toBe(true);
      expect(fn.properties.Handler, fn.name).toMatch(/^index\.\w+$/);
      // Minified: no source layout survives. Line breaks remain only inside template strings (email bodies, MIME and
      // calendar lines), so nearly all of the code sits on lines of a thousand characters or more; an unminified
      // esbuild bundle has under 1% of its characters on such lines (about 40 characters a line on average).
      if (fn.bundle.length > 10_000) {
        const onLongLines = fn.bundle.split('\n').reduce((sum, line) => sum + (line.length >= 1000 ? line.length : 0), 0);
        expect(onLongLines / fn.bundle.length, `${fn.name}: share of the bundle on lines of 1,000+ characters`).toBeGreaterThan(0.8);
      }
      // The SDK is imported from the runtime, never bundled.
      expect(fn.bundle, fn.name).not.toMatch(/node_modules\/@aws-sdk\//);
    }
    expect(byName('Api/Registrations').bundle).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
  });
});

/** A Lambda function URL (payload 2.0) request, as CloudFront forwards it. */
function urlEvent(method: string, rawPath: string, headers: Record<string, string> = {}, body?: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { host: 'abc.lambda-url.eu-west-1.on.aws', 'cloudfront-viewer-address': '203.0.113.7:5120', ...headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc',
      domainName: 'abc.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abc',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'Amazon CloudFront' },
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: '23/Nov/2026:09:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

const lambdaContext = {
  functionName: 'test',
  awsRequestId: 'test-request',
  getRemainingTimeInMillis: () => 10_000,
};

/**
 * Imports a bundle the way Lambda does: a fresh module, the process environment set to what the
 * template gives the function (references to other resources become stand-in values).
 */
async function boot(fn: DeployedFunction): Promise<Record<string, any>> {
  const variables: Record<string, unknown> = fn.properties.Environment.Variables;
  const saved = { ...process.env };
  for (const [name, value] of Object.entries(variables)) {
    process.env[name] =
      typeof value === 'string' ? value : name === 'TABLE_NAME' ? 'alumni-test-table' : name.endsWith('_ARN') ? `arn:aws:secretsmanager:eu-west-1:000000000000:secret:${name}` : `unresolved-${name}`;
  }
  process.env.AWS_REGION = 'eu-west-1';
  try {
    return await import(`${pathToFileURL(path.join(fn.bundleDir, 'index.mjs')).href}?${fn.logicalId}`);
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

describe('each function starts with the environment its template gives it', () => {
  const someEvent = (JSON.parse(readFileSync(repoPath('functions/generated/content-manifest.json'), 'utf8')) as { events: { slug: string }[] }).events[0]!.slug;
  const writeRoutes = { registrations: `/api/events/${someEvent}/registrations`, mentoring: '/api/mentor-requests', donations: '/api/donations', newsletter: '/api/subscriptions' };
  test.each(builtApi.map((name) => [`Api/${capitalised(name)}`, writeRoutes[name]]))('%s answers a write of the wrong media type with 415, before touching any AWS service', async (name, route) => {
    const module = await boot(byName(name));
    const response = await module.handler(urlEvent('POST', route, { 'content-type': 'text/plain' }, 'hello'), lambdaContext);
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body).error.code).toBe('unsupported_media_type');
  });

  test('the registrations function also answers /api/health, which CloudFront sends it', async () => {
    const module = await boot(byName('Api/Registrations'));
    const response = await module.handler(urlEvent('GET', '/api/health'), lambdaContext);
    expect({ status: response.statusCode, body: JSON.parse(response.body) }).toEqual({ status: 200, body: { status: 'ok' } });
  });

  test('the one-click function (the only one CloudFront calls unsigned) answers nothing but the one-click address', async () => {
    expect(builtApi).toContain('newsletter');
    const module = await boot(byName('Api/NewsletterSendingOneClick'));
    for (const [method, route] of [
      ['GET', '/api/subscriptions/0123456789abcdef01234567'],
      ['PATCH', '/api/subscriptions/0123456789abcdef01234567'],
      ['GET', '/api/subscriptions/0123456789abcdef01234567/unsubscribe'],
      ['POST', '/api/subscriptions'],
      ['POST', '/api/subscriptions/0123456789abcdef01234567/confirm'],
      ['POST', `/api/events/${someEvent}/registrations`],
      ['GET', '/api/health'],
    ] as const) {
      const response = await module.handler(urlEvent(method, route, { 'content-type': 'application/json' }, method === 'GET' ? undefined : '{}'), lambdaContext);
      expect(response.statusCode, `${method} ${route}`).toBe(404);
    }
  });

  test('the mailer takes a stream batch and reports no failure for records that are not email jobs', async () => {
    const module = await boot(byName('Email/MailerStream'));
    const record = {
      eventID: '1',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: { SequenceNumber: '1', NewImage: { PK: { S: 'RATE#x' }, SK: { S: '1' }, entity: { S: 'RateLimit' } } },
    };
    await expect(module.handler({ Records: [record] }, lambdaContext)).resolves.toEqual({ batchItemFailures: [] });
    expect(typeof module.sweepHandler).toBe('function');
  });

  test("the sweep function's handler exists in its bundle", async () => {
    const fn = byName('Email/MailerSweep');
    expect(fn.properties.Handler).toBe('index.sweepHandler');
    expect(typeof (await boot(fn)).sweepHandler).toBe('function');
  });

  test("the not-found function answers with the build's own 404 page and status", async () => {
    const module = await boot(byName('Site/SiteNotFound'));
    const response = await module.handler(urlEvent('GET', '/no/such/page/index.html'), lambdaContext);
    expect(response).toMatchObject({ statusCode: 404, body: fixture404 });
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });
});

// ---------------------------------------------------------------------------
// Least privilege: what each bundle can call, against what each role allows.

/** DynamoDB actions behind each SDK command a bundle imports (document and low-level clients alike). */
const dynamodbActionsOf: Record<string, string[]> = {
  Get: ['GetItem'],
  Put: ['PutItem'],
  Update: ['UpdateItem'],
  Delete: ['DeleteItem'],
  Query: ['Query'],
  Scan: ['Scan'],
  BatchGet: ['BatchGetItem'],
  BatchWrite: ['BatchWriteItem'],
  TransactGet: ['GetItem'],
  // DynamoDB authorises each item of a transaction by its own action.
  TransactWrite: ['PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'],
  DescribeTable: ['DescribeTable'],
};

/** Named imports of a bundle from one external package. */
function importsFrom(bundle: string, pkg: string): Set<string> {
  const names = new Set<string>();
  const pattern = new RegExp(`import\\{([^}]*)\\}from"${pkg.replace('/', '\\/')}"`, 'g');
  for (const match of bundle.matchAll(pattern)) {
    for (const part of match[1]!.split(',')) names.add(part.trim().split(/\s+as\s+/)[0]!);
  }
  return names;
}

function neededDynamodbActions(bundle: string): Set<string> {
  const commands = [...importsFrom(bundle, '@aws-sdk/lib-dynamodb'), ...importsFrom(bundle, '@aws-sdk/client-dynamodb')];
  const actions = new Set<string>();
  for (const command of commands) {
    const base = command.replace(/Command$/, '').replace(/(Item|Items)$/, '');
    if (!command.endsWith('Command')) continue;
    const mapped = dynamodbActionsOf[base];
    if (!mapped) throw new Error(`no IAM mapping for ${command}: add it to this test`);
    for (const action of mapped) actions.add(`dynamodb:${action}`);
  }
  return actions;
}

const actionsOf = (fn: DeployedFunction) => new Set(fn.statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
const statementsFor = (fn: DeployedFunction, prefix: string) => fn.statements.filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).some((a) => a.startsWith(prefix)));
const json = (value: unknown) => JSON.stringify(value);

describe("each function's role allows only what its own code calls, on its own resources", () => {
  test('no AWS managed policies, no Deny-less wildcards', () => {
    for (const fn of functions) {
      expect(fn.managedPolicies, fn.name).toEqual([]);
      for (const statement of fn.statements) {
        expect(statement.Effect).toBe('Allow');
        expect([statement.Resource].flat(), `${fn.name}: ${json(statement.Action)}`).not.toContain('*');
        expect(
          [statement.Action].flat().some((a) => a.includes('*')),
          fn.name,
        ).toBe(false);
      }
    }
  });

  test("DynamoDB: exactly the item actions the bundle imports commands for, on the stage's table and its indexes", () => {
    for (const fn of functions) {
      const granted = new Set([...actionsOf(fn)].filter((a) => a.startsWith('dynamodb:') && !/Stream|GetRecords|GetShardIterator/.test(a)));
      expect(granted, `${fn.name}: DynamoDB actions granted vs called` + ` (the grants are set in infra/stacks/api-stack.ts apiFunctionNeeds and infra/constructs/mailer.ts)`).toEqual(
        neededDynamodbActions(fn.bundle),
      );
      for (const statement of statementsFor(fn, 'dynamodb:')) {
        for (const resource of [statement.Resource].flat()) {
          expect(json(resource), fn.name).toContain('"StackName":"Alumni-dev-Data"');
          expect(json(resource), fn.name).toMatch(/DataTable[0-9A-F]{8}(Arn|StreamArn)/);
        }
      }
    }
  });

  test("the API functions' access levels are what their code needs", () => {
    for (const name of builtApi) {
      const fn = byName(`Api/${capitalised(name)}`);
      expect(new Set(tableActions[apiFunctionNeeds[name].table]), `${name}: access level in apiFunctionNeeds vs what the code calls`).toEqual(neededDynamodbActions(fn.bundle));
    }
  });

  test('Secrets Manager: read access to exactly the secrets whose ARN variable the code reads', () => {
    const secretVariables = { SIGNING_SECRET_ARN: 'SigningSecret', MENTOR_EMAILS_ARN: 'MentorEmails' };
    for (const fn of functions) {
      const needed = Object.entries(secretVariables).filter(([variable]) => new RegExp(`\\b${variable}\\b`).test(fn.bundle));
      const statements = statementsFor(fn, 'secretsmanager:');
      expect(new Set(statements.flatMap((s) => [s.Action].flat())), fn.name).toEqual(new Set(needed.length ? ['secretsmanager:GetSecretValue'] : []));
      const resources = statements.flatMap((s) => [s.Resource].flat()).map(json);
      expect(resources.length, `${fn.name}: secrets granted vs secret ARNs the code reads` + ` (the grants are set in infra/stacks/api-stack.ts apiFunctionNeeds and infra/constructs/mailer.ts)`).toBe(
        needed.length,
      );
      for (const [variable, secret] of needed) {
        expect(
          resources.some((r) => r.includes(secret)),
          `${fn.name} reads ${variable}`,
        ).toBe(true);
        expect(json(fn.properties.Environment.Variables[variable]), fn.name).toContain(secret);
      }
    }
  });

  test("SES: only the functions that send, only SendRawEmail, only from the stage's domain and configuration set", () => {
    for (const fn of functions) {
      const sends = importsFrom(fn.bundle, '@aws-sdk/client-ses').has('SendRawEmailCommand');
      const statements = statementsFor(fn, 'ses:');
      expect(statements.length > 0, fn.name).toBe(sends);
      for (const statement of statements) {
        expect(statement.Action).toBe('ses:SendRawEmail');
        const resources = [statement.Resource].flat().map(json).sort();
        expect(resources).toHaveLength(2);
        expect(resources[0]).toMatch(/configuration-set\/.*SendingDomainConfigurationSet/);
        expect(resources[1]).toMatch(/identity\/.*SendingDomainIdentity/);
      }
    }
    expect(
      functions
        .filter((f) => statementsFor(f, 'ses:').length)
        .map((f) => f.name)
        .sort(),
    ).toEqual(['Email/MailerStream', 'Email/MailerSweep']);
  });

  test("logs go to the function's own log group only", () => {
    for (const fn of functions) {
      const statements = statementsFor(fn, 'logs:');
      expect(statements, fn.name).toHaveLength(1);
      expect(new Set([statements[0]!.Action].flat())).toEqual(new Set(['logs:CreateLogStream', 'logs:PutLogEvents']));
      expect(statements[0]!.Resource).toEqual({ 'Fn::GetAtt': [fn.properties.LoggingConfig.LogGroup.Ref, 'Arn'] });
    }
  });

  test("nothing else: stream reads only for the stream consumer, queue sends only for the mailer's failures", () => {
    const expectedOther: Record<string, string[]> = {
      'Email/MailerStream': ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
      'Email/MailerSweep': ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
      // Failed bounce notifications go to its own failures queue (infra/constructs/bounce-suppression.ts).
      'Email/BouncesHandler': ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
      // Failed issue runs go to the newsletter's failures queue (infra/constructs/newsletter-sending.ts).
      'Api/NewsletterSendingIssues': ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
      // Failed runs of the events' schedule go to its failures queue (infra/constructs/event-schedule.ts).
      'Api/EventScheduleRun': ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    };
    for (const fn of functions) {
      const other = [...actionsOf(fn)].filter((a) => !/^(logs|ses|secretsmanager):/.test(a) && !(a.startsWith('dynamodb:') && !/Stream|GetRecords|GetShardIterator/.test(a)));
      expect(other.sort(), fn.name).toEqual((expectedOther[fn.name] ?? []).sort());
    }
    for (const statement of statementsFor(byName('Email/MailerStream'), 'dynamodb:DescribeStream')) {
      expect(json(statement.Resource)).toMatch(/DataTable[0-9A-F]{8}StreamArn/);
    }
    for (const fn of [byName('Email/MailerStream'), byName('Email/MailerSweep')]) {
      for (const statement of statementsFor(fn, 'sqs:')) expect(json(statement.Resource)).toMatch(/MailerFailures/);
    }
    // Each schedule may send only to its own failures queue.
    const ownQueues: Record<string, RegExp> = {
      'Email/BouncesHandler': /BouncesFailures/,
      'Api/EventScheduleRun': /EventScheduleFailures/,
      ...(builtApi.includes('newsletter') ? { 'Api/NewsletterSendingIssues': /NewsletterSendingFailures/ } : {}),
    };
    for (const [name, queue] of Object.entries(ownQueues)) {
      const statements = statementsFor(byName(name), 'sqs:');
      expect(statements.length, name).toBeGreaterThan(0);
      for (const statement of statements) expect([statement.Resource].flat().map(json), name).toEqual([expect.stringMatching(queue)]);
    }
  });
});
