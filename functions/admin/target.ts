/**
 * Which table the staff tool works on.
 *
 * - Local (default): the stack `npm start` runs, with its data on disk or in
 *   memory (LOCAL_DATA=memory). It writes its DynamoDB Local address to
 *   .data/local-stack.json while it runs (a file left by a stack that has
 *   stopped is ignored); DYNAMODB_ENDPOINT,
 *   TABLE_NAME, SITE_URL and SIGNING_SECRET in the environment (or --endpoint
 *   and --table) win over that file.
 * - A deployed stage (--stage dev|prod) with the caller's AWS credentials:
 *   the table is the `TableName` output of the stage's Data stack (or
 *   --table), the region and site address come from the stage's settings in
 *   infra/cdk.json (or --region, AWS_REGION), and the link-signing key (only
 *   for resending an email) from the stage's Secrets Manager secret.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AdminError } from './output';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient, tableOf, type Table } from '../shared/clients';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const localStackFile = path.join(repositoryRoot, '.data', 'local-stack.json');
const localSecretFile = path.join(repositoryRoot, '.data', 'signing-secret');

export const stages = ['dev', 'prod'] as const;
export type Stage = (typeof stages)[number];

export interface TargetOptions {
  stage?: Stage | undefined;
  table?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
}

export interface Target {
  where: string;
  table: Table;
  /** The site's address, for links in emails (unknown for a stage deployed without one and not yet given in infra/cdk.json). */
  siteUrl: string | undefined;
  retentionDays: number;
  /** The link-signing key, read only when a command needs it. */
  signingSecret: () => Promise<string>;
}

export interface LocalStackFile {
  dynamodbEndpoint?: string;
  tableName?: string;
  siteUrl?: string;
  pid?: number;
  /** `disk` or `memory` (LOCAL_DATA=memory). */
  data?: string;
}

/**
 * The running local stack's addresses, as `npm start` writes them in both of its modes (data on disk, or
 * LOCAL_DATA=memory); nothing when the file is missing, unreadable, or left behind by a stack that is no longer running.
 */
export function readLocalStackFile(file: string = localStackFile): LocalStackFile {
  if (!existsSync(file)) return {};
  try {
    const running = JSON.parse(readFileSync(file, 'utf8')) as LocalStackFile;
    return typeof running.pid === 'number' && !isRunning(running.pid) ? {} : running;
  } catch {
    return {};
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The global options as given on the command line, read before the program is loaded. */
export function targetOptionsFromArgv(argv: readonly string[]): TargetOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: { stage: { type: 'string' }, table: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' } },
  });
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { stage: text(values.stage) as Stage | undefined, table: text(values.table), region: text(values.region), endpoint: text(values.endpoint) };
}

/** Settles the environment the target is resolved from: DynamoDB Local's address or the stage's region, and quiet function logs. */
export function prepareEnvironment(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): void {
  // The functions log through Powertools on stdout; here stdout is the command's output.
  env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  if (options.stage) {
    delete env.DYNAMODB_ENDPOINT;
    const region = options.region ?? stageSettings(options.stage, env).region;
    env.AWS_REGION = region;
    return;
  }
  const endpoint = options.endpoint ?? env.DYNAMODB_ENDPOINT ?? readLocalStackFile().dynamodbEndpoint;
  if (endpoint) {
    env.DYNAMODB_ENDPOINT = endpoint;
    env.AWS_REGION ??= 'us-east-1';
  }
}

