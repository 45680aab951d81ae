/**
 * The HTTP API: one function per concern (functions/<name>/handler.ts), each
 * behind a function URL that only CloudFront can call (origin access control,
 * AWS_IAM), each with only the grants its code uses.
 */
import { existsSync } from 'node:fs';
import { Annotations, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { isProd, siteUrlOf, type StageConfig } from '../config';
import { AppFunction } from '../constructs/app-function';
import { EventSchedule } from '../constructs/event-schedule';
import type { DataTable, TableAccess } from '../constructs/data-table';
import { MentoringSchedule } from '../constructs/mentoring-schedule';
import { NewsletterSending } from '../constructs/newsletter-sending';
import { functionPartitions } from '../../functions/shared/table-partitions';
import { repoPath } from '../paths';
import { apiFunctionNames, apiRoutes, type ApiFunctionName } from '../routes';

/**
 * What each function's code uses. test/infra/functions.test.ts compares these
 * grants with what each bundle can call (SDK commands it imports, secret ARNs
 * it reads), so a change in the code that needs more, or less, fails there first.
 */
export const apiFunctionNeeds: Record<ApiFunctionName, { description: string; table: TableAccess; secrets: readonly ('signing' | 'mentorEmails')[] }> = {
  registrations: {
    description: 'Event registrations: availability, register, manage, cancel (and /api/health)',
    table: 'readwrite',
    secrets: ['signing'],
  },
  mentoring: {
    description: "Mentor requests: matching, and the mentor's accept and decline links",
    table: 'readwrite',
    // Mentors' addresses are resolved by the mailer when it sends, never by this function.
    secrets: ['signing'],
  },
  donations: {
    description: 'Donation pledges and fund progress',
    // Every item it touches is known by key (pledge, reference, fund totals, donor): no queries.
    table: 'readwrite-by-key',
    secrets: ['signing'],
  },
  newsletter: {
    description: 'Newsletter subscriptions: subscribe (double opt-in), confirm, preferences, unsubscribe',
    // A subscription, its address marker and its jobs are known by key: no queries.
    table: 'readwrite-by-key',
    secrets: ['signing'],
  },
};

/**
 * The API functions whose code exists (functions/<name>/handler.ts). A concern
 * not written yet is left out, with a synth warning: its paths then reach the
 * catch-all `/api/*` and get the API's own 404, as they do locally. The
 * registrations function answers that catch-all, so it is always required.
 */
export function builtApiFunctions(): ApiFunctionName[] {
  const built = apiFunctionNames.filter((name) => existsSync(repoPath(`functions/${name}/handler.ts`)));
  if (!built.includes('registrations')) throw new Error('functions/registrations/handler.ts is missing: it answers /api/* and /api/health.');
  return built;
}

/** Used for links in emails until the stage knows its address (see README, "Deploy to AWS"). */
export const unknownSiteUrl = 'https://site-url-not-configured.invalid';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly data: DataTable;
  readonly signingSecret: secretsmanager.ISecret;
  readonly mentorEmails: secretsmanager.ISecret;
  readonly alarmTopic: sns.ITopic;
}

export class ApiStack extends Stack {
  /** The functions of the concerns whose code exists (see builtApiFunctions). */
  readonly functions: Partial<Record<ApiFunctionName, AppFunction>>;
  readonly urls: Partial<Record<ApiFunctionName, lambda.FunctionUrl>>;
  /** The URLs CloudFront calls unsigned, for the routes marked `unsigned` (infra/routes.ts): the one-click unsubscribe. */
  readonly unsignedUrls: Partial<Record<ApiFunctionName, lambda.FunctionUrl>>;
  /** The newsletter's one-click address and issue schedule; with the newsletter function only. */
  readonly newsletter: NewsletterSending | undefined;
  /** Mentor reminders, expiries, check-ins and ends, every hour (functions/mentoring/lifecycle.ts); with the mentoring function only. */
  readonly mentoringSchedule: MentoringSchedule | undefined;
  /** Event changes, reminders and follow-up, every minute (functions/registrations/lifecycle.ts). */
  readonly eventSchedule: EventSchedule;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const siteUrl = siteUrlOf(config);
    if (!siteUrl) {
      Annotations.of(this).addWarningV2(
        'alumni:siteUrl',
        `No siteUrl or domainName for stage ${config.stage}: links in emails point to ${unknownSiteUrl} until you set siteUrl to the SiteUrl output and deploy again.`,
      );
    }
    const secrets = { signing: ['SIGNING_SECRET_ARN', props.signingSecret], mentorEmails: ['MENTOR_EMAILS_ARN', props.mentorEmails] } as const;

