/**
 * The mentoring schedule's Lambda entry (infra/constructs/mentoring-schedule.ts
 * runs it every hour): every step of lifecycle.ts that is due now.
 */
import { apiOptionsFromEnv } from '../shared/api-options';
import { runMentoringSchedule } from './lifecycle';

const options = apiOptionsFromEnv();

export const handler = async () =>
  runMentoringSchedule({
    table: options.table,
    mentors: options.manifest.mentors,
    siteUrl: options.siteUrl,
    retentionDays: options.retentionDays,
    secret: await options.signingSecret(),
    now: options.now(),
  });
