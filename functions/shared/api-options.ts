/**
 * What every API app is made from. Lambda entries and the local server use
 * `defaultApiOptions()` (environment and the bundled manifest); tests pass
 * their own manifest, clock and limits.
 */
import { loadSettings, signingSecret } from './config';
import { bundledManifest, type ContentManifest } from './content';

export interface ApiOptions {
  tableName: string;
  siteUrl: string;
  retentionDays: number;
  rateLimitPerMinute: number;
  manifest: ContentManifest;
  signingSecret: () => Promise<string>;
  now: () => Date;
}

export function defaultApiOptions(overrides: Partial<ApiOptions> = {}): ApiOptions {
  const settings = loadSettings(['TABLE_NAME', 'SITE_URL', 'RETENTION_DAYS', 'RATE_LIMIT_PER_MINUTE']);
  return {
    tableName: settings.TABLE_NAME,
    siteUrl: settings.SITE_URL,
    retentionDays: settings.RETENTION_DAYS,
    rateLimitPerMinute: settings.RATE_LIMIT_PER_MINUTE,
    manifest: bundledManifest,
    signingSecret: () => signingSecret(),
    now: () => new Date(),
    ...overrides,
  };
}
