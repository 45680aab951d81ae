/**
 * Bounces and complaints back to the site: the SES configuration set of the
 * sending domain publishes them (event destination, bounce and complaint
 * only) to an SNS topic, and a function subscribed to it suppresses each
 * address by its hash (functions/newsletter/bounce-handler.ts), so the mailer
 * sends nothing more to it, of any kind. SES's own account-level suppression
 * stays on as well (sending-domain.ts).
 *
 * Only SES, for this configuration set, may publish to the topic (the event
 * destination adds that policy), over TLS; a delivery SNS could not make,
 * after its retries, lands in a queue with an alarm on it.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AppFunction } from './app-function';
import type { DataTable } from './data-table';
import type { SendingDomain } from './sending-domain';

export interface BounceSuppressionProps {
  readonly table: DataTable;
  readonly sendingDomain: SendingDomain;
  readonly alarmTopic: sns.ITopic;
  readonly logRetention: logs.RetentionDays;
  readonly retainLogs: boolean;
}

export class BounceSuppression extends Construct {
  readonly topic: sns.Topic;
  readonly handler: AppFunction;
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: BounceSuppressionProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'SES bounces and complaints', enforceSSL: true });
    new ses.ConfigurationSetEventDestination(this, 'EventDestination', {
      configurationSet: props.sendingDomain.configurationSet,
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const failuresReason =
      'This queue is itself where undeliverable bounce notifications end up (SNS deliveries and failed runs); a queue behind it would hold the same messages again. An alarm fires on its first message.';
    Validations.of(this.failures).acknowledge({ id: 'AwsSolutions-SQS3', reason: failuresReason }, { id: 'Serverless-SQSRedrivePolicy', reason: failuresReason });

    this.handler = new AppFunction(this, 'Handler', {
      entry: 'functions/newsletter/bounce-handler.ts',
      description: 'Suppresses addresses that bounced for good or complained (SES notifications through SNS)',
      serviceName: 'alumni-bounces',
      memorySize: 256,
      timeout: Duration.seconds(30),
      logRetention: props.logRetention,
      retainLogs: props.retainLogs,
      environment: { TABLE_NAME: props.table.table.tableName },
    });
    // It only puts suppression records (keyed by the address's hash): no reads, queries or deletes, so no access level
    // of bindTable fits; PutItem on the table alone.
    iam.Grant.addToPrincipal({ grantee: this.handler.role, actions: ['dynamodb:PutItem'], resourceArns: [props.table.table.tableArn] });
    // SNS invokes asynchronously: Lambda retries twice, then the notification goes to the failures queue.
    this.handler.function.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new destinations.SqsDestination(this.failures) });
    Validations.of(this.handler.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Failed runs go to the on-failure destination (the failures queue), which AWS recommends over a dead-letter queue: it also records the error. A dead-letter queue as well would hold each failure twice.',
    });
    this.topic.addSubscription(new subscriptions.LambdaSubscription(this.handler.function, { deadLetterQueue: this.failures }));
    this.handler.addAlarms(props.alarmTopic);

    const alarm = new cloudwatch.Alarm(this, 'FailuresAlarm', {
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription:
        "A bounce or complaint from SES could not be recorded: that address is not suppressed yet. Read the bounce function's logs; the queue holds the SES notification (it names the address) for 14 days.",
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
  }
}
