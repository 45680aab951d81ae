/** Where alarms go: one topic per stage, optionally mailed to an operator. */
import { Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';

export interface AlertsStackProps extends StackProps {
  readonly config: StageConfig;
}

export class AlertsStack extends Stack {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertsStackProps) {
    super(scope, id, props);
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: `${props.config.appName} ${props.config.stage} alarms`,
      enforceSSL: true,
    });
    if (props.config.alarmEmail) {
      const subscription = this.topic.addSubscription(new subscriptions.EmailSubscription(props.config.alarmEmail));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason: 'An alarm email SNS cannot deliver has nowhere better to go than a queue nobody reads; the alarm itself stays in ALARM state in CloudWatch until someone looks.',
      });
    }
  }
}
