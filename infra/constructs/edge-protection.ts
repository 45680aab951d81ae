/**
 * The firewall in front of the whole site (AWS WAF on CloudFront, so it lives
 * in us-east-1): AWS's managed rules for known-bad addresses and common
 * exploits, and a rate limit on writes to the API per client address, which
 * answers in the API's own error shape (429 rate_limited) so the forms can
 * say so plainly. The functions keep their own, finer per-minute limit.
 *
 * IPv6: a rate-based rule aggregates by the whole request address (AWS WAF
 * has no prefix aggregation), so a client that rotates addresses inside its
 * /64 is counted as many clients here. This rule is the coarse first line;
 * the functions count an IPv6 /64 as one client and limit registrations per
 * event per /48 (functions/shared/rate-limit.ts), which is where such a
 * client is held.
 */
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { errorStatus, type ErrorBody } from '../../functions/schemas/errors';

export interface EdgeProtectionProps {
  /** Writes (anything but GET/HEAD) to /api/* per client address per 5 minutes before it is blocked. */
  readonly apiWriteLimitPer5Minutes: number;
  /** Prefix of the CloudWatch metric names. */
  readonly metricPrefix: string;
}

/** What a blocked writer gets: the API's error shape (api.md) and a time to retry. */
export const rateLimitedBody: ErrorBody = {
  error: {
    code: 'rate_limited',
    message: 'Too many requests from your network. Please wait a few minutes and try again.',
  },
};

export class EdgeProtection extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeProtectionProps) {
    super(scope, id);
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.metricPrefix}-${name}`,
    });
    const managed = (priority: number, name: string, ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[]): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...(ruleActionOverrides ? { ruleActionOverrides } : {}) } },
      visibilityConfig: visibility(name),
    });
    const method = (name: string): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { method: {} },
        positionalConstraint: 'EXACTLY',
        searchString: name,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('all'),
      customResponseBodies: {
        'rate-limited': { contentType: 'APPLICATION_JSON', content: JSON.stringify(rateLimitedBody) },
      },
      rules: [
        managed(0, 'AWSManagedRulesAmazonIpReputationList'),
        {
          name: 'ApiWritesPerAddress',
          priority: 1,
          action: {
            block: {
              customResponse: {
                responseCode: errorStatus.rate_limited,
                customResponseBodyKey: 'rate-limited',
                responseHeaders: [{ name: 'Retry-After', value: '300' }],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              limit: props.apiWriteLimitPer5Minutes,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    {
                      byteMatchStatement: {
                        fieldToMatch: { uriPath: {} },
                        positionalConstraint: 'STARTS_WITH',
                        searchString: '/api/',
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                    { notStatement: { statement: { orStatement: { statements: [method('GET'), method('HEAD')] } } } },
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility('ApiWritesPerAddress'),
        },
        // The API itself answers bodies over 16 KiB with its own 413; the rule set's 8 KB cap would cut in earlier with a bare 403.
        managed(2, 'AWSManagedRulesCommonRuleSet', [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managed(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });
  }
}
