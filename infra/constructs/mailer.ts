/**
 * The mailer: sends the email jobs the API writes into the table
 * (functions/mailer), off the request path.
 *
 * - `Stream`: the table's DynamoDB stream, filtered to email jobs waiting to
 *   be sent, with batch item failure reporting, bisection of failing batches
 *   and a few retries; what still fails is recorded in the failures queue
 *   (the stream event's position, never the email) and stays pending in the
 *   table, where the sweep finds it.
 * - `Sweep`: every minute, sends jobs whose retry is due and jobs whose
 *   sender died mid-send.
 *
 * Jobs that keep failing are parked in the table (status failed) for staff;
 * an alarm fires when that happens, and when anything lands in the failures queue.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { workerPartitions } from '../../functions/shared/table-partitions';
import { AppFunction } from './app-function';
import { asInterface } from './types';
import { repoPath } from '../paths';
import type { DataTable } from './data-table';
import type { SendingDomain } from './sending-domain';

/** The line the mailer logs when it gives up on a job (functions/mailer/mailer.ts). */
export const parkedJobLogMessage = 'email job failed for good';

/**
 * nodemailer's MIME type table (~75 KB minified) is replaced in the bundle by
 * our small functions/mailer/mime-types.js, which keeps the mailer under its
 * 250 KB budget.
 */
// `external` is the import path as nodemailer's mime-funcs writes it; esbuild keeps that import, which finds our file next to the bundle.
export const mailerReplacedModules = [{ external: './mime-types.js', source: repoPath('functions/mailer/mime-types.js'), file: 'mime-types.js' }] as const;

export interface MailerProps {
  readonly table: DataTable;
  readonly sendingDomain: SendingDomain;
  /** Mentors' addresses: the mailer resolves a job addressed to a mentor when it sends (the API functions never read them). */
  readonly mentorEmails: secretsmanager.ISecret;
  /** The sender address (MAIL_FROM). */
  readonly mailFrom: string;
  /** Emails per second (SEND_RATE_PER_SECOND): the sweep sends no faster, and newsletter issues are spaced at it. */
  readonly sendRatePerSecond: number;
  readonly alarmTopic: sns.ITopic;
  readonly logRetention: logs.RetentionDays;
  readonly retainLogs: boolean;
}

export class Mailer extends Construct {
  readonly stream: AppFunction;
  readonly sweep: AppFunction;
  readonly failures: sqs.Queue;
  readonly eventSourceMapping: eventSources.DynamoEventSource;

  constructor(scope: Construct, id: string, props: MailerProps) {
    super(scope, id);

    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const failuresReason =
      'This queue is itself the place failures end up (stream batches, sweep runs); a queue behind it would only hold the same records once more. An alarm fires on its first message.';
    Validations.of(this.failures).acknowledge({ id: 'AwsSolutions-SQS3', reason: failuresReason }, { id: 'Serverless-SQSRedrivePolicy', reason: failuresReason });

    const common = {
      entry: 'functions/mailer/handler.ts',
      environment: { MAIL_FROM: props.mailFrom, SEND_RATE_PER_SECOND: String(props.sendRatePerSecond) },
      memorySize: 512,
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      retainLogs: props.retainLogs,
      replacedModules: mailerReplacedModules,
    };
    this.stream = new AppFunction(this, 'Stream', {
      ...common,
      handler: 'handler',
      description: 'Sends email jobs as they are written (table stream)',
      serviceName: 'alumni-mailer',
    }).acknowledgeSynchronousInvocation();
    this.sweep = new AppFunction(this, 'Sweep', {
      ...common,
      handler: 'sweepHandler',
      description: 'Sends email jobs whose retry is due or whose sender stopped (every minute)',
      serviceName: 'alumni-mailer-sweep',
    });

    for (const fn of [this.stream, this.sweep]) {
      // Reads a job, claims it, records the outcome (UpdateItem), and lists due jobs (Query on GSI1): never creates or deletes items.
      // Only in the partitions it needs (dynamodb:LeadingKeys): suppressions, subscribers and digests read-only, never a registration or a request.
      fn.bindTablePartitions(props.table, workerPartitions.mailer);
      fn.function.addEnvironment('TABLE_NAME', props.table.table.tableName);
      props.sendingDomain.grantSendRawEmail(fn.role);
      fn.bindSecret(props.mentorEmails, 'MENTOR_EMAILS_ARN');
    }

    this.eventSourceMapping = new eventSources.DynamoEventSource(asInterface<dynamodb.ITable>(props.table.table), {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(0),
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: 3,
      maxRecordAge: Duration.hours(1),
      parallelizationFactor: 1,
      onFailure: new eventSources.SqsDlq(this.failures),
      // Only email jobs waiting to be sent: rate-limit counters, registrations and the mailer's own
      // status updates never start the function.
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
          dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('EmailJob') }, status: { S: lambda.FilterRule.isEqual('pending') } } },
        }),
      ],
    });
    this.stream.function.addEventSource(this.eventSourceMapping);
    // Asynchronous (scheduled) invocations: no retries (the next run is a minute away); a failed run lands in the failures queue.
    this.sweep.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.minutes(5),
      onFailure: new destinations.SqsDestination(this.failures),
    });
    Validations.of(this.sweep.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Failed runs go to the on-failure destination (the failures queue), which AWS recommends over a dead-letter queue: it also records the error. A dead-letter queue as well would report each failure twice.',
    });
    new events.Rule(this, 'EveryMinute', {
      description: 'Runs the mailer sweep',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.sweep.function, { deadLetterQueue: this.failures, retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });

    this.stream.addAlarms(props.alarmTopic);
    this.sweep.addAlarms(props.alarmTopic);
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
      return created;
    };
    alarm(
      'FailuresAlarm',
      this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      1,
      'The mailer could not process part of the table stream or a sweep run failed. The emails stay pending in the table and the sweep retries them; read the mailer logs, then purge the failures queue.',
    );
    alarm(
      'StreamLagAlarm',
      this.stream.function.metric('IteratorAge', { period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      Duration.minutes(10).toMilliseconds(),
      'Email jobs wait more than 10 minutes in the table stream before the mailer reads them.',
    );
    const parked = new cloudwatch.Metric({
      // One namespace per stack, so each stage (and each site in a shared account) alarms on its own jobs.
      namespace: `AlumniSite/${Stack.of(this).stackName}`,
      metricName: 'ParkedEmailJobs',
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
    });
    for (const fn of [this.stream, this.sweep]) {
      new logs.MetricFilter(fn, 'ParkedJobs', {
        logGroup: fn.logGroup,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', parkedJobLogMessage),
        metricNamespace: parked.namespace,
        metricName: parked.metricName,
        metricValue: '1',
      });
    }
    alarm('ParkedJobsAlarm', parked, 1, 'An email could not be sent after every retry and is parked as failed. Staff can list and retry failed email jobs with the admin tool.');
  }
}
