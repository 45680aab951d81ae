/**
 * The mentoring schedule (functions/mentoring/lifecycle.ts): a function that an
 * EventBridge rule starts every hour, to remind mentors of unanswered requests,
 * expire them with fresh suggestions, ask both sides how it is going, give
 * the week's notice and end mentorships whose span is over. Each step is done
 * once per request by conditional writes, so a late, repeated or overlapping
 * run changes nothing twice; emails go through the table's outbox (the mailer
 * sends them).
 *
 * It may read and write the table (queries on GSI1, conditional updates, the
 * email jobs it puts) and read the signing secret (the links in the emails);
 * nothing else: no SES (the mailer sends), no mentors' addresses.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { workerPartitions } from '../../functions/shared/table-partitions';
import { AppFunction } from './app-function';
import type { DataTable } from './data-table';

/** How often the schedule runs: its steps are days apart, so an hour late is never noticed. */
export const mentoringScheduleRate = Duration.hours(1);

export interface MentoringScheduleProps {
  readonly table: DataTable;
  readonly signingSecret: secretsmanager.ISecret;
  /** SITE_URL and RETENTION_DAYS, as the API functions get them. */
  readonly environment: { SITE_URL: string; RETENTION_DAYS: string };
  readonly alarmTopic: sns.ITopic;
  readonly logRetention: logs.RetentionDays;
  readonly retainLogs: boolean;
}

export class MentoringSchedule extends Construct {
  readonly run: AppFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: MentoringScheduleProps) {
    super(scope, id);
    this.run = new AppFunction(this, 'Run', {
      entry: 'functions/mentoring/schedule-handler.ts',
      description: 'Mentoring schedule: reminders, expiries, check-ins, ending notices and ends (every hour)',
      serviceName: 'alumni-mentoring-schedule',
      memorySize: 512,
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
      retainLogs: props.retainLogs,
      environment: { TABLE_NAME: props.table.table.tableName, ...props.environment },
    });
    // Only mentor requests, mentors' places and email jobs (dynamodb:LeadingKeys): never a registration, a pledge or a subscriber.
    this.run.bindTablePartitions(props.table, workerPartitions.mentoringSchedule);
    this.run.bindSecret(props.signingSecret, 'SIGNING_SECRET_ARN');
    // One run at a time is plenty, and a run that overlaps the next is harmless; no retries of a failed run (the next is an hour away).
    this.run.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(30) });
    const nothingToKeep =
      'A scheduled run carries no data of its own: everything it does is read again from the table by the next run an hour later, so a failed run loses nothing and a queue would only hold empty schedule events. Failures raise the Errors alarm.';
    Validations.of(this.run.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason: nothingToKeep }, { id: 'Serverless-LambdaAsyncFailureDestination', reason: nothingToKeep });
    this.rule = new events.Rule(this, 'Hourly', {
      description: 'Runs the mentoring schedule',
      schedule: events.Schedule.rate(mentoringScheduleRate),
      targets: [new targets.LambdaFunction(this.run.function, { retryAttempts: 2, maxEventAge: Duration.minutes(30) })],
    });
    Validations.of(this.rule).acknowledge({ id: 'Serverless-EventBusDLQ', reason: nothingToKeep });
    this.run.addAlarms(props.alarmTopic);
  }
}
