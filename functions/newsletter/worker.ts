/**
 * The newsletter's issue Lambda (the API is handler.ts, the one-click address
 * one-click-handler.ts, SES bounces and complaints bounce-handler.ts):
 *
 * - `issueHandler`: run by a schedule every five minutes. It continues any
 *   issue still being queued, until a minute before its time limit (the next
 *   run goes on from the issue's cursor), so 50,000 subscribers never meet
 *   Lambda's 15 minutes. With `{"start": true}` (the monthly schedule, when a
 *   stage switches it on) it starts a new issue first.
 */
import type { Context } from 'aws-lambda';
import { createDynamoDbClient, createSesClient, tableOf } from '../shared/clients';
import { loadSettings, signingSecret } from '../shared/config';
import { bundledManifest } from '../shared/content';
import { bundledDigestContent } from './content';
import { bulkSendRate, listIssues, queueIssue, startIssue, type IssueContext } from './issue';

const settings = loadSettings(['TABLE_NAME', 'SITE_URL']);
const table = tableOf(settings.TABLE_NAME, createDynamoDbClient());
const ses = createSesClient();

export async function issueHandler(event: { start?: boolean } = {}, context?: Context) {
  const ctx: IssueContext = { table, siteUrl: settings.SITE_URL, signingSecret: await signingSecret(), content: bundledDigestContent, manifest: bundledManifest, now: () => new Date() };
  if (event.start) await startIssue(ctx, await bulkSendRate(ses));
  const deadline = Date.now() + (context ? context.getRemainingTimeInMillis() - 60_000 : 10 * 60_000);
  for (const issue of (await listIssues(table, 5)).filter((i) => i.status === 'queueing')) await queueIssue(ctx, issue.id, { deadline });
}
