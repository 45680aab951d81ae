/**
 * `admin emails …`: email jobs the mailer gave up on after all its retries
 * (parked as `failed`, see functions/mailer/mailer.ts), and sending them again.
 * Lists show what an email was about (and the mentor, for the mentoring
 * programme's, a public profile), never an address.
 */
import { Command } from 'commander';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EmailJob } from '../shared/email-jobs';
import { gsi1, indexKeys, keys } from '../shared/table';
import { mentorColumns } from './content';
import type { AdminContext, ContextSource } from './context';
import { AdminError, formatOption, render, type Column, type Format } from './output';
import { queryIndexPartition } from './read';
import { addSuppressionCommands } from './suppressions';

export function failedJobs(ctx: AdminContext): Promise<EmailJob[]> {
  return queryIndexPartition<EmailJob>(ctx, gsi1, indexKeys.jobsByStatus('failed', '', '').GSI1PK);
}

/** What a job's email is about, by record id: enough for staff to look it up, without the address. */
function about(job: EmailJob): string {
  const data = job.data as unknown as Record<string, unknown>;
  const event = (data.event as { slug?: string } | undefined)?.slug;
  if (typeof data.registrationId === 'string') return `registration ${data.registrationId}${event ? ` (${event})` : ''}`;
  const id = Object.entries(data).find(([k, v]) => /Id$/.test(k) && typeof v === 'string');
  return id ? `${id[0].replace(/Id$/, '')} ${String(id[1])}` : '';
}

/** The mentor an email of the mentoring programme is to or about (a public profile, not personal data). */
function mentorOf(job: EmailJob): string | undefined {
  const mentor = (job.data as unknown as { mentor?: { slug?: unknown } }).mentor?.slug;
  if (typeof mentor === 'string') return mentor;
  return typeof job.to === 'object' ? job.to.mentor : undefined;
}

const jobColumns = (ctx: AdminContext): Column<EmailJob>[] => [
  { header: 'job', value: (j) => j.id },
  { header: 'kind', value: (j) => j.kind },
  { header: 'about', value: about },
  ...mentorColumns(ctx.content.mentors, mentorOf),
  { header: 'attempts', value: (j) => j.attempts },
  { header: 'created', value: (j) => j.createdAt },
  { header: 'failed', value: (j) => j.dueAt },
  { header: 'last error', value: (j) => j.lastError },
];

/** Puts a failed job back as due now: the mailer picks it up from the stream at once, or at its next sweep. */
export async function retryJob(ctx: AdminContext, id: string): Promise<boolean> {
  const at = ctx.now().toISOString();
  const index = indexKeys.jobsByStatus('pending', at, id);
  try {
    await ctx.target.table.db.send(
      new UpdateCommand({
        TableName: ctx.target.table.name,
        Key: keys.emailJob(id),
        UpdateExpression: 'SET #status = :pending, attempts = :zero, dueAt = :at, retriedAt = :at, GSI1PK = :pk, GSI1SK = :sk',
        ConditionExpression: '#entity = :job AND #status = :failed',
        ExpressionAttributeNames: { '#status': 'status', '#entity': 'entity' },
        ExpressionAttributeValues: { ':pending': 'pending', ':failed': 'failed', ':job': 'EmailJob', ':zero': 0, ':at': at, ':pk': index.GSI1PK, ':sk': index.GSI1SK },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export function emailsCommand(context: ContextSource): Command {
  const emails = new Command('emails').description('email jobs that failed after every retry');

  emails
    .command('failed')
    .description('email jobs parked as failed: kind, the record they are about, attempts and the last error')
    .addOption(formatOption())
    .action(async (options: { format: Format }) => {
      const ctx = await context();
      ctx.out(render(await failedJobs(ctx), jobColumns(ctx), options.format, 'No failed email jobs.'));
    });

  emails
    .command('retry')
    .description('send failed email jobs again (with a fresh set of retries)')
    .argument('[jobs...]', 'job ids (from `emails failed`)')
    .option('--all', 'every failed job', false)
    .action(async (ids: string[], options: { all: boolean }) => {
      const ctx = await context();
      if (options.all === ids.length > 0) throw new AdminError('Name the jobs to retry, or give --all (not both).');
      const chosen = options.all ? (await failedJobs(ctx)).map((j) => j.id) : ids;
      let retried = 0;
      for (const id of chosen) {
        if (await retryJob(ctx, id)) retried++;
        else ctx.stderr.write(`Job ${id} is not a failed email job: left as it is.\n`);
      }
      ctx.out(`Queued ${retried} of ${chosen.length} ${chosen.length === 1 ? 'job' : 'jobs'} to be sent again.\n`);
      if (retried < chosen.length) throw new AdminError(`${chosen.length - retried} of them could not be retried.`);
    });

  addSuppressionCommands(emails, context);
  return emails;
}
