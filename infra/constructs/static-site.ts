/**
 * The site on one origin: the built pages in a private S3 bucket, read by
 * CloudFront through origin access control, and `/api/*` routed to the
 * functions' URLs, which only accept requests CloudFront signed (origin access
 * control for Lambda). One address, no CORS, the firewall in front of both.
 *
 * Caching:
 * - pages (and everything else without a hash in its name): browsers
 *   revalidate every time (cheap 304s); the edge keeps them until the next
 *   deploy, whose invalidation clears it;
 * - `/_astro/*` (content-hashed by the build): a year, immutable;
 * - the API: never cached, except availability and fund progress, for the few
 *   seconds the functions allow.
 */
import * as fs from 'node:fs';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployedRoutes, type ApiCaching, type ApiFunctionName } from '../routes';
import { AppFunction } from './app-function';
import { asInterface } from './types';
import { cloudFrontHeaders } from './site/security-headers-policy';

/** How long browsers may keep each kind of response. */
export const browserCaching = {
  pages: 'public, max-age=0, must-revalidate',
  hashedAssets: 'public, max-age=31536000, immutable',
} as const;

/** Request headers the API functions read; nothing else reaches them (no cookies, no Host: the URL's signature needs its own). */
export const apiForwardedHeaders = [
  'Content-Type',
  'Idempotency-Key',
  // The viewer's address, for the functions' rate limit (only CloudFront can reach the functions, so it cannot be forged).
  'CloudFront-Viewer-Address',
  // The SHA-256 of a POST body: Lambda's origin access control signs it; browsers send it (see README).
  'x-amz-content-sha256',
] as const;

export interface StaticSiteProps {
  /** The built site (absolute path). When it does not exist, nothing is uploaded (a synth without a build). */
  readonly siteDir: string;
  /** The function URL of each deployed API function. */
  readonly apiFunctionUrls: Partial<Record<ApiFunctionName, lambda.IFunctionUrl>>;
  /** The URL (auth NONE) of each function that answers a route marked `unsigned` in infra/routes.ts. */
  readonly unsignedApiFunctionUrls?: Partial<Record<ApiFunctionName, lambda.IFunctionUrl>>;
  /** WAF web ACL (CLOUDFRONT scope, in us-east-1). */
  readonly webAclArn: string;
  readonly domainName?: string | undefined;
  readonly certificate?: acm.ICertificate | undefined;
  readonly priceClass: cloudfront.PriceClass;
  readonly logRetention: logs.RetentionDays;
  readonly retainLogs: boolean;
}

