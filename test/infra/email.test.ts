/**
 * Email in AWS: the sending domain in SES, and the mailer wired to the
 * table's stream so that nothing accepted is lost: failures are retried,
 * reported per record, recorded, swept up and alarmed on.
 */
import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dueJobId } from '../../functions/mailer/stream';
import { emailJobItem } from '../../functions/shared/email-jobs';
import { parkedJobLogMessage } from '../../infra/constructs/mailer';
import { repoPath } from '../../infra/paths';
import { synthStage, type SynthResult } from './synth';

let dev: SynthResult;

beforeAll(() => {
  dev = synthStage({ context: { mailFrom: 'Alumni Office <events@alumni.example.edu>' } });
});
afterAll(() => dev?.dispose());

const resources = () => dev.json(dev.stacks.email).Resources;
const ofType = (type: string) => Object.entries(resources()).filter(([, r]) => r.Type === type);
const json = (value: unknown) => JSON.stringify(value);
const functionId = (prefix: string) => ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(prefix))![0];

describe('the sending domain', () => {
  test('is the domain of the sender address, signed with Easy DKIM, sending through the configuration set by default', () => {
    const [, identity] = ofType('AWS::SES::EmailIdentity')[0]!;
    expect(identity.Properties.EmailIdentity).toBe('alumni.example.edu');
    expect(identity.Properties.DkimAttributes).toEqual({ SigningEnabled: true });
    expect(identity.Properties.ConfigurationSetAttributes.ConfigurationSetName.Ref).toMatch(/^SendingDomainConfigurationSet/);
  });

  test('the configuration set requires TLS, keeps reputation metrics and suppresses bounced and complaining addresses', () => {
    dev.template(dev.stacks.email).hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  test('the DNS records to publish are given as a stack output', () => {
    const outputs = dev.json(dev.stacks.email) as unknown as { Outputs: Record<string, { Value: unknown }> };
    const dkim = Object.entries(outputs.Outputs).find(([id]) => id.startsWith('SendingDomainDkimRecords'))!;
    expect(json(dkim[1].Value)).toMatch(/DkimDNSTokenName1.*CNAME.*DkimDNSTokenValue1/);
  });

  test('bounce and complaint rates are watched before SES would review the account', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.find((a) => a.MetricName === 'Reputation.BounceRate')).toMatchObject({ Namespace: 'AWS/SES', Threshold: 0.05 });
    expect(alarms.find((a) => a.MetricName === 'Reputation.ComplaintRate')).toMatchObject({ Namespace: 'AWS/SES', Threshold: 0.001 });
  });
});

describe("the mailer on the table's stream", () => {
  const mapping = () => ofType('AWS::Lambda::EventSourceMapping')[0]![1].Properties;

  test("reads the stage's table stream from the start, reporting failed records one by one", () => {
    expect(ofType('AWS::Lambda::EventSourceMapping')).toHaveLength(1);
    const m = mapping();
    expect(m.FunctionName.Ref).toBe(functionId('MailerStreamFunction'));
    expect(json(m.EventSourceArn)).toMatch(/"StackName":"Alumni-dev-Data".*DataTable[0-9A-F]{8}StreamArn/);
    expect(m).toMatchObject({ StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10 });
  });

  test('splits a failing batch, retries a few times, then records the failure in the failures queue', () => {
    const m = mapping();
    expect(m).toMatchObject({ BisectBatchOnFunctionError: true, MaximumRetryAttempts: 3, MaximumRecordAgeInSeconds: 3600 });
    expect(m.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0]).toMatch(/^MailerFailures/);
  });

  test('the event filter never hides an email job the mailer would send', () => {
    const pattern = JSON.parse(mapping().FilterCriteria.Filters[0].Pattern);
    const matches = (p: any, value: any): boolean =>
      Object.entries(p).every(([key, expected]) => (Array.isArray(expected) ? expected.includes(value?.[key]) : value?.[key] !== undefined && matches(expected, value[key])));
    const now = new Date('2026-11-23T10:00:00Z');
    const job: Record<string, unknown> = {
      ...emailJobItem({
        id: 'job1',
        kind: 'registration-confirmed',
        to: 'amara@example.org',
        data: {} as never,
        expiresAt: 1,
        now,
      }),
    };
    const image = (item: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === 'number' ? { N: String(v) } : typeof v === 'string' ? { S: v } : { M: {} }]));
    const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', item: Record<string, unknown>) =>
      ({ eventName, dynamodb: eventName === 'REMOVE' ? { OldImage: image(item) } : { NewImage: image(item) } }) as unknown as DynamoDBRecord;

    const cases = [
      record('INSERT', job),
      record('MODIFY', { ...job, attempts: 1 }),
      record('MODIFY', { ...job, status: 'sending' }),
      record('MODIFY', { ...job, status: 'sent' }),
      record('MODIFY', { ...job, status: 'failed' }),
      record('REMOVE', job),
      record('INSERT', { PK: 'RATE#registrations#abc', SK: '1795000000', entity: 'RateLimit', hits: 1 }),
      record('INSERT', { PK: 'REG#r1', SK: 'REG', entity: 'Registration', status: 'pending' }),
    ];
    let sent = 0;
    for (const c of cases) {
      const wanted = dueJobId(c, now) !== undefined;
      if (wanted) {
        sent++;
        expect(matches(pattern, c), json(c)).toBe(true);
      }
    }
    expect(sent).toBe(2);
    // ...while what the mailer ignores never starts it.
    expect(cases.filter((c) => matches(pattern, c))).toHaveLength(2);
  });

  test('the failures queue is encrypted, refuses plain HTTP and keeps messages for 14 days', () => {
    dev.template(dev.stacks.email).hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    const policy = ofType('AWS::SQS::QueuePolicy')[0]![1].Properties.PolicyDocument.Statement;
    expect(policy).toEqual(expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]));
  });
});

