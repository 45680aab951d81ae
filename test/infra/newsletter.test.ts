/**
 * The newsletter in AWS: its API function behind CloudFront like the others,
 * the one-click unsubscribe on an unsigned function URL that answers nothing
 * else, the issue schedule (every five minutes, and a monthly send a stage
 * switches on), the sending rate, and SES bounces and complaints reaching the
 * bounce function through the configuration set's SNS topic.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createOneClickUnsubscribeApp } from '../../functions/newsletter/app';
import type { ApiOptions } from '../../functions/shared/api-options';
import { routeFor } from '../../infra/routes';
import { synthStage, type SynthResult } from './synth';

let dev: SynthResult;
let prod: SynthResult;
beforeAll(() => {
  dev = synthStage();
  prod = synthStage({ context: { stage: 'prod', domainName: 'alumni.example.edu', sendRatePerSecond: '40' } });
});
afterAll(() => {
  dev?.dispose();
  prod?.dispose();
});

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
const resourcesOf = (result: SynthResult, stack: 'api' | 'email' | 'site') => result.json(result.stacks[stack]).Resources as Resources;
const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const one = (resources: Resources, type: string, prefix: string) => {
  const found = ofType(resources, type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return found[0]!;
};
const json = (value: unknown) => JSON.stringify(value);

describe('routing', () => {
  test('every subscription address goes to the newsletter; only the one-click address is unsigned', () => {
    expect(routeFor('/api/subscriptions')).toMatchObject({ target: 'newsletter', caching: 'no-store' });
    expect(routeFor('/api/subscriptions/0123456789abcdef01234567')?.unsigned).toBeUndefined();
    expect(routeFor('/api/subscriptions/0123456789abcdef01234567/confirm')?.unsigned).toBeUndefined();
    expect(routeFor('/api/subscriptions/0123456789abcdef01234567/unsubscribe')).toMatchObject({ target: 'newsletter', caching: 'no-store', unsigned: true });
  });

  test('CloudFront sends the one-click address to the one-click function without signing, and the rest of the newsletter signed', () => {
    const [, distribution] = one(resourcesOf(dev, 'site'), 'AWS::CloudFront::Distribution', 'SiteDistribution');
    const config = distribution.Properties.DistributionConfig;
    const originOf = (pattern: string) => {
      const behavior = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === pattern);
      expect(behavior, pattern).toBeDefined();
      expect(behavior.AllowedMethods, pattern).toContain('POST');
      return config.Origins.find((o: { Id: string }) => o.Id === behavior.TargetOriginId);
    };
    const oneClick = originOf('/api/subscriptions/*/unsubscribe');
    expect(oneClick.OriginAccessControlId).toBeUndefined();
    expect(json(oneClick.DomainName)).toMatch(/NewsletterSendingOneClick/);
    const signed = originOf('/api/subscriptions*');
    expect(signed.OriginAccessControlId).toBeDefined();
    expect(json(signed.DomainName)).not.toMatch(/OneClick/);
    // The more specific pattern comes first: CloudFront takes the first match.
    const patterns = config.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern);
    expect(patterns.indexOf('/api/subscriptions/*/unsubscribe')).toBeLessThan(patterns.indexOf('/api/subscriptions*'));
  });

  test("the one-click URL is the stage's only function URL without IAM auth", () => {
    const urls = ofType(resourcesOf(dev, 'api'), 'AWS::Lambda::Url').concat(ofType(resourcesOf(dev, 'site'), 'AWS::Lambda::Url'));
    const open = urls.filter(([, u]) => u.Properties.AuthType === 'NONE');
    expect(open.map(([id]) => id)).toEqual([expect.stringMatching(/^NewsletterSendingOneClick/)]);
    expect(urls.find(([id]) => /^NewsletterFunction/.test(id))![1].Properties.AuthType).toBe('AWS_IAM');
  });

  test('the one-click function answers the one-click address and nothing else', async () => {
    const options = { siteUrl: 'https://alumni.example.test', signingSecret: async () => 'secret', now: () => new Date() } as unknown as ApiOptions;
    const app = createOneClickUnsubscribeApp(options);
    const unsubscribe = await app.request('/api/subscriptions/0123456789abcdef01234567/unsubscribe?token=forged', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribe.status).toBe(403);
    expect((await unsubscribe.json()).error.code).toBe('invalid_token');
    for (const [method, path] of [
      ['GET', '/api/subscriptions/0123456789abcdef01234567?token=x'],
      ['PATCH', '/api/subscriptions/0123456789abcdef01234567?token=x'],
      ['DELETE', '/api/subscriptions/0123456789abcdef01234567?token=x'],
      ['POST', '/api/subscriptions'],
      ['GET', '/api/health'],
    ] as const) {
      expect((await app.request(path, { method })).status, `${method} ${path}`).toBe(404);
    }
  });
});