export class StaticSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly notFound: AppFunction;
  readonly deployment: s3deploy.BucketDeployment | undefined;
  /** https://{domainName} or https://{CloudFront's name}. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);

    const logsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    // Only build output lives here: it is rebuilt from the repository on every deploy, so it never needs keeping.
    this.bucket = new s3.Bucket(this, 'Content', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: asInterface<s3.IBucket>(logsBucket),
      serverAccessLogsPrefix: 'content/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    this.notFound = new AppFunction(this, 'NotFound', {
      entry: 'infra/constructs/site/not-found-handler.ts',
      description: 'Answers addresses the site does not have with its 404 page',
      serviceName: 'alumni-site-not-found',
      memorySize: 128,
      timeout: Duration.seconds(3),
      logRetention: props.logRetention,
      retainLogs: props.retainLogs,
      extraFiles: { [path.join(props.siteDir, '404.html')]: '404.html' },
    }).acknowledgeSynchronousInvocation();
    const notFoundUrl = this.notFound.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });

    const functionUrlAccess = new cloudfront.FunctionUrlOriginAccessControl(this, 'FunctionUrlAccess', {
      signing: cloudfront.Signing.SIGV4_ALWAYS,
    });
    const bucketOrigin = origins.S3BucketOrigin.withOriginAccessControl(asInterface<s3.IBucket>(this.bucket), {
      originAccessLevels: [cloudfront.AccessLevel.READ],
    });
    const pagesOrigin = new origins.OriginGroup({
      primaryOrigin: bucketOrigin,
      fallbackOrigin: origins.FunctionUrlOrigin.withOriginAccessControl(notFoundUrl, { originAccessControl: functionUrlAccess }),
      // Without s3:ListBucket, S3 answers 403 for a key it does not have.
      fallbackStatusCodes: [403, 404],
    });

    const { securityHeadersBehavior, customHeaders } = cloudFrontHeaders();
    const headersPolicy = (policyId: string, comment: string, cacheControl?: string) =>
      new cloudfront.ResponseHeadersPolicy(this, policyId, {
        comment,
        securityHeadersBehavior,
        customHeadersBehavior: {
          customHeaders: [...customHeaders, ...(cacheControl ? [{ header: 'Cache-Control', value: cacheControl, override: true }] : [])],
        },
      });
    const pagesHeaders = headersPolicy('PagesHeaders', 'Site pages: security headers, revalidate on every visit', browserCaching.pages);
    const assetsHeaders = headersPolicy('AssetsHeaders', 'Hashed build assets: security headers, cached for a year', browserCaching.hashedAssets);
    const apiHeaders = headersPolicy('ApiHeaders', 'API: security headers; the functions set Cache-Control');

    const pagesCache = new cloudfront.CachePolicy(this, 'PagesCache', {
      comment: 'Site pages: kept at the edge until the next deploy invalidates them',
      defaultTtl: Duration.days(1),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const assetsCache = new cloudfront.CachePolicy(this, 'AssetsCache', {
      comment: 'Content-hashed build assets: never change under the same name',
      defaultTtl: Duration.days(365),
      minTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const apiShortCache = new cloudfront.CachePolicy(this, 'ApiShortCache', {
      comment: "API reads that may be a few seconds old (availability, fund progress): the function's max-age, at most 10 s",
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(10),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const apiCachePolicies: Record<ApiCaching, cloudfront.ICachePolicy> = {
      'no-store': cloudfront.CachePolicy.CACHING_DISABLED,
      short: apiShortCache,
    };
    const apiRequests = new cloudfront.OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'API: the query string (capability tokens) and the headers the functions read',
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...apiForwardedHeaders),
    });

    const rewrite = new cloudfront.Function(this, 'RewriteRequest', {
      comment: 'Folder addresses to index.html; addresses without a trailing slash redirected to it',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromFile({ filePath: rewriteRequestFile }),
    });

    const deployed = (Object.keys(props.apiFunctionUrls) as ApiFunctionName[]).filter((name) => props.apiFunctionUrls[name]);
    const apiOrigins = new Map<ApiFunctionName, cloudfront.IOrigin>(
      deployed.map((name) => [
        name,
        origins.FunctionUrlOrigin.withOriginAccessControl(props.apiFunctionUrls[name]!, {
          originAccessControl: functionUrlAccess,
          readTimeout: Duration.seconds(30),
        }),
      ]),
    );
    // Routes CloudFront must not sign (infra/routes.ts `unsigned`) go to a URL of their own, without origin access control.
    const unsignedOrigin = (target: ApiFunctionName) => {
      const url = props.unsignedApiFunctionUrls?.[target];
      if (!url) throw new Error(`A route of ${target} is unsigned, but no unsigned function URL was given for it.`);
      return new origins.FunctionUrlOrigin(url, { readTimeout: Duration.seconds(30) });
    };
    const apiBehaviors = Object.fromEntries(
      deployedRoutes(deployed).map((route) => [
        route.pathPattern,
        {
          origin: route.unsigned ? unsignedOrigin(route.target) : apiOrigins.get(route.target)!,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
          cachePolicy: apiCachePolicies[route.caching],
          originRequestPolicy: apiRequests,
          responseHeadersPolicy: apiHeaders,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          compress: true,
        } satisfies cloudfront.BehaviorOptions,
      ]),
    );

    const customDomain =
      props.domainName && props.certificate ? { domainNames: [props.domainName], certificate: props.certificate, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 } : {};
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${Stack.of(this).stackName}: site and API`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: pagesOrigin,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: pagesCache,
        responseHeadersPolicy: pagesHeaders,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/_astro/*': {
          origin: pagesOrigin,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: assetsCache,
          responseHeadersPolicy: assetsHeaders,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          compress: true,
        },
        ...apiBehaviors,
      },
      ...customDomain,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: props.priceClass,
      webAclId: props.webAclArn,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Alumni live all over the world; the site is for all of them, so no country is blocked.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          "CloudFront access logs would record viewers' IP addresses and the capability tokens carried in query strings (manage and answer links): personal data the product keeps out of logs. The firewall's sampled requests and CloudWatch metrics serve operations instead.",
      },
    );
    if (!props.certificate) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason: "Without a custom domain the site uses CloudFront's default certificate, whose TLS policy CloudFront fixes; set domainName to serve TLS 1.2+ only.",
      });
    }

    this.url = `https://${props.domainName && props.certificate ? props.domainName : this.distribution.distributionDomainName}`;

    this.deployment = fs.existsSync(props.siteDir)
      ? new s3deploy.BucketDeployment(this, 'Deploy', {
          sources: [s3deploy.Source.asset(props.siteDir)],
          destinationBucket: asInterface<s3.IBucket>(this.bucket),
          distribution: this.distribution,
          distributionPaths: ['/*'],
          prune: true,
          memoryLimit: 1024,
          logGroup: new logs.LogGroup(this, 'DeployLogs', {
            retention: props.logRetention,
            removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
          }),
        })
      : undefined;

    if (this.deployment) acknowledgeDeploymentHandler(this, this.bucket);

    new CfnOutput(this, 'SiteUrl', { value: this.url, description: 'The site' });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.distribution.distributionDomainName,
      description: 'Point your domain (CNAME or alias) here',
    });
  }
}

/**
 * The upload of the build runs in aws-s3-deployment's own handler (a function
 * CDK adds once per stack and runs only during deploys). Its findings are
 * acknowledged on that handler alone.
 */
