/**
 * The events' schedule in AWS: a function run every minute that writes change
 * notices, reminders and follow-up as email jobs, with only the grants it
 * uses, a failures queue and an alarm.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { synthStage, type SynthResult } from './synth';

let dev: SynthResult;
beforeAll(() => {
  dev = synthStage();
});
afterAll(() => dev?.dispose());

const resources = () => dev.json(dev.stacks.api).Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const ofType = (type: string) => Object.entries(resources()).filter(([, r]) => r.Type === type);
const json = (value: unknown) => JSON.stringify(value);

describe('the events schedule', () => {
  test('runs the lifecycle handler every minute, with a time limit its runs stop 20 seconds before', () => {
    const [id, fn] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('EventScheduleRun'))!;
    expect(fn.Properties.Timeout).toBe(120);
    expect(fn.Properties.Environment.Variables).toMatchObject({ RETENTION_DAYS: expect.any(String) });
    expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'SITE_URL', 'SIGNING_SECRET_ARN']));
    const [, rule] = ofType('AWS::Events::Rule').find(([rid]) => rid.startsWith('EventScheduleEveryMinute'))!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(json(rule.Properties.Targets)).toContain(id);
    expect(json(rule.Properties.Targets)).toContain('DeadLetterConfig');
  });

  test('may read and write the table without scans, batches or table administration, and read the signing secret', () => {
    const policies = ofType('AWS::IAM::Policy').filter(([pid]) => pid.startsWith('EventScheduleRun'));
    const actions = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'secretsmanager:GetSecretValue']));
    expect(actions.filter((a: string) => /Scan|Batch|Table$|\*/.test(a))).toEqual([]);
  });

  test('failed runs land in an encrypted queue that raises an alarm', () => {
    const queues = ofType('AWS::SQS::Queue').filter(([qid]) => qid.startsWith('EventScheduleFailures'));
    expect(queues).toHaveLength(1);
    expect(queues[0]![1].Properties.SqsManagedSseEnabled).toBe(true);
    const alarm = ofType('AWS::CloudWatch::Alarm').find(([aid]) => aid.startsWith('EventScheduleFailuresAlarm'));
    expect(alarm).toBeDefined();
  });
});
