/**
 * `admin newsletter …`: the digest as a sample subscriber would get it
 * (`preview` writes the HTML to a file and prints its path), a test send to
 * one address, sending an issue, and how the latest issues stand.
 *
 * `send` on the local stack queues the whole issue here (the running mailer
 * sends it at SEND_RATE_PER_SECOND). On a stage it records the issue, and the
 * newsletter worker (scheduled every five minutes) queues it in chunks.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { render as renderEmail } from '../mailer/templates';
import { bundledDigestContent } from '../newsletter/content';
import { digestFor } from '../newsletter/digest';
import { frequencies, issueJobCounts, issueMaterial, listIssues, planIssue, queueIssue, startIssue, type IssueContext } from '../newsletter/issue';
import { subscriptionLinks } from '../newsletter/store';
import type { NewsletterFrequency } from '../schemas/subscription';
import { emailJobItem } from '../shared/email-jobs';
import { newId } from '../shared/ids';
import { expiryAfter, gsi1, indexKeys } from '../shared/table';
import type { AdminContext, ContextSource } from './context';
import { AdminError, formatOption, render, type Column, type Format } from './output';

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

async function issueContext(ctx: AdminContext): Promise<IssueContext> {
  if (!ctx.target.siteUrl) throw new AdminError('The site address of this stage is not known: set siteUrl for the stage in infra/cdk.json.');
  return { table: ctx.target.table, siteUrl: ctx.target.siteUrl, signingSecret: await ctx.target.signingSecret(), content: bundledDigestContent, manifest: ctx.content.manifest, now: ctx.now };
}

interface SampleOptions {
  topics?: string;
  regions?: string;
  timeZone?: string;
  name?: string;
}

/** A digest for a made-up subscriber with these preferences (since 30 days ago), rendered as the mailer renders it. */
async function sample(ctx: AdminContext, options: SampleOptions) {
  const ic = await issueContext(ctx);
  const material = await issueMaterial(ic, `Preview, ${ctx.now().toISOString().slice(0, 10)}`);
  const links = subscriptionLinks(ic.siteUrl, ic.signingSecret, 'preview');
  const data = digestFor(
    material,
    { id: 'preview', name: options.name ?? 'Sample Reader', topics: list(options.topics ?? ''), regions: list(options.regions ?? ''), ...(options.timeZone ? { timeZone: options.timeZone } : {}) },
    new Date(ctx.now().getTime() - 30 * 86_400_000),
    { issueId: 'preview', preferencesUrl: links.preferencesUrl, unsubscribeUrl: links.unsubscribeUrl },
  );
  return { data: { ...data, test: true }, email: renderEmail('newsletter', { ...data, test: true }) };
}

const sampleOptions = (command: Command) =>
  command
    .option('--topics <tags>', "the sample subscriber's topics, comma-separated (default: all)")
    .option('--regions <regions>', 'continents or countries, comma-separated (default: all)')
    .option('--time-zone <zone>', "the subscriber's IANA time zone for event times, e.g. Asia/Tokyo");