function acknowledgeDeploymentHandler(scope: Construct, bucket: s3.Bucket): void {
  const stack = Stack.of(scope);
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('aws-s3-deployment handler not found: its acknowledgements need updating');
  const bucketLogicalId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  const assetsBucket = `arn:${stack.partition}:s3:::cdk-${stack.synthesizer.bootstrapQualifier ?? 'hnb659fds'}-assets-${stack.account}-${stack.region}/*`;
  const reasonIam5 =
    "CDK's deployment handler copies the build from the CDK assets bucket into the site bucket and removes what the build no longer has (S3 actions on those two buckets only), then invalidates the CDN (CloudFront has no resource-level permission for invalidations).";
  const reasonRuntime = "The runtime of CDK's deployment handler is chosen by aws-cdk-lib and moves with it; it runs only while CloudFormation deploys.";
  const reasonSync = 'Invoked synchronously by CloudFormation as a custom resource: CloudFormation reports every failure and rolls back.';
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "CDK's deployment handler role uses the basic execution policy to write its own logs; it runs only during deploys.",
    },
    ...[
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Resource::*',
      `Resource::${assetsBucket}`,
      `Resource::<${bucketLogicalId}.Arn>/*`,
    ].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: reasonIam5 })),
    { id: 'AwsSolutions-L1', reason: reasonRuntime },
    { id: 'Serverless-LambdaLatestVersion', reason: reasonRuntime },
    { id: 'Serverless-LambdaDLQ', reason: reasonSync },
    { id: 'Serverless-LambdaTracing', reason: "Runs only during deploys; CloudFormation events and the handler's logs describe each run." },
  );
}

/** The viewer-request function's code (plain JavaScript: CloudFront runs it as it is). */
export const rewriteRequestFile = fileURLToPath(new URL('./site/rewrite-request.js', import.meta.url));
