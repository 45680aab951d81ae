/**
 * The mentoring schedule in AWS: a function that an hourly EventBridge rule
 * runs (functions/mentoring/schedule-handler.ts), allowed the table and the
 * signing secret and nothing else, alarmed on, and clean under cdk-nag (the
 * nag test checks every stack).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tableActions } from '../../infra/constructs/data-table';
import { synthStage, type SynthResult } from './synth';

let dev: SynthResult;
beforeAll(() => {
  dev = synthStage();
});
afterAll(() => dev?.dispose());

const resources = () => dev.json(dev.stacks.api).Resources;
const json = (value: unknown) => JSON.stringify(value);
const scheduleFunction = () => {
  const found = Object.entries(resources()).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('MentoringScheduleRun'));
  if (!found) throw new Error('no mentoring schedule function in the Api stack');
  return found;
};

describe('the mentoring schedule', () => {
  test('runs the schedule handler on Node 24 with the table, the site address, the retention and the signing secret', () => {
    const [, fn] = scheduleFunction();
    expect(fn.Properties.Handler).toBe('index.handler');
    expect(fn.Properties.Runtime).toBe('nodejs24.x');
    expect(fn.Properties.Timeout).toBe(300);
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual(
      ['NODE_OPTIONS', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME', 'RETENTION_DAYS', 'SIGNING_SECRET_ARN', 'SITE_URL', 'TABLE_NAME'].sort(),
    );
    expect(fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('alumni-mentoring-schedule');
  });

  test('is started every hour by an EventBridge rule, and a failed run is not retried (the next run does its work)', () => {
    const [id] = scheduleFunction();
    dev.template(dev.stacks.api).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [id, 'Arn'] } })],
    });
    dev.template(dev.stacks.api).hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: id }, MaximumRetryAttempts: 0 });
    dev.template(dev.stacks.api).hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [id, 'Arn'] },
    });
  });

  test('its role may use the table (read and write, no scan), read the signing secret and write its own logs: no SES, no mentor addresses', () => {
    const [, fn] = scheduleFunction();
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(resources())
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const actions = new Set(statements.flatMap((s) => [s.Action].flat()));
    expect(actions).toEqual(new Set([...tableActions.readwrite, 'secretsmanager:GetSecretValue', 'logs:CreateLogStream', 'logs:PutLogEvents']));
    const secret = statements.find((s) => s.Action === 'secretsmanager:GetSecretValue');
    expect(json(secret.Resource)).toContain('SigningSecret');
    expect(json(statements)).not.toContain('MentorEmails');
  });

  test('raises the errors and throttles alarms on the alarm topic', () => {
    const [id] = scheduleFunction();
    const alarms = Object.values(resources()).filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && json(r.Properties.Dimensions).includes(id));
    expect(alarms.map((a) => a.Properties.MetricName).sort()).toEqual(['Errors', 'Throttles']);
    for (const alarm of alarms) expect(json(alarm.Properties.AlarmActions)).toContain('Alumni-dev-Alerts');
  });
});