describe('issues', () => {
  const issuesFunction = (result: SynthResult) => one(resourcesOf(result, 'api'), 'AWS::Lambda::Function', 'NewsletterSendingIssues');
  const rules = (result: SynthResult) => ofType(resourcesOf(result, 'api'), 'AWS::Events::Rule').filter(([id]) => id.startsWith('NewsletterSending'));

  test("are queued by a function the schedule runs every five minutes, with Lambda's full 15 minutes (each run stops a minute before)", () => {
    const [id, fn] = issuesFunction(dev);
    expect(fn.Properties.Handler).toBe('index.issueHandler');
    expect(fn.Properties.Timeout).toBe(900);
    const every = rules(dev).find(([rid]) => rid.startsWith('NewsletterSendingEveryFiveMinutes'))!;
    expect(every[1].Properties.ScheduleExpression).toBe('rate(5 minutes)');
    expect(json(every[1].Properties.Targets)).toContain(id);
  });

  test("at the stage's sending rate, which the mailer keeps to as well", () => {
    expect(issuesFunction(dev)[1].Properties.Environment.Variables.SEND_RATE_PER_SECOND).toBe('10');
    expect(issuesFunction(prod)[1].Properties.Environment.Variables.SEND_RATE_PER_SECOND).toBe('40');
    const mailers = ofType(resourcesOf(prod, 'email'), 'AWS::Lambda::Function').filter(([id]) => id.startsWith('Mailer'));
    expect(mailers).toHaveLength(2);
    for (const [, fn] of mailers) expect(fn.Properties.Environment.Variables.SEND_RATE_PER_SECOND).toBe('40');
  });

  test('a monthly send is switched on per stage (infra/cdk.json: on in prod, off in dev), and -c overrides it', () => {
    expect(
      rules(dev)
        .map(([id]) => id)
        .filter((id) => id.startsWith('NewsletterSendingMonthly')),
    ).toEqual([]);
    const [, monthly] = rules(prod).find(([id]) => id.startsWith('NewsletterSendingMonthly'))!;
    expect(monthly.Properties.ScheduleExpression).toBe('cron(0 8 1 * ? *)');
    expect(monthly.Properties.Targets).toHaveLength(1);
    expect(JSON.parse(monthly.Properties.Targets[0].Input)).toEqual({ start: true });
    expect(json(monthly.Properties.Targets[0].Arn)).toContain(issuesFunction(prod)[0]);
    const switched = synthStage({ context: { newsletterMonthlySend: 'true' } });
    try {
      expect(ofType(resourcesOf(switched, 'api'), 'AWS::Events::Rule').some(([id]) => id.startsWith('NewsletterSendingMonthly'))).toBe(true);
    } finally {
      switched.dispose();
    }
  });

  test('the issue function may use the table and the signing secret, and not SES (the mailer sends)', () => {
    const statements = ofType(resourcesOf(dev, 'api'), 'AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('NewsletterSendingIssues'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'secretsmanager:GetSecretValue']));
    expect(actions.filter((a: string) => a.startsWith('ses:') || /Scan|Batch|\*/.test(a))).toEqual([]);
  });
});

describe('bounces and complaints', () => {
  test('the configuration set publishes bounces and complaints (only) to a topic the bounce function is subscribed to', () => {
    const email = resourcesOf(dev, 'email');
    const [, destination] = one(email, 'AWS::SES::ConfigurationSetEventDestination', 'Bounces');
    const [setId] = one(email, 'AWS::SES::ConfigurationSet', 'SendingDomain');
    const [topicId] = one(email, 'AWS::SNS::Topic', 'BouncesTopic');
    expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: setId });
    expect(destination.Properties.EventDestination.Enabled).toBe(true);
    expect([...destination.Properties.EventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint']);
    expect(destination.Properties.EventDestination.SnsDestination.TopicARN).toEqual({ Ref: topicId });

    const [handlerId, handler] = one(email, 'AWS::Lambda::Function', 'BouncesHandler');
    expect(handler.Properties.Handler).toBe('index.handler');
    const [, subscription] = one(email, 'AWS::SNS::Subscription', 'BouncesHandler');
    expect(subscription.Properties).toMatchObject({ Protocol: 'lambda', TopicArn: { Ref: topicId } });
    expect(json(subscription.Properties.Endpoint)).toContain(handlerId);
    expect(subscription.Properties.RedrivePolicy).toBeDefined();
  });

  test('only SES, for this configuration set, may publish to the topic, over TLS', () => {
    const email = resourcesOf(dev, 'email');
    const [setId] = one(email, 'AWS::SES::ConfigurationSet', 'SendingDomain');
    const [, policy] = one(email, 'AWS::SNS::TopicPolicy', 'BouncesTopic');
    const statements = policy.Properties.PolicyDocument.Statement as { Effect: string; Principal: any; Action: string; Condition?: any }[];
    const allow = statements.filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({ Principal: { Service: 'ses.amazonaws.com' }, Action: 'sns:Publish' });
    const source = json(allow[0]!.Condition.StringEquals['AWS:SourceArn']);
    expect(source).toContain(':configuration-set/');
    expect(source).toContain(`{"Ref":"${setId}"}`);
    expect(statements.some((s) => s.Effect === 'Deny' && json(s.Condition).includes('aws:SecureTransport'))).toBe(true);
  });

  test('the bounce function may write the table by key and nothing else: no SES, no secrets, no queries', () => {
    const statements = ofType(resourcesOf(dev, 'email'), 'AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('BouncesHandler'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions.filter((a: string) => /^(ses|secretsmanager):|Query|Scan|Batch|\*/.test(a))).toEqual([]);
  });

  test('a notification that cannot be recorded lands in an encrypted queue with an alarm', () => {
    const email = resourcesOf(dev, 'email');
    const [queueId, queue] = one(email, 'AWS::SQS::Queue', 'BouncesFailures');
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const [, alarm] = one(email, 'AWS::CloudWatch::Alarm', 'BouncesFailuresAlarm');
    expect(json(alarm.Properties.Dimensions)).toContain(queueId);
  });
});
