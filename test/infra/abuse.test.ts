/**
 * Issue 14, abuse resistance, in the infrastructure: the CloudFront
 * function's redirects stay on the site and malformed escapes are refused
 * (finding 6); each API function's role reaches only its own partitions of
 * the table, and the firewall's rate limit is what AWS WAF can count (finding 9).
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { functionPartitions } from '../../functions/shared/table-partitions';
import { rewriteRequestFile } from '../../infra/constructs/static-site';
import { builtApiFunctions } from '../../infra/stacks/api-stack';
import { synthStage, type SynthResult } from './synth';

describe('finding 6: the viewer-request function never redirects off the site', () => {
  const handler = runInNewContext(`${readFileSync(rewriteRequestFile, 'utf8')}; handler`) as (event: unknown) => any;
  const request = (uri: string, querystring: Record<string, { value: string }> = {}) => handler({ request: { method: 'GET', uri, querystring, headers: {} } });

  test('an address starting with two slashes or a backslash redirects to a path on this site, not to that host', () => {
    for (const uri of ['//evil', '///evil', '/\\evil', '//\\evil', '/ /evil']) {
      const answer = request(uri, { next: { value: 'x' } });
      expect(answer.statusCode, uri).toBe(301);
      const location: string = answer.headers.location.value;
      expect(location, uri).toMatch(/^\/[^/\\]/);
      expect(new URL(location, 'https://alumni.example.edu').host, uri).toBe('alumni.example.edu');
    }
    expect(request('//evil').headers.location.value).toBe('/evil/');
  });

  test('an ordinary address keeps its redirect', () => {
    expect(request('/events').headers.location.value).toBe('/events/');
  });

  test('a malformed escape is answered 400, not passed on', () => {
    for (const uri of ['/%ZZ', '/events/%E0%A4%A', '/%']) expect(request(uri), uri).toEqual({ statusCode: 400, statusDescription: 'Bad Request' });
    expect(request('/events/caf%C3%A9/').uri).toBe('/events/caf%C3%A9/index.html');
  });
});

describe('finding 9: each API function touches only its own items', () => {
  let result: SynthResult;
  beforeAll(() => {
    result = synthStage();
  });
  afterAll(() => result?.dispose());

  /** The DynamoDB statements of the role of the API function `name`. */
  function dynamodbStatements(name: string) {
    const resources = result.json(result.stacks.api).Resources as Record<string, any>;
    const [, fn] = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(name[0]!.toUpperCase() + name.slice(1)))!;
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Condition?: Record<string, any> }[])
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
  }

  test('every table grant of an API function carries dynamodb:LeadingKeys with exactly its partitions', () => {
    for (const name of builtApiFunctions()) {
      const statements = dynamodbStatements(name);
      expect(statements.length, name).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(statement.Condition, name).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...functionPartitions[name as keyof typeof functionPartitions]] } });
      }
    }
  });

  test("the one-click unsubscribe function, which anyone can call unsigned, reaches only the newsletter's partitions", () => {
    const resources = result.json(result.stacks.api).Resources as Record<string, any>;
    const oneClick = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('NewsletterSendingOneClick'));
    if (!builtApiFunctions().includes('newsletter')) return expect(oneClick).toBeUndefined();
    const roleId = oneClick![1].Properties.Role['Fn::GetAtt'][0] as string;
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Condition?: Record<string, any> }[])
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...functionPartitions.newsletter] } });
    }
  });

  test("no function may reach another one's people: registrations, mentor requests, pledges and subscriptions each in one role", () => {
    const owner = { 'REG#x': 'registrations', 'MREQ#x': 'mentoring', 'GIFT#x': 'donations', 'SUB#x': 'newsletter', 'SUBEMAIL#x': 'newsletter' } as const;
    const matches = (pattern: string, key: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(key);
    for (const [name, patterns] of Object.entries(functionPartitions)) {
      for (const [key, ownedBy] of Object.entries(owner))
        expect(
          patterns.some((p) => matches(p, key)),
          `${name} on ${key}`,
        ).toBe(name === ownedBy);
    }
  });

  test("the firewall's rate limit counts request addresses (AWS WAF cannot group an IPv6 /64); the functions group them", () => {
    const acl = Object.values(result.json(result.stacks.edge).Resources as Record<string, any>).find((r) => r.Type === 'AWS::WAFv2::WebACL');
    const rate = (acl.Properties.Rules as any[]).find((r) => r.Statement.RateBasedStatement);
    expect(rate.Statement.RateBasedStatement.AggregateKeyType).toBe('IP');
  });
});
