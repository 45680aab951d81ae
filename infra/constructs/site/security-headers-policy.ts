/**
 * CloudFront's form of the site's security headers. The headers themselves
 * are defined once in site/security-headers.ts (the local server sends the
 * same ones); this only sorts them into the typed settings CloudFront has for
 * the well-known security headers and plain custom headers for the rest.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { securityHeaders } from '../../../site/security-headers';

export interface CloudFrontHeaders {
  securityHeadersBehavior: cloudfront.ResponseSecurityHeadersBehavior;
  customHeaders: cloudfront.ResponseCustomHeader[];
}

const frameOptions: Record<string, cloudfront.HeadersFrameOption> = {
  DENY: cloudfront.HeadersFrameOption.DENY,
  SAMEORIGIN: cloudfront.HeadersFrameOption.SAMEORIGIN,
};

const referrerPolicies = new Map<string, cloudfront.HeadersReferrerPolicy>(
  Object.values(cloudfront.HeadersReferrerPolicy).map((value) => [value as string, value as cloudfront.HeadersReferrerPolicy]),
);

/** Sorts `headers` into CloudFront's typed security headers and custom headers; every header overrides the origin's. */
export function cloudFrontHeaders(headers: Readonly<Record<string, string>> = securityHeaders): CloudFrontHeaders {
  const security: {
    -readonly [K in keyof cloudfront.ResponseSecurityHeadersBehavior]: cloudfront.ResponseSecurityHeadersBehavior[K];
  } = {};
  const customHeaders: cloudfront.ResponseCustomHeader[] = [];
  const unsupported = (name: string, value: string) => new Error(`site/security-headers.ts: CloudFront cannot send ${name}: ${value}`);

  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case 'strict-transport-security': {
        const maxAge = /max-age=(\d+)/i.exec(value)?.[1];
        if (!maxAge) throw unsupported(name, value);
        security.strictTransportSecurity = {
          accessControlMaxAge: Duration.seconds(Number(maxAge)),
          includeSubdomains: /includeSubDomains/i.test(value),
          preload: /preload/i.test(value),
          override: true,
        };
        break;
      }
      case 'content-security-policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'x-content-type-options':
        if (value !== 'nosniff') throw unsupported(name, value);
        security.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options': {
        const frameOption = frameOptions[value.toUpperCase()];
        if (!frameOption) throw unsupported(name, value);
        security.frameOptions = { frameOption, override: true };
        break;
      }
      case 'referrer-policy': {
        const referrerPolicy = referrerPolicies.get(value);
        if (!referrerPolicy) throw unsupported(name, value);
        security.referrerPolicy = { referrerPolicy, override: true };
        break;
      }
      default:
        customHeaders.push({ header: name, value, override: true });
    }
  }
  return { securityHeadersBehavior: security, customHeaders };
}
