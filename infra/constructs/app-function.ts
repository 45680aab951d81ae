/**
 * A Lambda function of this app, with the defaults fixed once: Node 24 on
 * arm64, bundled from TypeScript by esbuild (locally: no Docker, no network),
 * minified with source maps, JSON logs in its own log group with a retention,
 * and a role of its own that may only write to that log group until a grant
 * (`bindTable`, `bindSecret`, …) adds exactly what the function uses.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { repoPath } from '../paths';
import type { DataTable, TableAccess } from './data-table';

/** The runtime every function runs on (the product targets Node 24). */
export const functionRuntime = lambda.Runtime.NODEJS_24_X;

/**
 * esbuild output: ESM (tree-shaken), with `require` defined for the CommonJS
 * packages bundled into it (nodemailer and friends call require('fs') etc.).
 */
const esmRequireBanner = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

function copyAfterBundling(files: Readonly<Record<string, string>>, required: Readonly<Record<string, string>> = {}): nodejs.ICommandHooks {
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => [
      ...Object.entries(files).map(([source, name]) => `if [ -f ${quote(source)} ]; then cp ${quote(source)} ${quote(`${outputDir}/${name}`)}; fi`),
      // A replaced module must ship: without it the bundle cannot load.
      ...Object.entries(required).map(([source, name]) => `cp ${quote(source)} ${quote(`${outputDir}/${name}`)}`),
    ],
  };
}

export interface AppFunctionProps {
  /** The handler module, relative to the repository root, e.g. functions/registrations/handler.ts. */
  readonly entry: string;
  /** The exported handler (default `handler`). */
  readonly handler?: string;
  readonly description: string;
  /** Powertools service name in every log line. */
  readonly serviceName: string;
  readonly environment?: Record<string, string>;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly logRetention: logs.RetentionDays;
  /** Keep the log group when the stack is deleted (prod). */
  readonly retainLogs: boolean;
  /** Files shipped next to the bundle (absolute source → file name), when the source exists. */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /**
   * Modules of bundled packages left out of the bundle and replaced by a
   * smaller file of ours, shipped next to it under the name the package
   * imports (e.g. nodemailer's MIME type table): `external` is the esbuild
   * pattern matching the package's import path, `source` our file (absolute),
   * `file` the name the bundle imports it by.
   */
  readonly replacedModules?: readonly { external: string; source: string; file: string }[];
}

export class AppFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (runtime role)`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: repoPath(props.entry),
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: functionRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: repoPath('.'),
      depsLockFilePath: repoPath('package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The nodejs24.x runtime ships the AWS SDK v3: not bundling it keeps each bundle small.
        externalModules: ['@aws-sdk/*', ...(props.replacedModules ?? []).map((m) => m.external)],
        tsconfig: repoPath('tsconfig.json'),
        logLevel: nodejs.LogLevel.ERROR,
        ...(props.extraFiles || props.replacedModules
          ? { commandHooks: copyAfterBundling(props.extraFiles ?? {}, Object.fromEntries((props.replacedModules ?? []).map((m) => [m.source, m.file]))) }
          : {}),
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaTracing',
      reason:
        "Diagnosis runs on structured JSON logs (request ids, routes, timings, no personal data) and Lambda's own metrics and alarms; X-Ray would add wildcard permissions and per-trace cost while the functions carry no tracing instrumentation.",
    });
  }

  /** Read, or read and write, the items of the table and query its indexes; with `partitions`, only those partitions (see DataTable.grant). */
  bindTable(table: DataTable, access: TableAccess, partitions?: readonly string[]): this {
    table.grant(this.role, access, partitions);
    return this;
  }

  /** One grant per access level, each limited to its partitions (functions/shared/table-partitions.ts `workerPartitions`). */
  bindTablePartitions(table: DataTable, grants: Readonly<Partial<Record<TableAccess, readonly string[]>>>): this {
    for (const [access, partitions] of Object.entries(grants) as [TableAccess, readonly string[]][]) table.grant(this.role, access, partitions);
    return this;
  }

  /** Read one secret's value, and put its ARN in `variable`. */
  bindSecret(secret: secretsmanager.ISecret, variable: string): this {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
    this.function.addEnvironment(variable, secret.secretArn);
    return this;
  }

  /**
   * Alarms that page whoever subscribes to `topic`: any function error or
   * throttle, plus any 5xx from its function URL (the HTTP apps answer a bug
   * with a 500 response, which Lambda does not count as a function error).
   */
  addAlarms(topic: sns.ITopic, options: { functionUrl?: boolean } = {}): cloudwatch.Alarm[] {
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    const metrics: [string, cloudwatch.IMetric, string][] = [
      ['Errors', this.function.metricErrors(fiveMinutes), 'the function failed (uncaught error or timeout)'],
      ['Throttles', this.function.metricThrottles(fiveMinutes), 'requests were throttled (concurrency limit reached)'],
    ];
    if (options.functionUrl) {
      metrics.push(['Url5xx', this.function.metric('Url5xxCount', fiveMinutes), 'the API answered with a server error (a bug: clients never cause a 5xx)']);
    }
    return metrics.map(([name, metric, meaning]) => {
      const alarm = new cloudwatch.Alarm(this, `${name}Alarm`, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${this.function.node.path}: ${meaning}. Look at the function's log group.`,
      });
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
      return alarm;
    });
  }

  /** Lambda rules that do not apply to a function answering HTTP requests synchronously. */
  acknowledgeSynchronousInvocation(): this {
    const reason = 'Invoked synchronously (through its function URL or an event source mapping): the caller receives every failure, so there is no asynchronous event to keep.';
    Validations.of(this.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
    return this;
  }
}