/** Where the commands read and write, checked before any command touches data. */
export async function resolveTarget(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  if (options.stage) return stageTarget({ ...options, stage: options.stage }, env);
  if (!env.DYNAMODB_ENDPOINT) {
    throw new AdminError(
      'The local stack is not running, so there is no local table to work on. Start it with `npm start` (or `LOCAL_DATA=memory npm start`) in another terminal, or give --stage dev|prod to work on a deployed stage.',
    );
  }
  const file = readLocalStackFile();
  const tableName = options.table ?? env.TABLE_NAME ?? file.tableName ?? 'alumni-local';
  return {
    where: `local table ${tableName} at ${env.DYNAMODB_ENDPOINT}`,
    table: tableOf(tableName, createDynamoDbClient(env)),
    siteUrl: (env.SITE_URL ?? file.siteUrl ?? 'http://localhost:4321').replace(/\/+$/, ''),
    retentionDays: Number(env.RETENTION_DAYS ?? 365),
    signingSecret: async () => {
      if (env.SIGNING_SECRET) return env.SIGNING_SECRET;
      if (existsSync(localSecretFile)) return readFileSync(localSecretFile, 'utf8').trim();
      throw new AdminError('No link-signing key: set SIGNING_SECRET, or run `npm start` once (it keeps one in .data/).');
    },
  };
}

/** A stage's settings as the CDK app reads them from infra/cdk.json. */
function stageSettings(stage: Stage, env: NodeJS.ProcessEnv) {
  const cdkJson = JSON.parse(readFileSync(path.join(repositoryRoot, 'infra', 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const context: Record<string, unknown> = { ...cdkJson.context, stage };
  const stageBlock = ((context.stages ?? {}) as Record<string, Record<string, unknown> | undefined>)[stage] ?? {};
  const appName = typeof stageBlock.appName === 'string' ? stageBlock.appName : 'Alumni';
  const region = typeof stageBlock.region === 'string' ? stageBlock.region : (env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-west-1');
  const siteUrl = typeof stageBlock.siteUrl === 'string' ? stageBlock.siteUrl : typeof stageBlock.domainName === 'string' ? `https://${stageBlock.domainName}` : undefined;
  const retentionDays = Number(stageBlock.retentionDays ?? 365);
  return { appName, region, siteUrl, retentionDays };
}

async function stageTarget(options: TargetOptions & { stage: Stage }, env: NodeJS.ProcessEnv): Promise<Target> {
  if (!(stages as readonly string[]).includes(options.stage)) throw new AdminError(`--stage must be one of ${stages.join(', ')}.`);
  const settings = stageSettings(options.stage, env);
  const region = options.region ?? settings.region;
  const { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } = await import('@aws-sdk/client-cloudformation');
  const cloudFormation = new CloudFormationClient({ region });
  const stackName = (concern: string) => `${settings.appName}-${options.stage}-${concern}`;
  const outputs = async (concern: string) => {
    try {
      const result = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName(concern) }));
      return result.Stacks?.[0]?.Outputs ?? [];
    } catch (error) {
      throw new AdminError(`Could not read the stack ${stackName(concern)} in ${region}: ${(error as Error).message} (check your AWS credentials and --region).`);
    }
  };
  const tableName = options.table ?? (await outputs('Data')).find((o) => o.OutputKey === 'TableName')?.OutputValue;
  if (!tableName) throw new AdminError(`The stack ${stackName('Data')} has no TableName output: is the stage deployed? Give --table to name the table yourself.`);
  let siteUrl = settings.siteUrl;
  if (!siteUrl) siteUrl = (await outputs('Site')).find((o) => /^\w*SiteUrl/.test(o.OutputKey ?? ''))?.OutputValue;
  return {
    where: `table ${tableName} of stage ${options.stage} in ${region}`,
    table: tableOf(tableName, new DynamoDBClient({ region })),
    siteUrl: siteUrl?.replace(/\/+$/, ''),
    retentionDays: settings.retentionDays,
    signingSecret: async () => {
      const resources = await cloudFormation.send(new ListStackResourcesCommand({ StackName: stackName('Data') }));
      const secret = resources.StackResourceSummaries?.find((r) => r.ResourceType === 'AWS::SecretsManager::Secret' && r.LogicalResourceId?.startsWith('SigningSecret'));
      if (!secret?.PhysicalResourceId) throw new AdminError(`The stack ${stackName('Data')} holds no signing secret.`);
      const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
      const value = await new SecretsManagerClient({ region }).send(new GetSecretValueCommand({ SecretId: secret.PhysicalResourceId }));
      if (!value.SecretString) throw new AdminError('The signing secret is empty.');
      return value.SecretString;
    },
  };
}
