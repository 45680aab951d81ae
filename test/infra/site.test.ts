/**
 * The site on CloudFront: private bucket, the routing of /api/* to the
 * functions on the same origin, caching, the security headers (the same
 * definition the local server uses), the 404 page, and the upload of the build.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiForwardedHeaders, browserCaching, rewriteRequestFile } from '../../infra/constructs/static-site';
import { apiRoutes, deployedRoutes } from '../../infra/routes';
import { builtApiFunctions } from '../../infra/stacks/api-stack';
import { securityHeaders } from '../../site/security-headers';
import { synthStage, type SynthResult } from './synth';

let dev: SynthResult;
let noBuild: SynthResult;
let withDomain: SynthResult;

beforeAll(() => {
  dev = synthStage();
  noBuild = synthStage({ siteDir: null });
  withDomain = synthStage({
    context: { domainName: 'alumni.example.edu', certificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/0b1c2d3e-1111-2222-3333-444455556666' },
  });
});
afterAll(() => [dev, noBuild, withDomain].forEach((r) => r?.dispose()));

const resourcesOf = (result: SynthResult, type: string) => Object.entries(result.json(result.stacks.site).Resources).filter(([, r]) => r.Type === type);
const distributionConfig = (result: SynthResult) => resourcesOf(result, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
const resource = (result: SynthResult, ref: unknown) => result.json(result.stacks.site).Resources[(ref as { Ref: string }).Ref]!;
const json = (value: unknown) => JSON.stringify(value);

/** The routes CloudFront calls without signing (infra/routes.ts `unsigned`): the one-click unsubscribe, and only it. */
const unsignedPatterns = ['/api/subscriptions/*/unsubscribe'];

/** Which function (by construct name) an origin's domain name points to; the one-click function is `newsletter (unsigned)`. */
function originTarget(config: any, originId: string): string {
  const origin = config.Origins.find((o: { Id: string }) => o.Id === originId);
  const domain = json(origin.DomainName);
  if (/"OutputName":"[^"]*NewsletterSendingOneClickFunctionFunctionUrl/.test(domain)) return 'newsletter (unsigned)';
  const match = /(Registrations|Mentoring|Donations|Newsletter|SiteNotFound)FunctionFunctionUrl/.exec(domain);
  if (match) return match[1]!.toLowerCase();
  if (origin.S3OriginConfig) return 'bucket';
  throw new Error(`unknown origin ${domain}`);
}

/** The header → value map a response headers policy makes CloudFront send. */
function headersSentBy(policy: any): Record<string, string> {
  const config = policy.Properties.ResponseHeadersPolicyConfig;
  const security = config.SecurityHeadersConfig ?? {};
  const headers: Record<string, string> = {};
  if (security.StrictTransportSecurity) {
    const hsts = security.StrictTransportSecurity;
    headers['Strict-Transport-Security'] = `max-age=${hsts.AccessControlMaxAgeSec}${hsts.IncludeSubdomains ? '; includeSubDomains' : ''}${hsts.Preload ? '; preload' : ''}`;
  }
  if (security.ContentSecurityPolicy) headers['Content-Security-Policy'] = security.ContentSecurityPolicy.ContentSecurityPolicy;
  if (security.ContentTypeOptions) headers['X-Content-Type-Options'] = 'nosniff';
  if (security.FrameOptions) headers['X-Frame-Options'] = security.FrameOptions.FrameOption;
  if (security.ReferrerPolicy) headers['Referrer-Policy'] = security.ReferrerPolicy.ReferrerPolicy;
  for (const custom of config.CustomHeadersConfig?.Items ?? []) headers[custom.Header] = custom.Value;
  for (const all of [...Object.values(security), ...(config.CustomHeadersConfig?.Items ?? [])]) expect((all as { Override: boolean }).Override).toBe(true);
  return headers;
}

describe('the bucket', () => {
  test('is private, encrypted and refuses plain HTTP', () => {
    dev.template(dev.stacks.site).hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'content/' }),
    });
  });

  test('can be read by this distribution only (origin access control), and only object by object', () => {
    const policies = resourcesOf(dev, 'AWS::S3::BucketPolicy')
      .map(([, p]) => p.Properties.PolicyDocument.Statement)
      .flat();
    const cloudfrontReads = policies.filter((s: any) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(cloudfrontReads).toHaveLength(1);
    expect(cloudfrontReads[0].Action).toBe('s3:GetObject');
    expect(json(cloudfrontReads[0].Condition)).toMatch(/AWS:SourceArn.*distribution\/.*SiteDistribution/);
    const s3Origin = distributionConfig(dev).Origins.find((o: any) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
  });
});

