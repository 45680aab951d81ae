/**
 * Stages from context: names, regions, what differs between dev and prod,
 * and configuration mistakes caught with a message that says what to write.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, mailDomainOf, stageConfigFromContext } from '../../infra/config';
import { contextFromArgs, deployPlan } from '../../infra/deploy';
import { builtApiFunctions, unknownSiteUrl } from '../../infra/stacks/api-stack';
import { synthStage, testSiteUrl, type SynthResult } from './synth';

let dev: SynthResult;
let prod: SynthResult;
let sydney: SynthResult;
let noAddress: SynthResult;

beforeAll(() => {
  dev = synthStage();
  prod = synthStage({ context: { stage: 'prod' } });
  sydney = synthStage({ context: { region: 'ap-southeast-2', account: '123456789012', appName: 'Westfield' } });
  noAddress = synthStage({ context: { siteUrl: undefined } });
});
afterAll(() => [dev, prod, sydney, noAddress].forEach((r) => r?.dispose()));

describe('stacks', () => {
  test('one per concern, named after the app and the stage', () => {
    // dev also has the previews of pull requests (`previews` in infra/cdk.json); prod has none.
    expect(Object.values(dev.stacks).map((s) => s.stackName)).toEqual([
      'Alumni-dev-Edge',
      'Alumni-dev-Data',
      'Alumni-dev-Alerts',
      'Alumni-dev-Api',
      'Alumni-dev-Email',
      'Alumni-dev-Site',
      'Alumni-dev-Preview',
    ]);
    expect(Object.values(prod.stacks).map((s) => s.stackName)).toEqual(['Edge', 'Data', 'Alerts', 'Api', 'Email', 'Site'].map((s) => `Alumni-prod-${s}`));
  });

  test('live in the configured account and region, except the CloudFront firewall and certificate (us-east-1)', () => {
    const { edge, ...regional } = sydney.stacks;
    expect([edge.account, edge.region]).toEqual(['123456789012', 'us-east-1']);
    for (const stack of Object.values(regional)) expect([stack.stackName, stack.account, stack.region]).toEqual([stack.stackName, '123456789012', 'ap-southeast-2']);
    expect(sydney.stacks.data.stackName).toBe('Westfield-dev-Data');
  });

  test('deploy in dependency order: data and alerts before the functions, the functions before the site', () => {
    const dependsOn = (stack: 'api' | 'email' | 'site') => dev.stacks[stack].dependencies.map((d) => d.stackName).sort();
    expect(dependsOn('api')).toEqual(['Alumni-dev-Alerts', 'Alumni-dev-Data']);
    expect(dependsOn('email')).toEqual(['Alumni-dev-Alerts', 'Alumni-dev-Data']);
    expect(dependsOn('site')).toEqual(['Alumni-dev-Api', 'Alumni-dev-Edge']);
  });

  test('are tagged with the app and the stage (for cost reports)', () => {
    const tags = prod.json(prod.stacks.data).Resources;
    const table = Object.values(tags).find((r) => r.Type === 'AWS::DynamoDB::GlobalTable')!;
    expect(table.Properties.Replicas[0].Tags).toEqual(
      expect.arrayContaining([
        { Key: 'app', Value: 'Alumni' },
        { Key: 'stage', Value: 'prod' },
      ]),
    );
  });
});

describe('dev and prod differ where they should', () => {
  test('function logs: kept 14 days and removed with the stack in dev; 90 days and kept in prod', () => {
    for (const stack of ['api', 'email', 'site'] as const) {
      dev.template(dev.stacks[stack]).allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', Properties: { RetentionInDays: 14 } });
      prod.template(prod.stacks[stack]).allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { RetentionInDays: 90 } });
    }
  });

  test("the functions get the stage's limits and retention from context", () => {
    const custom = synthStage({ context: { retentionDays: 30, rateLimitPerMinute: 12 } });
    try {
      custom.template(custom.stacks.api).allResourcesProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ RETENTION_DAYS: '30', SITE_URL: testSiteUrl }) },
      });
      // The rate limit where a function has one: every function that answers requests (the mentoring schedule answers
      // none and is given none, test/infra/mentoring-schedule.test.ts).
      const variables = Object.entries(custom.json(custom.stacks.api).Resources)
        .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
        .map(([id, r]) => [id, r.Properties.Environment.Variables as Record<string, unknown>] as const);
      for (const [id, vars] of variables) if ('RATE_LIMIT_PER_MINUTE' in vars) expect(vars.RATE_LIMIT_PER_MINUTE, id).toBe('12');
      const answering = [...builtApiFunctions().map((name) => name[0]!.toUpperCase() + name.slice(1)), ...(builtApiFunctions().includes('newsletter') ? ['NewsletterSendingOneClick'] : [])];
      for (const name of answering) {
        const found = variables.filter(([id]) => new RegExp(`^${name}Function[0-9A-F]{8}$`).test(id));
        expect(
          found.map(([, vars]) => vars.RATE_LIMIT_PER_MINUTE),
          name,
        ).toEqual(['12']);
      }
      expect(variables.filter(([, vars]) => !('RATE_LIMIT_PER_MINUTE' in vars)).map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(
        builtApiFunctions().includes('mentoring') ? ['MentoringScheduleRunFunction'] : [],
      );
    } finally {
      custom.dispose();
    }
  });
});

describe("the site's address for links in emails", () => {
  test('without siteUrl or domainName, links point nowhere real and synth says how to fix it', () => {
    noAddress.template(noAddress.stacks.api).allResourcesProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SITE_URL: unknownSiteUrl }) },
    });
    const warnings = Annotations.fromStack(noAddress.stacks.api).findWarning('*', Match.stringLikeRegexp('siteUrl'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.entry.data)).toMatch(/set siteUrl to the SiteUrl output/);
  });
});

describe('configuration mistakes', () => {
  const base = { stages: { dev: { mailFrom: 'Alumni <events@alumni.example.edu>' } } };
  const configFrom = (context: Record<string, unknown>) => () => stageConfigFromContext((key) => context[key], {});

  test('a sender without an address is refused, naming the field', () => {
    expect(configFrom({ stages: { dev: { mailFrom: 'Alumni Office' } } })).toThrow(ConfigError);
    expect(configFrom({ stages: { dev: { mailFrom: 'Alumni Office' } } })).toThrow(/mailFrom: must contain an address/);
  });

  test('a certificate without a domain, an unknown stage, a bad account: each named', () => {
    expect(configFrom({ ...base, certificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/abc' })).toThrow(/certificateArn: only makes sense with domainName/);
    expect(configFrom({ ...base, stage: 'staging' })).toThrow(/Stage "staging".*\n.*stage/);
    expect(configFrom({ ...base, account: '1234' })).toThrow(/account: a 12-digit AWS account id/);
    expect(configFrom({ ...base, certificateArn: 'arn:aws:acm:eu-west-1:000000000000:certificate/abc', domainName: 'a.example.edu' })).toThrow(/in us-east-1/);
  });

  test('`-c key=value` wins over the stage block; offline, the account is a placeholder that cannot be deployed', () => {
    const config = configFrom({ ...base, rateLimitPerMinute: '5' })();
    expect(config).toMatchObject({ stage: 'dev', rateLimitPerMinute: 5, account: '000000000000', region: 'eu-west-1' });
    expect(stageConfigFromContext((key) => (base as Record<string, unknown>)[key], { CDK_DEFAULT_ACCOUNT: '210987654321', CDK_DEFAULT_REGION: 'ca-central-1' })).toMatchObject({
      account: '210987654321',
      region: 'ca-central-1',
    });
  });

  test('the sending domain is read from any usual form of the sender', () => {
    expect(mailDomainOf('Alumni Office <Events@Alumni.Example.EDU>')).toBe('alumni.example.edu');
    expect(mailDomainOf('events@alumni.example.edu')).toBe('alumni.example.edu');
    expect(mailDomainOf('no address')).toBeUndefined();
  });
});

describe('npm run deploy', () => {
  test("builds the site for the stage's address and passes every option on to cdk deploy", () => {
    const plan = deployPlan(['-c', 'stage=prod', '-c', 'domainName=alumni.example.edu', '--require-approval', 'never'], {});
    expect(plan.siteUrl).toBe('https://alumni.example.edu');
    expect(plan.buildEnv.SITE_URL).toBe('https://alumni.example.edu');
    expect(plan.cdkArgs).toEqual(['cdk', 'deploy', '--all', '-c', 'stage=prod', '-c', 'domainName=alumni.example.edu', '--require-approval', 'never']);
  });

  test('`-c` values win, including values that contain "="', () => {
    expect(contextFromArgs(['-c', 'siteUrl=https://x.example.edu/?a=b', '--context', 'stage=dev', 'stage=ignored'])).toEqual({
      siteUrl: 'https://x.example.edu/?a=b',
      stage: 'dev',
    });
    expect(deployPlan(['-c', 'siteUrl=https://alumni.example.test'], {}).buildEnv.SITE_URL).toBe('https://alumni.example.test');
  });

  test('a stage without an address yet builds with no SITE_URL, and a broken stage stops before building', () => {
    expect(deployPlan(['-c', 'stage=dev'], {}).siteUrl).toBeUndefined();
    expect(() => deployPlan(['-c', 'mailFrom=nobody'], {})).toThrow(ConfigError);
  });
});
