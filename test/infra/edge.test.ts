/**
 * What lives in us-east-1 for CloudFront: the firewall (managed rules and the
 * per-address limit on API writes) and, for a custom domain, its certificate.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorStatus } from '../../functions/schemas/errors';
import { synthStage, type SynthResult } from './synth';

let dev: SynthResult;
let requestCertificate: SynthResult;

beforeAll(() => {
  dev = synthStage({ context: { edgeWriteLimitPer5Minutes: 300 } });
  requestCertificate = synthStage({ context: { stage: 'prod', domainName: 'alumni.example.edu' } });
});
afterAll(() => [dev, requestCertificate].forEach((r) => r?.dispose()));

const webAcl = (result: SynthResult) => Object.values(result.json(result.stacks.edge).Resources).find((r) => r.Type === 'AWS::WAFv2::WebACL')!.Properties;

describe('the firewall', () => {
  test('protects CloudFront, so it lives in us-east-1 whatever region the site runs in', () => {
    expect(dev.stacks.edge.region).toBe('us-east-1');
    expect(dev.stacks.site.region).toBe('eu-west-1');
    expect(webAcl(dev)).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  test("runs AWS's managed rules for bad addresses, common exploits and known bad inputs", () => {
    const groups = webAcl(dev)
      .Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement)
      .map((r: any) => [r.Statement.ManagedRuleGroupStatement.VendorName, r.Statement.ManagedRuleGroupStatement.Name, r.OverrideAction]);
    expect(groups).toEqual([
      ['AWS', 'AWSManagedRulesAmazonIpReputationList', { None: {} }],
      ['AWS', 'AWSManagedRulesCommonRuleSet', { None: {} }],
      ['AWS', 'AWSManagedRulesKnownBadInputsRuleSet', { None: {} }],
    ]);
  });

  test("lets bodies up to the API's own 16 KiB limit through (the common rule set alone would stop them at 8 KB)", () => {
    const common = webAcl(dev).Rules.find((r: any) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
  });

  test('limits writes to /api/ per client address, at the configured rate', () => {
    const rule = webAcl(dev).Rules.find((r: any) => r.Statement.RateBasedStatement);
    const rate = rule.Statement.RateBasedStatement;
    expect(rate).toMatchObject({ Limit: 300, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    const [path, notRead] = rate.ScopeDownStatement.AndStatement.Statements;
    expect(path.ByteMatchStatement).toMatchObject({ FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/api/' });
    const reads = notRead.NotStatement.Statement.OrStatement.Statements.map((s: any) => [s.ByteMatchStatement.FieldToMatch, s.ByteMatchStatement.SearchString]);
    expect(reads).toEqual([
      [{ Method: {} }, 'GET'],
      [{ Method: {} }, 'HEAD'],
    ]);
  });

  test("answers a blocked writer as the API would: 429 rate_limited in the API's error shape, with Retry-After", () => {
    const acl = webAcl(dev);
    const rule = acl.Rules.find((r: any) => r.Statement.RateBasedStatement);
    const response = rule.Action.Block.CustomResponse;
    expect(response.ResponseCode).toBe(errorStatus.rate_limited);
    expect(response.ResponseHeaders).toEqual([{ Name: 'Retry-After', Value: '300' }]);
    const body = acl.CustomResponseBodies[response.CustomResponseBodyKey];
    expect(body.ContentType).toBe('APPLICATION_JSON');
    const parsed = JSON.parse(body.Content);
    expect(parsed.error.code).toBe('rate_limited');
    expect(parsed.error.message).toMatch(/wait/i);
  });

  test('every rule reports metrics and sampled requests, so operators can see what it blocks', () => {
    for (const rule of webAcl(dev).Rules) {
      expect(rule.VisibilityConfig, rule.Name).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
    }
  });
});

describe('the certificate', () => {
  test('is requested in us-east-1 and validated by DNS when a domain comes without a certificate', () => {
    requestCertificate.template(requestCertificate.stacks.edge).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'alumni.example.edu',
      ValidationMethod: 'DNS',
    });
    const config = Object.values(requestCertificate.json(requestCertificate.stacks.site).Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;
    expect(config.ViewerCertificate.AcmCertificateArn['Fn::GetStackOutput']).toMatchObject({ StackName: 'Alumni-prod-Edge', Region: 'us-east-1' });
  });

  test('is not requested without a domain', () => {
    dev.template(dev.stacks.edge).resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });
});
