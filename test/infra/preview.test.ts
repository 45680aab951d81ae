/**
 * Previews of pull requests in CDK: dev has a Preview stack (a private bucket
 * of builds under pr-<number>/ prefixes, CloudFront with origin access
 * control, a viewer-request function that keeps requests inside a pull
 * request's prefix), prod has none; it synthesises offline, cdk-nag clean;
 * and the stage setting for hourly rebuilds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { runInNewContext } from 'node:vm';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { previewRequestFile } from '../../infra/constructs/preview-site';
import { addNagChecks } from '../../infra/nag';
import { repoPath } from '../../infra/paths';
import { PreviewStack } from '../../infra/stacks/preview-stack';
import { synthStage, type SynthResult } from './synth';

let dev: SynthResult;
let prod: SynthResult;
beforeAll(() => {
  dev = synthStage();
  prod = synthStage({ context: { stage: 'prod' } });
});
afterAll(() => [dev, prod].forEach((r) => r?.dispose()));

describe('the Preview stack', () => {
  test('dev has one, prod does not', () => {
    expect(dev.stacks.preview?.stackName).toBe('Alumni-dev-Preview');
    expect(prod.stacks.preview).toBeUndefined();
    expect(prod.assembly.stacks.map((s) => s.stackName)).not.toContain('Alumni-prod-Preview');
  });

  test('a private, encrypted bucket whose builds expire, behind CloudFront with origin access control', () => {
    const template = dev.template(dev.stacks.preview!);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.anyValue(),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'builds/' }),
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({ CustomHeadersConfig: { Items: [{ Header: 'X-Robots-Tag', Value: 'noindex, nofollow', Override: true }] } }),
    });
    // Only CloudFront reads the bucket.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } })]) },
    });
  });

  test('outputs the workflow needs: the bucket, the distribution and the address', () => {
    const outputs = Object.keys(dev.json(dev.stacks.preview!).Outputs ?? {});
    expect(outputs.join(' ')).toMatch(/PreviewBucketName/);
    expect(outputs.join(' ')).toMatch(/PreviewDistributionId/);
    expect(outputs.join(' ')).toMatch(/PreviewUrl/);
  });

  test("synthesises offline with cdk-nag's packs and no unanswered finding or warning", () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'alumni-preview-nag-'));
    try {
      // The feature flags of infra/cdk.json, as `cdk synth` uses them.
      const { context } = JSON.parse(readFileSync(repoPath('infra/cdk.json'), 'utf8')) as { context: Record<string, unknown> };
      // CDK's CloudFormation template validation: the CLI synth of functions.test.ts (test/infra/synth.ts says why).
      const app = new App({ outdir, context, builtinCloudFormationValidation: false });
      const stack = new PreviewStack(app, 'Alumni-dev-Preview', { config: dev.config, env: { account: dev.config.account, region: dev.config.region } });
      addNagChecks(app);
      const assembly = app.synth();
      const messages = assembly.getStackByName(stack.stackName).messages;
      expect(messages.filter((m) => m.level !== 'info').map((m) => m.entry.data)).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('addresses on the preview distribution', () => {
  const handler = runInNewContext(`${readFileSync(previewRequestFile, 'utf8')}; handler`) as (event: unknown) => any;
  const request = (uri: string) => handler({ request: { method: 'GET', uri, querystring: {}, headers: {} } });

  test("inside a pull request's prefix: folders to index.html, files as they are, the trailing slash added", () => {
    expect(request('/pr-123/').uri).toBe('/pr-123/index.html');
    expect(request('/pr-123/events/reunion-2027/').uri).toBe('/pr-123/events/reunion-2027/index.html');
    expect(request('/pr-123/_astro/app.Ab12.js').uri).toBe('/pr-123/_astro/app.Ab12.js');
    expect(request('/pr-123/events')).toMatchObject({ statusCode: 301, headers: { location: { value: '/pr-123/events/' } } });
  });

  test('outside any prefix, or climbing out of one: 404', () => {
    for (const uri of ['/', '/index.html', '/events/', '/pr-abc/', '/pr-123/../pr-124/', '/pr-123/%5c..']) expect(request(uri).statusCode ?? 200, uri).not.toBe(200);
    expect(request('/%ZZ').statusCode).toBe(400);
  });
});

describe('scheduled publishing', () => {
  test('dev rebuilds hourly, prod nightly (the default)', () => {
    expect(dev.config.publishSchedule).toBe('hourly');
    expect(prod.config.publishSchedule).toBe('nightly');
  });

  test('the rebuild workflow runs hourly and deploys a stage outside the nightly hour only when it asks for hourly', () => {
    const workflow = readFileSync(repoPath('.github/workflows/nightly.yml'), 'utf8');
    expect(workflow).toMatch(/cron: '17 \* \* \* \*'/);
    expect(workflow).toMatch(/publishSchedule/);
  });
});