async function activeCount(ctx: AdminContext, frequency: NewsletterFrequency): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.target.table.db.send(
      new QueryCommand({
        TableName: ctx.target.table.name,
        IndexName: gsi1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.activeSubscribers(frequency, '').GSI1PK },
        Select: 'COUNT',
        ExclusiveStartKey,
      }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

interface IssueRow {
  id: string;
  title: string;
  status: string;
  audience: string;
  queued: number;
  counts: Record<string, number>;
  startedAt: string;
}

const issueColumns: Column<IssueRow>[] = [
  { header: 'issue', value: (r) => r.id },
  { header: 'title', value: (r) => r.title },
  { header: 'audience', value: (r) => r.audience },
  { header: 'status', value: (r) => r.status },
  { header: 'queued', value: (r) => r.queued },
  { header: 'sent', value: (r) => r.counts.sent ?? 0 },
  { header: 'waiting', value: (r) => (r.counts.pending ?? 0) + (r.counts.sending ?? 0) },
  { header: 'withheld', value: (r) => r.counts.suppressed ?? 0 },
  { header: 'failed', value: (r) => r.counts.failed ?? 0 },
  { header: 'started', value: (r) => r.startedAt },
];

export function newsletterCommand(context: ContextSource): Command {
  const newsletter = new Command('newsletter').description('the newsletter digest: preview, test send, send an issue, status');

  sampleOptions(newsletter.command('preview'))
    .description('write the digest a sample subscriber would get as an HTML file and print its path (open it in a browser)')
    .option('-o, --output <file>', 'where to write the HTML (default: a file in the temporary folder)')
    .option('--text', 'print the plain-text part too', false)
    .action(async (options: SampleOptions & { output?: string; text: boolean }) => {
      const ctx = await context();
      const { email } = await sample(ctx, options);
      const file = path.resolve(options.output ?? path.join(os.tmpdir(), `newsletter-preview-${Date.now()}.html`));
      await writeFile(file, email.html);
      ctx.out(`${email.subject}\n${file}\n${options.text ? `\n${email.text}\n` : ''}`);
    });

  sampleOptions(newsletter.command('test'))
    .description('send the sample digest to one address now, through the outbox (no subscription needed; suppressed addresses get nothing)')
    .argument('<email>', 'where to send it')
    .action(async (address: string, options: SampleOptions) => {
      if (!/^[^\s@]+@[^\s@]+$/.test(address.trim())) throw new AdminError('Give an email address, e.g. amara@example.org.');
      const ctx = await context();
      const { data } = await sample(ctx, options);
      const job = emailJobItem({ id: newId(), kind: 'newsletter', to: address.trim(), data, expiresAt: expiryAfter(ctx.now(), 7), now: ctx.now() });
      await ctx.target.table.db.send(new PutCommand({ TableName: ctx.target.table.name, Item: job }));
      ctx.out(`Queued a test digest to ${address.trim()} (job ${job.id}); the mailer sends it now.\n`);
    });

  newsletter
    .command('send')
    .description('send an issue: one email per active subscriber (weekly ones always, monthly ones when their last issue is 27+ days old)')
    .addOption(new Option('--frequency <which>', 'only these subscribers, overriding the rule').choices(frequencies))
    .option('--rate <per-second>', 'sending rate (default: SEND_RATE_PER_SECOND, else 10)')
    .option('--dry-run', 'say who would get it, write nothing', false)
    .action(async (options: { frequency?: NewsletterFrequency; rate?: string; dryRun: boolean }) => {
      const ctx = await context();
      const ic = await issueContext(ctx);
      const only = options.frequency ? [options.frequency] : undefined;
      if (options.dryRun) {
        const plan = await planIssue(ctx.target.table, ctx.now(), only);
        const lines = await Promise.all(plan.audience.map(async (f) => `  ${f}: ${await activeCount(ctx, f)} subscribers, stories since ${plan.since[f]}`));
        ctx.out(`Would send to:\n${lines.join('\n')}\nNothing was written.\n`);
        return;
      }
      const rate = Number(options.rate ?? process.env.SEND_RATE_PER_SECOND ?? 10);
      if (!Number.isFinite(rate) || rate <= 0) throw new AdminError('Give --rate as a number of emails per second above 0.');
      const { issue, resumed } = await startIssue(ic, rate, only);
      if (resumed) ctx.stderr.write(`Issue ${issue.id} was still being queued: going on with it instead of starting another.\n`);
      if (ctx.target.where.startsWith('local')) {
        const done = await queueIssue(ic, issue.id);
        ctx.out(`Issue ${done.id} (${done.audience.join(' and ')}): ${done.queued} emails queued; they go out at ${rate} a second. \`admin newsletter status\` follows them.\n`);
      } else {
        ctx.out(`Issue ${issue.id} recorded; the newsletter worker queues it within five minutes. \`admin newsletter status\` follows it.\n`);
      }
    });

  newsletter
    .command('status')
    .description('the latest issues: queued, sent, waiting, withheld (suppressed or unsubscribed) and failed emails')
    .option('--last <n>', 'how many issues', '5')
    .addOption(formatOption())
    .action(async (options: { last: string; format: Format }) => {
      const ctx = await context();
      const issues = await listIssues(ctx.target.table, Math.max(1, Number(options.last) || 5));
      const rows = await Promise.all(
        issues.map(async (i) => ({
          id: i.id,
          title: i.title,
          status: i.status,
          audience: i.audience.join('+'),
          queued: i.queued,
          counts: await issueJobCounts(ctx.target.table, i.id),
          startedAt: i.startedAt,
        })),
      );
      ctx.out(render(rows, issueColumns, options.format, 'No issue has been sent yet.'));
    });

  return newsletter;
}
