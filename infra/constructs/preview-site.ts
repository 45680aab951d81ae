/**
 * Previews of pull requests: one private bucket holding a build per pull
 * request under its own prefix (`pr-123/`, built with that base path), behind
 * a CloudFront distribution with origin access control. A viewer-request
 * function keeps requests inside a pull request's prefix and maps folder
 * addresses to their index.html. Objects expire after 30 days in case a
 * closed pull request's clean-up did not run. The workflow
 * (.github/workflows/preview.yml) uploads, comments the address and deletes
 * the prefix when the pull request closes; it needs only the bucket and the
 * distribution's id, which are outputs.
 *
 * Forms on a preview are switched off at build time (PUBLIC_PREVIEW), so this
 * distribution has no API behaviour, and the pages tell search engines not to
 * index it (X-Robots-Tag).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { asInterface } from './types';

export const previewRequestFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'preview', 'preview-request.js');

export interface PreviewSiteProps {
  /** Days a preview stays if its pull request's clean-up never ran. */
  readonly expireAfterDays?: number;
}

export class PreviewSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: PreviewSiteProps = {}) {
    super(scope, id);
    const logsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    // Builds of branches, made again on every push: nothing here needs keeping.
    this.bucket = new s3.Bucket(this, 'Builds', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: asInterface<s3.IBucket>(logsBucket),
      serverAccessLogsPrefix: 'builds/',
      lifecycleRules: [{ expiration: Duration.days(props.expireAfterDays ?? 30) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const request = new cloudfront.Function(this, 'PreviewRequest', {
      comment: 'Preview addresses: only under /pr-<number>/, folders to index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromFile({ filePath: previewRequestFile }),
    });
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'PreviewHeaders', {
      comment: 'Previews: not for search engines, and the usual security headers',
      customHeadersBehavior: { customHeaders: [{ header: 'X-Robots-Tag', value: 'noindex, nofollow', override: true }] },
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true },
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${Stack.of(this).stackName}: previews of pull requests`,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(asInterface<s3.IBucket>(this.bucket), { originAccessLevels: [cloudfront.AccessLevel.READ] }),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        // Each push replaces the prefix's files; a short cache shows the new build without invalidations.
        cachePolicy: new cloudfront.CachePolicy(this, 'PreviewCache', {
          comment: 'Previews: one minute',
          defaultTtl: Duration.minutes(1),
          maxTtl: Duration.minutes(5),
          minTtl: Duration.seconds(0),
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        }),
        responseHeadersPolicy: headers,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        functionAssociations: [{ function: request, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'Editors and reviewers work from anywhere; a preview shows only what a pull request would publish.' },
      { id: 'AwsSolutions-CFR2', reason: "Previews serve static pages with forms switched off and no API; the stage's firewall guards the site and its API, where writes happen." },
      { id: 'AwsSolutions-CFR3', reason: "Previews carry no personal data and no API; the bucket's server access logs record what was read." },
      { id: 'AwsSolutions-CFR4', reason: "Previews use CloudFront's own domain and default certificate, whose TLS policy CloudFront fixes." },
    );

    new CfnOutput(this, 'PreviewBucketName', { value: this.bucket.bucketName, description: 'Bucket of pull request previews (PREVIEW_BUCKET in the preview workflow)' });
    new CfnOutput(this, 'PreviewDistributionId', { value: this.distribution.distributionId, description: 'PREVIEW_DISTRIBUTION_ID in the preview workflow' });
    new CfnOutput(this, 'PreviewUrl', { value: `https://${this.distribution.distributionDomainName}`, description: 'PREVIEW_URL in the preview workflow: previews are at {PreviewUrl}/pr-<number>/' });
  }
}
