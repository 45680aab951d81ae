/** The site and its CDN: pages from S3, /api/* to the functions, behind the firewall. */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { isProd, type StageConfig } from '../config';
import { StaticSite } from '../constructs/static-site';
import { repoPath } from '../paths';
import type { ApiFunctionName } from '../routes';
import { logRetentionOf } from './api-stack';

export interface SiteStackProps extends StackProps {
  readonly config: StageConfig;
  readonly apiFunctionUrls: Partial<Record<ApiFunctionName, lambda.IFunctionUrl>>;
  /** Function URLs CloudFront calls unsigned (the one-click unsubscribe). */
  readonly unsignedApiFunctionUrls?: Partial<Record<ApiFunctionName, lambda.IFunctionUrl>>;
  readonly webAclArn: string;
  /** A certificate requested by the edge stack, when the stage brings none of its own. */
  readonly certificate?: acm.ICertificate | undefined;
  /** The built site (absolute); defaults to the stage's siteDir. */
  readonly siteDir?: string;
}

const priceClasses = {
  '100': cloudfront.PriceClass.PRICE_CLASS_100,
  '200': cloudfront.PriceClass.PRICE_CLASS_200,
  All: cloudfront.PriceClass.PRICE_CLASS_ALL,
} as const;

export class SiteStack extends Stack {
  readonly site: StaticSite;

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    const { config } = props;
    const certificate = config.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn) : props.certificate;
    this.site = new StaticSite(this, 'Site', {
      siteDir: props.siteDir ?? repoPath(config.siteDir),
      apiFunctionUrls: props.apiFunctionUrls,
      ...(props.unsignedApiFunctionUrls ? { unsignedApiFunctionUrls: props.unsignedApiFunctionUrls } : {}),
      webAclArn: props.webAclArn,
      domainName: config.domainName,
      certificate,
      priceClass: priceClasses[config.priceClass],
      logRetention: logRetentionOf(config),
      retainLogs: isProd(config),
    });
  }
}
