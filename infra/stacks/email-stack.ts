/** Email: the sending domain in SES and the mailer that sends the jobs the API writes. */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { isProd, mailDomainOf, type StageConfig } from '../config';
import { BounceSuppression } from '../constructs/bounce-suppression';
import type { DataTable } from '../constructs/data-table';
import { Mailer } from '../constructs/mailer';
import { SendingDomain } from '../constructs/sending-domain';
import { logRetentionOf } from './api-stack';

export interface EmailStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: DataTable;
  readonly mentorEmails: secretsmanager.ISecret;
  readonly alarmTopic: sns.ITopic;
}

export class EmailStack extends Stack {
  readonly sendingDomain: SendingDomain;
  readonly mailer: Mailer;
  readonly bounces: BounceSuppression;

  constructor(scope: Construct, id: string, props: EmailStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.sendingDomain = new SendingDomain(this, 'SendingDomain', { domain: mailDomainOf(config.mailFrom)!, alarmTopic: props.alarmTopic });
    this.mailer = new Mailer(this, 'Mailer', {
      table: props.data,
      sendingDomain: this.sendingDomain,
      mentorEmails: props.mentorEmails,
      mailFrom: config.mailFrom,
      sendRatePerSecond: config.sendRatePerSecond,
      alarmTopic: props.alarmTopic,
      logRetention: logRetentionOf(config),
      retainLogs: isProd(config),
    });
    this.bounces = new BounceSuppression(this, 'Bounces', {
      table: props.data,
      sendingDomain: this.sendingDomain,
      alarmTopic: props.alarmTopic,
      logRetention: logRetentionOf(config),
      retainLogs: isProd(config),
    });
  }
}
