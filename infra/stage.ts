/**
 * One stage of the site (dev or prod) as stacks, each a concern:
 *
 *   {App}-{stage}-Edge    us-east-1: firewall (and certificate) for CloudFront
 *   {App}-{stage}-Data    the table and the secrets (stateful, kept in prod)
 *   {App}-{stage}-Alerts  the alarm topic
 *   {App}-{stage}-Api     the HTTP functions
 *   {App}-{stage}-Email   the sending domain and the mailer
 *   {App}-{stage}-Site    bucket, CloudFront, upload of the build
 *   {App}-{stage}-Preview previews of pull requests (stages with `previews`)
 */
import { Tags, type App } from 'aws-cdk-lib';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { StageConfig } from './config';
import { asInterface } from './constructs/types';
import { AlertsStack } from './stacks/alerts-stack';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { EdgeStack } from './stacks/edge-stack';
import { EmailStack } from './stacks/email-stack';
import { PreviewStack } from './stacks/preview-stack';
import { SiteStack } from './stacks/site-stack';

export interface StageOptions {
  /** The built site (absolute); defaults to the stage's siteDir. Tests pass a small folder of their own. */
  readonly siteDir?: string;
}

export interface StageStacks {
  edge: EdgeStack;
  data: DataStack;
  alerts: AlertsStack;
  api: ApiStack;
  email: EmailStack;
  site: SiteStack;
  /** Only where the stage sets `previews`. */
  preview?: PreviewStack;
}

export function createStage(app: App, config: StageConfig, options: StageOptions = {}): StageStacks {
  const prefix = `${config.appName}-${config.stage}`;
  const env = { account: config.account, region: config.region };
  const description = (what: string) => `${config.appName} alumni site (${config.stage}): ${what}`;

  const edge = new EdgeStack(app, `${prefix}-Edge`, {
    config,
    env: { account: config.account, region: 'us-east-1' },
    crossRegionReferences: true,
    description: description('firewall and certificate for CloudFront (us-east-1)'),
  });
  const data = new DataStack(app, `${prefix}-Data`, { config, env, description: description('table and secrets') });
  const alerts = new AlertsStack(app, `${prefix}-Alerts`, { config, env, description: description('alarm topic') });
  const api = new ApiStack(app, `${prefix}-Api`, {
    config,
    env,
    description: description('API functions'),
    data: data.data,
    signingSecret: asInterface<secretsmanager.ISecret>(data.signingSecret),
    mentorEmails: asInterface<secretsmanager.ISecret>(data.mentorEmails),
    alarmTopic: alerts.topic,
  });
  const email = new EmailStack(app, `${prefix}-Email`, {
    config,
    env,
    description: description('sending domain and mailer'),
    data: data.data,
    mentorEmails: asInterface<secretsmanager.ISecret>(data.mentorEmails),
    alarmTopic: alerts.topic,
  });
  const site = new SiteStack(app, `${prefix}-Site`, {
    config,
    env,
    crossRegionReferences: true,
    description: description('site, CDN and API routing'),
    apiFunctionUrls: api.urls,
    unsignedApiFunctionUrls: api.unsignedUrls,
    webAclArn: edge.webAclArn,
    certificate: edge.certificate,
    ...(options.siteDir ? { siteDir: options.siteDir } : {}),
  });

  const preview = config.previews ? new PreviewStack(app, `${prefix}-Preview`, { config, env, description: description('previews of pull requests') }) : undefined;

  for (const stack of [edge, data, alerts, api, email, site, ...(preview ? [preview] : [])]) {
    Tags.of(stack).add('app', config.appName);
    Tags.of(stack).add('stage', config.stage);
  }
  return { edge, data, alerts, api, email, site, ...(preview ? { preview } : {}) };
}
