/**
 * The events' schedule as a Lambda, run every minute by an EventBridge rule
 * (infra/constructs/event-schedule.ts): change notices, reminders, follow-up
 * and recordings (lifecycle.ts). A run stops starting new pages 20 seconds
 * before its time limit; the next run continues where it stopped.
 */
import type { Context } from 'aws-lambda';
import { apiOptionsFromEnv } from '../shared/api-options';
import { runEventLifecycle } from './lifecycle';

const options = apiOptionsFromEnv();
/** Time kept back from the Lambda's limit for the last page and its cursor. */
const marginMs = 20_000;

export const handler = async (_event: unknown, context: Context) =>
  runEventLifecycle({
    table: options.table,
    manifest: options.manifest,
    siteUrl: options.siteUrl,
    retentionDays: options.retentionDays,
    secret: await options.signingSecret(),
    now: options.now(),
    deadline: Date.now() + Math.max(1_000, context.getRemainingTimeInMillis() - marginMs),
  });
