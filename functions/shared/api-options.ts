/**
 * What every API app is made from. A Lambda entry calls `apiOptionsFromEnv()`
 * once (environment, clients and the bundled manifest); the local server and
 * the tests pass their own table, manifest, clock and limits.
 */
import { createDynamoDbClient, tableOf, type Table } from './clients';
import { loadSettings, signingSecret } from './config';
import { bundledManifest, type ContentManifest } from './content';

export interface ApiOptions {
  table: Table;
  siteUrl: string;
  retentionDays: number;
  rateLimitPerMinute: number;
  manifest: ContentManifest;
  signingSecret: () => Promise<string>;
  now: () => Date;
}

/** Options from the environment (see config.ts for the variables); `overrides` win. */
export function apiOptionsFromEnv(overrides: Partial<ApiOptions> = {}, env: NodeJS.ProcessEnv = process.env): ApiOptions {
  const settings = loadSettings(['TABLE_NAME', 'SITE_URL', 'RETENTION_DAYS', 'RATE_LIMIT_PER_MINUTE'], env);
  return {
    table: overrides.table ?? tableOf(settings.TABLE_NAME, createDynamoDbClient(env)),
    siteUrl: settings.SITE_URL,
    retentionDays: settings.RETENTION_DAYS,
    rateLimitPerMinute: settings.RATE_LIMIT_PER_MINUTE,
    manifest: bundledManifest,
    signingSecret: () => signingSecret(env),
    now: () => new Date(),
    ...overrides,
  };
}
