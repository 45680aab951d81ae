/**
 * The stateful part, in a stack of its own so the rest can be replaced
 * freely: the table and the two secrets. In prod all three outlive the stack
 * (RETAIN) and the table refuses deletion.
 */
import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { isProd, type StageConfig } from '../config';
import { DataTable } from '../constructs/data-table';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

export class DataStack extends Stack {
  readonly data: DataTable;
  /** HMAC key of the capability links (plain string). */
  readonly signingSecret: secretsmanager.Secret;
  /** Mentors' addresses, JSON {"profile-slug": "address"}, filled in by staff. */
  readonly mentorEmails: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const retain = isProd(props.config);
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.data = new DataTable(this, 'Data', { retain });

    this.signingSecret = new secretsmanager.Secret(this, 'SigningSecret', {
      description: 'HMAC key of the links in emails (manage a registration, answer a mentor request). Changing it breaks every link already sent.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    Validations.of(this.signingSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating this key would invalidate every manage and answer link already emailed (they stay valid until the event, up to a year). It never leaves Secrets Manager and the functions only read it.',
    });

    // Created as an empty object; staff put the real addresses in (README). CloudFormation writes this
    // value only when the secret is created, so later deploys leave the addresses alone as long as
    // this resource's properties stay as they are (test/infra/data.test.ts pins them).
    this.mentorEmails = new secretsmanager.Secret(this, 'MentorEmails', {
      description: 'Mentors\' email addresses as JSON {"profile-slug": "address"}. Kept out of the content repository.',
      secretObjectValue: {},
      removalPolicy,
    });
    Validations.of(this.mentorEmails).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: "Not a credential: a list of mentors' addresses that staff edit by hand; there is nothing to rotate.",
    });

    new CfnOutput(this, 'TableName', { value: this.data.table.tableName, description: 'The DynamoDB table (for the staff tool)' });
    new CfnOutput(this, 'MentorEmailsSecretName', {
      value: this.mentorEmails.secretName,
      description: "Put mentors' addresses here: aws secretsmanager put-secret-value --secret-id <this> --secret-string file://mentors.json",
    });
  }
}