    const functions: Partial<Record<ApiFunctionName, AppFunction>> = {};
    const urls: Partial<Record<ApiFunctionName, lambda.FunctionUrl>> = {};
    const built = builtApiFunctions();
    for (const name of apiFunctionNames.filter((n) => !built.includes(n))) {
      const paths = apiRoutes.filter((route) => route.target === name).map((route) => route.pathPattern);
      Annotations.of(this).addWarningV2(`alumni:missingFunction:${name}`, `functions/${name}/handler.ts does not exist yet: ${paths.join(', ')} are not deployed and answer the API's 404.`);
    }
    for (const name of built) {
      const needs = apiFunctionNeeds[name];
      const fn = new AppFunction(this, name[0]!.toUpperCase() + name.slice(1), {
        entry: `functions/${name}/handler.ts`,
        description: needs.description,
        serviceName: `alumni-${name}`,
        memorySize: 512,
        logRetention: logRetentionOf(config),
        retainLogs: isProd(config),
        environment: {
          TABLE_NAME: props.data.table.tableName,
          SITE_URL: siteUrl ?? unknownSiteUrl,
          RETENTION_DAYS: String(config.retentionDays),
          RATE_LIMIT_PER_MINUTE: String(config.rateLimitPerMinute),
        },
      }).acknowledgeSynchronousInvocation();
      // Only its own partitions (dynamodb:LeadingKeys): one function's role cannot touch another's items.
      fn.bindTable(props.data, needs.table, functionPartitions[name]);
      for (const secret of needs.secrets) fn.bindSecret(secrets[secret][1], secrets[secret][0]);
      fn.addAlarms(props.alarmTopic, { functionUrl: true });
      functions[name] = fn;
      urls[name] = fn.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    }
    this.functions = functions;
    this.urls = urls;
    this.newsletter = built.includes('newsletter')
      ? new NewsletterSending(this, 'NewsletterSending', {
          table: props.data,
          signingSecret: props.signingSecret,
          environment: {
            TABLE_NAME: props.data.table.tableName,
            SITE_URL: siteUrl ?? unknownSiteUrl,
            RETENTION_DAYS: String(config.retentionDays),
            RATE_LIMIT_PER_MINUTE: String(config.rateLimitPerMinute),
          },
          sendRatePerSecond: config.sendRatePerSecond,
          monthlySend: config.newsletterMonthlySend,
          alarmTopic: props.alarmTopic,
          logRetention: logRetentionOf(config),
          retainLogs: isProd(config),
        })
      : undefined;
    this.unsignedUrls = this.newsletter ? { newsletter: this.newsletter.oneClickUrl } : {};
    this.mentoringSchedule = built.includes('mentoring')
      ? new MentoringSchedule(this, 'MentoringSchedule', {
          table: props.data,
          signingSecret: props.signingSecret,
          environment: { SITE_URL: siteUrl ?? unknownSiteUrl, RETENTION_DAYS: String(config.retentionDays) },
          alarmTopic: props.alarmTopic,
          logRetention: logRetentionOf(config),
          retainLogs: isProd(config),
        })
      : undefined;
    this.eventSchedule = new EventSchedule(this, 'EventSchedule', {
      table: props.data,
      signingSecret: props.signingSecret,
      environment: {
        TABLE_NAME: props.data.table.tableName,
        SITE_URL: siteUrl ?? unknownSiteUrl,
        RETENTION_DAYS: String(config.retentionDays),
        RATE_LIMIT_PER_MINUTE: String(config.rateLimitPerMinute),
      },
      alarmTopic: props.alarmTopic,
      logRetention: logRetentionOf(config),
      retainLogs: isProd(config),
    });
  }
}

/** The CloudWatch Logs retention closest to (and not below) the configured days. */
export function logRetentionOf(config: StageConfig): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays)
    .filter((days): days is logs.RetentionDays => typeof days === 'number' && days > 0)
    .sort((a, b) => a - b);
  return allowed.find((days) => days >= config.logRetentionDays) ?? allowed[allowed.length - 1]!;
}