describe('pages', () => {
  test("come from the bucket, with the site's 404 page for addresses it does not have (a real 404 status)", () => {
    const config = distributionConfig(dev);
    const group = config.OriginGroups.Items.find((g: { Id: string }) => g.Id === config.DefaultCacheBehavior.TargetOriginId);
    expect(group.FailoverCriteria.StatusCodes.Items.sort()).toEqual([403, 404]);
    expect(group.Members.Items.map((m: { OriginId: string }) => originTarget(config, m.OriginId))).toEqual(['bucket', 'sitenotfound']);
  });

  test("leave API errors alone: no distribution-wide error pages, which would replace the API's 403 and 404 answers", () => {
    expect(distributionConfig(dev).CustomErrorResponses).toBeUndefined();
  });

  test('are served over HTTPS (HTTP redirected), HTTP/2 and 3, IPv6, compressed, behind the firewall', () => {
    const config = distributionConfig(dev);
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', Compress: true, AllowedMethods: ['GET', 'HEAD'] });
    expect(config).toMatchObject({ HttpVersion: 'http2and3', IPV6Enabled: true, DefaultRootObject: 'index.html' });
    expect(config.WebACLId['Fn::GetStackOutput']).toMatchObject({ StackName: 'Alumni-dev-Edge', Region: 'us-east-1' });
  });

  test('revalidate in browsers on every visit and stay at the edge until a deploy invalidates them', () => {
    const config = distributionConfig(dev);
    const cache = resource(dev, config.DefaultCacheBehavior.CachePolicyId).Properties.CachePolicyConfig;
    expect(cache).toMatchObject({ DefaultTTL: 86_400, MinTTL: 0 });
    expect(cache.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      CookiesConfig: { CookieBehavior: 'none' },
      QueryStringsConfig: { QueryStringBehavior: 'none' },
      EnableAcceptEncodingBrotli: true,
      EnableAcceptEncodingGzip: true,
    });
    const headers = headersSentBy(resource(dev, config.DefaultCacheBehavior.ResponseHeadersPolicyId));
    expect(headers['Cache-Control']).toBe(browserCaching.pages);
  });

  test('hashed build assets (/_astro/*) are cached for a year, immutable', () => {
    const config = distributionConfig(dev);
    const assets = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/_astro/*');
    expect(resource(dev, assets.CachePolicyId).Properties.CachePolicyConfig).toMatchObject({ DefaultTTL: 31_536_000, MaxTTL: 31_536_000 });
    expect(headersSentBy(resource(dev, assets.ResponseHeadersPolicyId))['Cache-Control']).toBe(browserCaching.hashedAssets);
  });
});

describe('the security headers', () => {
  test('on pages, assets and the API are exactly those of site/security-headers.ts (the local server sends the same)', () => {
    const config = distributionConfig(dev);
    const policyRefs = new Set([config.DefaultCacheBehavior, ...config.CacheBehaviors].map((b: { ResponseHeadersPolicyId: unknown }) => json(b.ResponseHeadersPolicyId)));
    expect(policyRefs.size).toBe(3);
    for (const ref of policyRefs) {
      const { 'Cache-Control': _cacheControl, ...headers } = headersSentBy(resource(dev, JSON.parse(ref)));
      expect(headers).toEqual(securityHeaders);
    }
  });

  test("the API's own Cache-Control is kept (no-store, or a few seconds for availability and progress)", () => {
    const api = distributionConfig(dev).CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(headersSentBy(resource(dev, api.ResponseHeadersPolicyId))['Cache-Control']).toBeUndefined();
  });
});

describe('/api/*', () => {
  test('each route goes to its function, in the order of infra/routes.ts, more specific first', () => {
    const config = distributionConfig(dev);
    const apiBehaviors = config.CacheBehaviors.filter((b: { PathPattern: string }) => b.PathPattern.startsWith('/api/'));
    expect(apiBehaviors.map((b: { PathPattern: string; TargetOriginId: string }) => [b.PathPattern, originTarget(config, b.TargetOriginId)])).toEqual(
      deployedRoutes(builtApiFunctions()).map((r) => [r.pathPattern, r.unsigned ? `${r.target} (unsigned)` : r.target]),
    );
  });

  test("only the one-click unsubscribe is unsigned, and it comes before the rest of its concern's addresses", () => {
    expect(apiRoutes.filter((r) => r.unsigned).map((r) => r.pathPattern)).toEqual(unsignedPatterns);
    const patterns = apiRoutes.map((r) => r.pathPattern);
    expect(patterns.indexOf('/api/subscriptions/*/unsubscribe')).toBeLessThan(patterns.indexOf('/api/subscriptions*'));
  });

  test('reaches the functions through origin access control only (the one-click unsubscribe excepted), over TLS 1.2, allowing every method, HTTPS only', () => {
    const config = distributionConfig(dev);
    const withoutAccessControl: string[] = [];
    for (const behavior of config.CacheBehaviors.filter((b: { PathPattern: string }) => b.PathPattern.startsWith('/api/'))) {
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'DELETE']));
      expect(behavior.ViewerProtocolPolicy).toBe('https-only');
      const origin = config.Origins.find((o: { Id: string }) => o.Id === behavior.TargetOriginId);
      if (origin.OriginAccessControlId === undefined) {
        withoutAccessControl.push(behavior.PathPattern);
        // The deliberate exception goes to the one-click function's own URL, never to a function behind signed routes.
        expect(originTarget(config, behavior.TargetOriginId), behavior.PathPattern).toBe('newsletter (unsigned)');
      }
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    }
    expect(withoutAccessControl).toEqual(builtApiFunctions().includes('newsletter') ? unsignedPatterns : []);
    const access = resourcesOf(dev, 'AWS::CloudFront::OriginAccessControl').map(([, r]) => r.Properties.OriginAccessControlConfig);
    expect(access).toEqual(expect.arrayContaining([expect.objectContaining({ OriginAccessControlOriginType: 'lambda', SigningBehavior: 'always', SigningProtocol: 'sigv4' })]));
  });

  test('function URLs accept only signed requests, and only this distribution may call them (the one-click URL excepted)', () => {
    const apiResources = dev.json(dev.stacks.api).Resources;
    const urls = Object.entries(apiResources).filter(([, r]) => r.Type === 'AWS::Lambda::Url');
    const unsigned = urls.filter(([, u]) => u.Properties.AuthType !== 'AWS_IAM');
    // The one exception: the one-click unsubscribe's own URL (auth NONE), of a function that answers only that address
    // (test/infra/newsletter.test.ts, test/infra/functions.test.ts); every other URL requires a signature.
    expect(unsigned.map(([id, u]) => [id.replace(/[0-9A-F]{8}$/, ''), u.Properties.AuthType])).toEqual(
      builtApiFunctions().includes('newsletter') ? [['NewsletterSendingOneClickFunctionFunctionUrl', 'NONE']] : [],
    );
    expect(urls.length - unsigned.length).toBe(builtApiFunctions().length);
    // Anyone may call the one-click function, but only through its URL; no other function of the API is public.
    const open = Object.values(apiResources).filter((r) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === '*');
    for (const permission of open) expect(json(permission.Properties.FunctionName)).toMatch(/"NewsletterSendingOneClickFunction[0-9A-F]{8}"/);
    expect(open.map((p) => [p.Properties.Action, p.Properties.FunctionUrlAuthType ?? null, p.Properties.InvokedViaFunctionUrl ?? null]).sort()).toEqual(
      builtApiFunctions().includes('newsletter')
        ? [
            ['lambda:InvokeFunction', null, true],
            ['lambda:InvokeFunctionUrl', 'NONE', null],
          ]
        : [],
    );
    const permissions = resourcesOf(dev, 'AWS::Lambda::Permission').map(([, p]) => p.Properties);
    // Two per function (InvokeFunctionUrl and InvokeFunction via its URL): each API function and the not-found one.
    expect(permissions).toHaveLength(2 * (builtApiFunctions().length + 1));
    for (const permission of permissions) {
      expect(permission.Principal).toBe('cloudfront.amazonaws.com');
      expect(json(permission.SourceArn)).toMatch(/:distribution\/.*"Ref":"SiteDistribution/);
    }
    for (const name of builtApiFunctions().map((n) => n[0]!.toUpperCase() + n.slice(1))) {
      const actions = permissions
        .filter((p) => json(p.FunctionName).includes(`${name}FunctionFunctionUrl`))
        .map((p) => p.Action)
        .sort();
      expect(actions, name).toEqual(['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl']);
    }
  });

  test('forwards the query string and only the headers the functions read, never cookies or the Host header', () => {
    const config = distributionConfig(dev);
    const refs = new Set(config.CacheBehaviors.filter((b: any) => b.PathPattern.startsWith('/api/')).map((b: any) => json(b.OriginRequestPolicyId)));
    expect(refs.size).toBe(1);
    const policy = resource(dev, JSON.parse([...refs][0] as string)).Properties.OriginRequestPolicyConfig;
    expect(policy.QueryStringsConfig.QueryStringBehavior).toBe('all');
    expect(policy.CookiesConfig.CookieBehavior).toBe('none');
    expect(policy.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: [...apiForwardedHeaders] });
    expect(policy.HeadersConfig.Headers.map((h: string) => h.toLowerCase())).not.toContain('host');
  });

  test("is never cached, except availability, who's coming, mentors' availability and fund progress for at most the 10 seconds the functions allow", () => {
    const config = distributionConfig(dev);
    for (const route of deployedRoutes(builtApiFunctions())) {
      const behavior = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === route.pathPattern);
      if (route.caching === 'no-store') {
        expect(behavior.CachePolicyId, route.pathPattern).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
      } else {
        const cache = resource(dev, behavior.CachePolicyId).Properties.CachePolicyConfig;
        expect(cache, route.pathPattern).toMatchObject({ DefaultTTL: 0, MinTTL: 0, MaxTTL: 10 });
        expect(cache.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig.CookieBehavior).toBe('none');
      }
    }
    expect(apiRoutes.filter((r) => r.caching === 'short').map((r) => r.pathPattern)).toEqual(['/api/events/*/availability', '/api/events/*/attendees', '/api/mentors/*', '/api/funds/*']);
    // Nothing personal or unsigned is ever cached at the edge.
    for (const route of apiRoutes.filter((r) => r.unsigned)) expect(route.caching, route.pathPattern).toBe('no-store');
  });
});

