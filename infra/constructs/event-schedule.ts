/**
 * The events' schedule (functions/registrations/lifecycle-handler.ts): every
 * minute it compares the bundled content with what registrants were last
 * told, and writes the emails owed (change notices, reminders, follow-up,
 * recordings) as jobs for the mailer.
 *
 * Why a schedule and not a deploy hook: the new bundle's first run notices a
 * changed event by itself, so nothing extra runs during `cdk deploy` (synth
 * stays offline, a failed hook cannot fail or roll back a deploy), a run that
 * fails is the next minute's work, and reminders need the schedule anyway.
 * A run stops starting pages 20 seconds before its 2-minute limit and the
 * next run continues, so a fan-out to any number of registrants never meets
 * the time limit. Two runs at once (a slow one and the next) write each email
 * once all the same: job ids are fixed per registration and step.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { workerPartitions } from '../../functions/shared/table-partitions';
import { AppFunction } from './app-function';
import type { DataTable } from './data-table';

export interface EventScheduleProps {
  readonly table: DataTable;
  readonly signingSecret: secretsmanager.ISecret;
  readonly environment: Record<string, string>;
  readonly alarmTopic: sns.ITopic;
  readonly logRetention: logs.RetentionDays;
  readonly retainLogs: boolean;
}

export class EventSchedule extends Construct {
  readonly fn: AppFunction;
  readonly rule: events.Rule;
  /** Runs that failed, and invocations the schedule could not deliver (the run's event only: no personal data). */
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventScheduleProps) {
    super(scope, id);
    this.fn = new AppFunction(this, 'Run', {
      entry: 'functions/registrations/lifecycle-handler.ts',
      description: 'Event changes, reminders and follow-up for registrants (every minute)',
      serviceName: 'alumni-event-schedule',
      memorySize: 512,
      timeout: Duration.minutes(2),
      logRetention: props.logRetention,
      retainLogs: props.retainLogs,
      environment: props.environment,
    });
    // Reads events' notices, steps and registrations (GetItem, Query on GSI1), writes notices, steps and email jobs (conditional PutItem, UpdateItem).
    // Only events, registrations and email jobs (dynamodb:LeadingKeys): never a mentor request, a pledge or a subscriber.
    this.fn.bindTablePartitions(props.table, workerPartitions.eventSchedule);
    this.fn.bindSecret(props.signingSecret, 'SIGNING_SECRET_ARN');
    this.failures = new sqs.Queue(this, 'Failures', { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    const failuresReason = 'This queue is itself where failed runs end up; the next run repeats their work from the state saved in the table. An alarm fires on its first message.';
    Validations.of(this.failures).acknowledge({ id: 'AwsSolutions-SQS3', reason: failuresReason }, { id: 'Serverless-SQSRedrivePolicy', reason: failuresReason });
    // No retries: the next run is a minute away and continues from the saved cursor.
    this.fn.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(2), onFailure: new destinations.SqsDestination(this.failures) });
    Validations.of(this.fn.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: 'Failed runs go to the on-failure destination (the failures queue), which AWS recommends over a dead-letter queue: it also records the error.',
    });
    this.fn.addAlarms(props.alarmTopic);
    this.rule = new events.Rule(this, 'EveryMinute', {
      description: 'Runs the events schedule',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.fn.function, { deadLetterQueue: this.failures, retryAttempts: 0, maxEventAge: Duration.minutes(2) })],
    });
    const alarm = new cloudwatch.Alarm(this, 'FailuresAlarm', {
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'A run of the events schedule failed. Its work is repeated by the next run; read the schedule logs (event changes, reminders, follow-up), then purge the failures queue.',
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
  }
}
