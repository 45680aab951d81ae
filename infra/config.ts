/**
 * What one deployment (a stage: `dev` or `prod`) is made of, read from CDK
 * context so that nothing about a university is hard-coded:
 *
 *   infra/cdk.json  "stages": { "dev": { … }, "prod": { … } }   the committed defaults per stage
 *   cdk … -c stage=prod -c mailFrom="…"                          any key, for one run
 *
 * `-c` values win over the stage's block, which wins over the defaults below.
 * Nothing here asks AWS anything: `npm run synth` works offline and without
 * credentials (the account falls back to a placeholder that cannot be deployed).
 */
import { z } from 'zod';

/** The account used when none is known: synth works, a deploy is refused by CloudFormation's account check. */
export const placeholderAccount = '000000000000';

const domainName = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case host name such as alumni.example.edu');

export const stageConfigSchema = z
  .object({
    /** `prod` keeps data when a stack is deleted and protects the table; `dev` cleans up after itself. */
    stage: z.enum(['dev', 'prod']),
    /** Prefix of every stack name, so one account can hold several sites. */
    appName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'letters and digits, starting with a letter')
      .default('Alumni'),
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
    /** Where the data, the functions and the email live. The firewall and certificate always live in us-east-1. */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1'),
    /** Sender of every email, e.g. "Alumni Network <events@alumni.example.edu>"; its domain becomes the SES identity. */
    mailFrom: z.string().min(3),
    /** The site's own host name (optional). Without it the site answers on its CloudFront address. */
    domainName: domainName.optional(),
    /** An ACM certificate in us-east-1 for `domainName` (optional; without it one is requested, validated by DNS). */
    certificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, 'an ACM certificate ARN in us-east-1')
      .optional(),
    /** The public address for links in emails and the build's canonical URLs. Defaults to https://{domainName}. */
    siteUrl: z.url().optional(),
    /** Who gets alarm emails (optional; the topic exists either way). */
    alarmEmail: z.email().optional(),
    /** Days personal data is kept after an event ends. */
    retentionDays: z.coerce.number().int().positive().default(365),
    /** Writes per client address and route family per minute, enforced by the functions. */
    rateLimitPerMinute: z.coerce.number().int().positive().default(60),
    /** Writes (POST, DELETE) to /api/* per client address per 5 minutes, enforced by the firewall at the edge. */
    edgeWriteLimitPer5Minutes: z.coerce.number().int().min(10).default(1000),
    /** How long function logs are kept. */
    logRetentionDays: z.coerce.number().int().positive().default(30),
    /**
     * Emails per second the mailer may send, and at which a newsletter issue is spaced: about 80% of the SES
     * account's maximum send rate (SES console, "Account dashboard"; 14 a second for a new production account).
     */
    sendRatePerSecond: z.coerce.number().positive().default(10),
    /** Send a newsletter issue on the first of every month at 08:00 UTC (`-c newsletterMonthlySend=true`). Off: staff send with `admin newsletter send`. */
    newsletterMonthlySend: z.preprocess((raw) => (raw === 'true' ? true : raw === 'false' ? false : raw), z.boolean()).default(false),
    /** CloudFront price class: `All` serves alumni worldwide from the nearest edge. */
    priceClass: z.enum(['100', '200', 'All']).default('All'),
    /** Previews of pull requests (a bucket and CloudFront, the Preview stack); dev has them. */
    previews: z.preprocess((raw) => (raw === 'true' ? true : raw === 'false' ? false : raw), z.boolean()).default(false),
    /**
     * How often the site is rebuilt so scheduled items (`publishAt`) go live and ended events move to the past:
     * `nightly` or `hourly`. The GitHub workflow nightly.yml runs hourly and deploys a stage at other hours only
     * when this says hourly (an EventBridge schedule cannot build the site: the build runs in GitHub).
     */
    publishSchedule: z.enum(['nightly', 'hourly']).default('nightly'),
    /** The built site, relative to the repository root. */
    siteDir: z.string().default('dist'),
  })
  .superRefine((config, ctx) => {
    if (config.certificateArn && !config.domainName) {
      ctx.addIssue({ code: 'custom', path: ['certificateArn'], message: 'only makes sense with domainName' });
    }
    if (!mailDomainOf(config.mailFrom)) {
      ctx.addIssue({ code: 'custom', path: ['mailFrom'], message: 'must contain an address such as events@alumni.example.edu' });
    }
  });

export type StageConfig = z.output<typeof stageConfigSchema>;

/** The domain of the sender address: `Alumni <events@alumni.example.edu>` → `alumni.example.edu`. */
export function mailDomainOf(mailFrom: string): string | undefined {
  const match = /@([a-z0-9.-]+\.[a-z]{2,63})>?\s*$/i.exec(mailFrom.trim());
  return match?.[1]?.toLowerCase();
}

/** The public address of the site, or undefined when it is only known after the first deploy (CloudFront's own name). */
export function siteUrlOf(config: StageConfig): string | undefined {
  if (config.siteUrl) return config.siteUrl.replace(/\/+$/, '');
  if (config.domainName) return `https://${config.domainName}`;
  return undefined;
}

export const isProd = (config: StageConfig) => config.stage === 'prod';

/** Keys a `-c key=value` may set for one run. */
const overridableKeys = Object.keys(stageConfigSchema.shape) as (keyof StageConfig)[];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The configuration of the stage named by the `stage` context key (default `dev`).
 * `tryGetContext` is the App's: `(key) => app.node.tryGetContext(key)`.
 */
export function stageConfigFromContext(tryGetContext: (key: string) => unknown, env: NodeJS.ProcessEnv = process.env): StageConfig {
  const stage = String(tryGetContext('stage') ?? 'dev');
  const stages = (tryGetContext('stages') ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const fromStage = stages[stage] ?? {};
  const fromFlags = Object.fromEntries(overridableKeys.flatMap((key) => (tryGetContext(key) === undefined ? [] : [[key, tryGetContext(key)]])));
  const raw = {
    account: env.CDK_DEFAULT_ACCOUNT ?? placeholderAccount,
    region: env.CDK_DEFAULT_REGION ?? 'eu-west-1',
    ...fromStage,
    ...fromFlags,
    stage,
  };
  const result = stageConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(config)'}: ${issue.message}`);
    throw new ConfigError(`Stage "${stage}" is not configured right (infra/cdk.json "stages" or -c key=value):\n${problems.join('\n')}`);
  }
  return result.data;
}
