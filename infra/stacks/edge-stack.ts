/**
 * What CloudFront needs from us-east-1, whatever region the site runs in: the
 * firewall (WAF for CloudFront exists only there) and, for a custom domain
 * without a certificate of its own, the certificate (validated by DNS).
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { EdgeProtection } from '../constructs/edge-protection';

export interface EdgeStackProps extends StackProps {
  readonly config: StageConfig;
}

export class EdgeStack extends Stack {
  readonly webAclArn: string;
  /** Requested here when the stage has a domain but no certificate of its own. */
  readonly certificate: acm.Certificate | undefined;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const protection = new EdgeProtection(this, 'Protection', {
      apiWriteLimitPer5Minutes: config.edgeWriteLimitPer5Minutes,
      metricPrefix: `${config.appName}-${config.stage}`,
    });
    this.webAclArn = protection.webAcl.attrArn;

    if (config.domainName && !config.certificateArn) {
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName: config.domainName,
        // The deploy waits here until the CNAME record CloudFormation shows in its events is in DNS.
        validation: acm.CertificateValidation.fromDns(),
      });
      new CfnOutput(this, 'CertificateArn', { value: this.certificate.certificateArn });
    }
  }
}
