/**
 * The newsletter beyond its HTTP API (functions/newsletter):
 *
 * - `OneClick`: the one-click unsubscribe address (RFC 8058) on a function
 *   URL of its own that CloudFront calls unsigned (infra/routes.ts, `unsigned`).
 *   Mail providers post to it without the body hash that Lambda needs from a
 *   signed call, so it cannot sit behind origin access control; it answers
 *   nothing but that address, and the signed token in the URL is its only
 *   authority (HMAC over the subscription id), so calling the URL directly,
 *   around CloudFront, can do no more than the link in the email.
 * - `Issues`: queues issues (one email job per subscriber, spaced at the
 *   sending rate, from a saved cursor), every five minutes until an issue is
 *   fully queued; each run stops a minute before its time limit.
 * - `Monthly` (when the stage sets `newsletterMonthlySend`): starts an issue
 *   on the first of every month at 08:00 UTC.
 *
 * No function here sends email: the mailer does, at the stage's sending rate.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { functionPartitions, workerPartitions } from '../../functions/shared/table-partitions';
import { AppFunction } from './app-function';
import type { DataTable } from './data-table';

/** How often queued issues are continued. */
export const newsletterIssueRate = Duration.minutes(5);
/** The monthly send: the first of the month, 08:00 UTC (morning in Europe and Africa, night before in the Americas). */
export const newsletterMonthlySchedule = { minute: '0', hour: '8', day: '1', month: '*', year: '*' } as const;

export interface NewsletterSendingProps {
  readonly table: DataTable;
  readonly signingSecret: secretsmanager.ISecret;
  /** The variables the API functions get (TABLE_NAME, SITE_URL, RETENTION_DAYS, RATE_LIMIT_PER_MINUTE). */
  readonly environment: Record<string, string>;
  /** Emails per second (SEND_RATE_PER_SECOND): issues are spaced at it. */
  readonly sendRatePerSecond: number;
  readonly monthlySend: boolean;
  readonly alarmTopic: sns.ITopic;
  readonly logRetention: logs.RetentionDays;
  readonly retainLogs: boolean;
}

export class NewsletterSending extends Construct {
  readonly oneClick: AppFunction;
  readonly oneClickUrl: lambda.FunctionUrl;
  readonly issues: AppFunction;
  readonly monthly: events.Rule | undefined;
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: NewsletterSendingProps) {
    super(scope, id);
    const common = { logRetention: props.logRetention, retainLogs: props.retainLogs };

    this.oneClick = new AppFunction(this, 'OneClick', {
      ...common,
      entry: 'functions/newsletter/one-click-handler.ts',
      description: 'Newsletter one-click unsubscribe (RFC 8058): the only address CloudFront calls unsigned',
      serviceName: 'alumni-newsletter-one-click',
      memorySize: 256,
      environment: props.environment,
    }).acknowledgeSynchronousInvocation();
    // Ends a subscription by key (its item, its address marker): no queries. Anyone can call its URL, so its role
    // reaches only the newsletter's partitions, as the newsletter function's does (dynamodb:LeadingKeys).
    this.oneClick.bindTable(props.table, 'readwrite-by-key', functionPartitions.newsletter);
    this.oneClick.bindSecret(props.signingSecret, 'SIGNING_SECRET_ARN');
    this.oneClick.addAlarms(props.alarmTopic, { functionUrl: true });
    this.oneClickUrl = this.oneClick.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    this.issues = new AppFunction(this, 'Issues', {
      ...common,
      entry: 'functions/newsletter/worker.ts',
      handler: 'issueHandler',
      description: 'Newsletter issues: one email job per subscriber, spaced at the sending rate (every 5 minutes while an issue is queued)',
      serviceName: 'alumni-newsletter-issues',
      memorySize: 512,
      timeout: Duration.minutes(15),
      environment: { ...props.environment, SEND_RATE_PER_SECOND: String(props.sendRatePerSecond) },
    });
    // Its issues, jobs and the subscriber index; mentors' places and funds' totals read-only (dynamodb:LeadingKeys).
    this.issues.bindTablePartitions(props.table, workerPartitions.newsletterIssues);
    this.issues.bindSecret(props.signingSecret, 'SIGNING_SECRET_ARN');

    // A failed run or an undeliverable schedule event is recorded here (an alarm fires); the work itself is in the table.
    this.failures = new sqs.Queue(this, 'Failures', { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    const failuresReason = 'This queue is itself where failed issue runs are recorded; a queue behind it would hold the same records again. An alarm fires on its first message.';
    Validations.of(this.failures).acknowledge({ id: 'AwsSolutions-SQS3', reason: failuresReason }, { id: 'Serverless-SQSRedrivePolicy', reason: failuresReason });
    // Runs never overlap: each stops a minute before its limit and the next is five minutes later; a failed run is not retried (the next continues from the cursor).
    this.issues.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(5), onFailure: new destinations.SqsDestination(this.failures) });
    Validations.of(this.issues.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Failed runs go to the on-failure destination (the failures queue), which AWS recommends over a dead-letter queue: it also records the error. A dead-letter queue as well would hold each failure twice.',
    });
    new events.Rule(this, 'EveryFiveMinutes', {
      description: 'Continues newsletter issues being queued',
      schedule: events.Schedule.rate(newsletterIssueRate),
      targets: [new targets.LambdaFunction(this.issues.function, { deadLetterQueue: this.failures, retryAttempts: 0, maxEventAge: Duration.minutes(5) })],
    });
    this.monthly = props.monthlySend
      ? new events.Rule(this, 'Monthly', {
          description: 'Starts the monthly newsletter issue',
          schedule: events.Schedule.cron(newsletterMonthlySchedule),
          targets: [
            new targets.LambdaFunction(this.issues.function, {
              event: events.RuleTargetInput.fromObject({ start: true }),
              // Never retried: a retry after a run that queued everything would start a second issue. Once started, the
              // five-minute rule finishes it; a start that failed raises the Errors alarm, and staff send by hand.
              deadLetterQueue: this.failures,
              retryAttempts: 0,
              maxEventAge: Duration.hours(1),
            }),
          ],
        })
      : undefined;
    this.issues.addAlarms(props.alarmTopic);
    new cloudwatch.Alarm(this, 'FailuresAlarm', {
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription:
        "A newsletter issue run failed or could not start. Queued issues continue at the next run (admin newsletter status shows them); a monthly send that did not start can be sent with admin newsletter send. Read the issue function's logs, then purge the queue.",
    }).addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
  }
}