describe("addresses in the browser's address bar", () => {
  const code = readFileSync(rewriteRequestFile, 'utf8');
  const handler = runInNewContext(`${code}; handler`) as (event: unknown) => any;
  const request = (uri: string, querystring: Record<string, { value: string; multiValue?: { value: string }[] }> = {}) => handler({ request: { method: 'GET', uri, querystring, headers: {} } });

  test('a folder address serves its index.html', () => {
    expect(request('/').uri).toBe('/index.html');
    expect(request('/events/').uri).toBe('/events/index.html');
    expect(request('/events/alumni-reunion-2027/manage/', { r: { value: 'abc' } }).uri).toBe('/events/alumni-reunion-2027/manage/index.html');
  });

  test('an address without the trailing slash is redirected to it, keeping the query', () => {
    expect(request('/events')).toEqual({ statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/events/' } } });
    expect(request('/mentoring/respond', { r: { value: 'x1' }, t: { value: 'tok' } }).headers.location.value).toBe('/mentoring/respond/?r=x1&t=tok');
  });

  test('files are served as they are', () => {
    for (const uri of ['/events.ics', '/events/reunion.ics', '/_astro/island.Ab12Cd34.js', '/stories/rss.xml', '/robots.txt']) {
      expect(request(uri).uri, uri).toBe(uri);
    }
  });

  test('CloudFront runs this very code, on the pages only, before its cache', () => {
    const [, fn] = resourcesOf(dev, 'AWS::CloudFront::Function')[0]!;
    expect(fn.Properties.FunctionCode).toBe(code);
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const config = distributionConfig(dev);
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: expect.anything() }]);
    expect(config.CacheBehaviors.every((b: { FunctionAssociations?: unknown }) => b.FunctionAssociations === undefined)).toBe(true);
  });
});

describe('deploying the build', () => {
  test('uploads it, removes what the build no longer has, and invalidates the whole CDN', () => {
    dev.template(dev.stacks.site).hasResourceProperties('Custom::CDKBucketDeployment', {
      Prune: true,
      DistributionPaths: ['/*'],
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^SiteContent') },
    });
  });

  test('without a build, synth still works and uploads nothing (so a synth never empties the live site)', () => {
    noBuild.template(noBuild.stacks.site).resourceCountIs('Custom::CDKBucketDeployment', 0);
  });
});

describe('a custom domain', () => {
  test('is served with its certificate, SNI, TLS 1.2 or newer', () => {
    const config = distributionConfig(withDomain);
    expect(config.Aliases).toEqual(['alumni.example.edu']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/0b1c2d3e-1111-2222-3333-444455556666',
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  test('becomes the address in emails (SITE_URL of every API function)', () => {
    withDomain.template(withDomain.stacks.api).allResourcesProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SITE_URL: 'https://alumni.example.edu' }) },
    });
  });
});