describe('the sweep', () => {
  test('runs every minute, on its own handler of the mailer bundle', () => {
    const [, rule] = ofType('AWS::Events::Rule')[0]!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 minute)');
    const target = rule.Properties.Targets[0];
    expect(target.Arn['Fn::GetAtt'][0]).toBe(functionId('MailerSweepFunction'));
    expect(resources()[functionId('MailerSweepFunction')]!.Properties.Handler).toBe('index.sweepHandler');
    expect(target.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toMatch(/^MailerFailures/);
  });

  test('a failed run is not retried (the next is a minute away) and lands in the failures queue', () => {
    dev.template(dev.stacks.email).hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailerFailures'), 'Arn'] } } },
    });
  });
});

describe('alarms', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([id, a]) => ({ id, ...a.Properties }));

  test("every alarm notifies the stage's alarm topic", () => {
    expect(alarms().length).toBeGreaterThanOrEqual(9);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions, alarm.id).toHaveLength(1);
      expect(alarm.AlarmActions[0]['Fn::GetStackOutput'], alarm.id).toMatchObject({ StackName: 'Alumni-dev-Alerts' });
    }
  });

  test('fire on the first message in the failures queue, on stream lag over 10 minutes, and on errors and throttles', () => {
    // The mailer's own (the bounce function's are in test/infra/newsletter.test.ts).
    const byMetric = (name: string) => alarms().filter((a) => a.MetricName === name && a.id.startsWith('Mailer'));
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toEqual([expect.objectContaining({ Threshold: 1, Statistic: 'Maximum' })]);
    expect(byMetric('IteratorAge')).toEqual([expect.objectContaining({ Threshold: 600_000 })]);
    expect(byMetric('Errors')).toHaveLength(2);
    expect(byMetric('Throttles')).toHaveLength(2);
  });

  test('fire when an email is parked after every retry, from the line the mailer logs', () => {
    expect(readFileSync(repoPath('functions/mailer/mailer.ts'), 'utf8')).toContain(`'${parkedJobLogMessage}'`);
    const filters = ofType('AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    expect(filters).toHaveLength(2);
    for (const filter of filters) {
      expect(filter.FilterPattern).toBe(`{ $.message = "${parkedJobLogMessage}" }`);
      expect(filter.MetricTransformations[0]).toMatchObject({ MetricName: 'ParkedEmailJobs', MetricNamespace: 'AlumniSite/Alumni-dev-Email' });
    }
    expect(alarms().find((a) => a.MetricName === 'ParkedEmailJobs')).toMatchObject({ Namespace: 'AlumniSite/Alumni-dev-Email', Threshold: 1 });
  });
});
