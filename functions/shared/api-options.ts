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
  /** Registrations per event from one network (IPv4 /24, IPv6 /48) per hour (default 20). */
  eventNetworkLimitPerHour?: number;
  /**
   * The proof of work on form writes (`GET /api/challenge`, header `x-altcha`). On unless set to false, which
   * only the local stack, its tests and benchmarks do (`FORM_CHALLENGE=off`).
   */
  formChallenge?: boolean;
  /** The challenge's difficulty: the largest number a solver may have to try (see shared/challenge.ts). */
  challengeMaxNumber?: number;
  /** New requests a mentor is sent per day; the rest wait in the outbox (default 3, see mentoring/queue.ts). */
  mentorRequestsPerDay?: number;
  manifest: ContentManifest;
  signingSecret: () => Promise<string>;
  now: () => Date;
}

/** Options from the environment (see config.ts for the variables); `overrides` win. */
export function apiOptionsFromEnv(overrides: Partial<ApiOptions> = {}, env: NodeJS.ProcessEnv = process.env): ApiOptions {
  const settings = loadSettings(['TABLE_NAME', 'SITE_URL', 'RETENTION_DAYS', 'RATE_LIMIT_PER_MINUTE', 'FORM_CHALLENGE', 'EVENT_NETWORK_LIMIT_PER_HOUR'], env);
  return {
    table: overrides.table ?? tableOf(settings.TABLE_NAME, createDynamoDbClient(env)),
    siteUrl: settings.SITE_URL,
    retentionDays: settings.RETENTION_DAYS,
    rateLimitPerMinute: settings.RATE_LIMIT_PER_MINUTE,
    eventNetworkLimitPerHour: settings.EVENT_NETWORK_LIMIT_PER_HOUR,
    formChallenge: settings.FORM_CHALLENGE,
    manifest: bundledManifest,
    signingSecret: () => signingSecret(env),
    now: () => new Date(),
    ...overrides,
  };
}
