/**
 * The domain the site sends email from, as an SES identity with Easy DKIM,
 * and the configuration set every message goes through (TLS required,
 * reputation metrics, bounces and complaints suppressed). The set is the
 * identity's default, so senders need no setting of their own. Alarms watch
 * the account's bounce and complaint rates, which SES reviews.
 */
import { CfnOutput, Duration, Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface SendingDomainProps {
  readonly domain: string;
  readonly alarmTopic: sns.ITopic;
}

export class SendingDomain extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: SendingDomainProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.domain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      feedbackForwarding: true,
    });

    new CfnOutput(this, 'DkimRecords', {
      description: `DNS records to add for ${props.domain} (CNAME name → value), so SES can verify the domain and sign its mail`,
      value: Fn.join(
        ' ; ',
        this.identity.dkimRecords.map((record) => Fn.join(' ', [record.name, 'CNAME', record.value])),
      ),
    });

    // SES reviews an account above 5% bounces or 0.1% complaints and may pause it above 10% / 0.5%.
    const reputation: [string, string, number, string][] = [
      ['BounceRate', 'Reputation.BounceRate', 0.05, 'more than 5% of recent email bounced'],
      ['ComplaintRate', 'Reputation.ComplaintRate', 0.001, 'more than 0.1% of recent email was marked as spam'],
    ];
    for (const [name, metricName, threshold, meaning] of reputation) {
      const alarm = new cloudwatch.Alarm(this, `${name}Alarm`, {
        metric: new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.hours(1) }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `SES: ${meaning}. Check the addresses the site sends to before SES pauses sending.`,
      });
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
    }
  }

  /** Lets `grantee` send raw MIME messages from this domain through this configuration set, and nothing else. */
  grantSendRawEmail(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendRawEmail'],
      resourceArns: [this.identity.emailIdentityArn, this.configurationSetArn()],
    });
  }

  configurationSetArn(): string {
    return this.configurationSet.stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }
}
