/**
 * `admin privacy …`: everything the table holds about one email address, as
 * JSON (a subject access request), and its erasure.
 *
 * Records are found under the address's hash in GSI2 (`EMAIL#{hash}`, see
 * shared/table.ts); email jobs are not indexed by address, so they are found
 * by a scan (progress on stderr) that matches the recipient, an address in
 * the email's data, or the id of one of the person's records.
 *
 * Erasure keeps what others rely on and removes the person:
 * - registrations are cancelled without an email (their seats go to the
 *   waitlist in strict order, through the registrations store) and keep only
 *   event, seats, status and dates;
 * - pledges keep amount, fund and reference, so fund totals stay exact;
 * - mentor requests keep status, mentor and dates; the suggestions keep their
 *   mentors but not their reasons (which restate the request's topics,
 *   industries, languages and format); a running mentorship is ended without
 *   emails (the mentor's place comes back), and the request's links stop
 *   working; its feedback keeps the ratings (for the figures) but loses the
 *   comments, free text that may name the person;
 * - email jobs for the person are deleted, sent or not;
 * - remembered answers (Idempotency-Key records, kept a day) that name one of
 *   the person's records or the address are deleted;
 * - a newsletter subscription is deleted with its address marker, and its
 *   links stop working (a suppression, if SES reported the address, stays:
 *   it is a hash, and it is what keeps the address from being emailed).
 * - the record that the address was proven by its holder (VerifiedAddress,
 *   which lets form emails past the daily cap) is deleted: the address is
 *   capped again like any other.
 */
import { Command } from 'commander';
import { DeleteCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { EmailJob } from '../shared/email-jobs';
import { emailHash, gsi2, indexKeys, keys } from '../shared/table';
import type { DonationItem } from '../donations/store';
import { endMentorship, feedbackKey } from '../mentoring/mentorships';
import { feedbackStage } from '../schemas/mentorship';
import type { MentorRequestItem } from '../mentoring/store';
import { cancel, promoteWaitlist, type RegistrationItem } from '../registrations/store';
import type { AdminContext, ContextSource } from './context';
import { readablePersonExport } from './privacy-export';
import { AdminError, outputOption, progress } from './output';
import { allPages, queryIndexPartition } from './read';

type Item = Record<string, unknown> & { PK: string; SK: string; entity?: string; id?: string };

/** Text that replaces a name on an erased record. */
export const erasedName = '(erased)';

/** Every record filed under the address (registrations, mentor requests, pledges, subscriptions, its proof). */
function personRecords(ctx: AdminContext, email: string): Promise<Item[]> {
  return queryIndexPartition<Item>(ctx, gsi2, indexKeys.personRegistration(emailHash(email), '').GSI2PK);
}

const sameAddress = (a: unknown, email: string) => typeof a === 'string' && a.trim().toLowerCase() === email.trim().toLowerCase();

/** Whether an email job is to or about the person. */
function jobConcerns(job: EmailJob, email: string, recordIds: Set<string>): boolean {
  if (sameAddress(job.to, email) || sameAddress(job.cc, email)) return true;
  const data = job.data as unknown as Record<string, unknown>;
  return Object.entries(data).some(([key, value]) => sameAddress(value, email) || (/Id$/.test(key) && typeof value === 'string' && recordIds.has(value)));
}

async function personJobs(ctx: AdminContext, email: string, recordIds: Set<string>): Promise<EmailJob[]> {
  const jobs: EmailJob[] = [];
  const shown = progress(ctx.stderr, 'Scanning email jobs (items read)');
  let read = 0;
  const pages = allPages((ExclusiveStartKey) =>
    ctx.target.table.db.send(
      new ScanCommand({
        TableName: ctx.target.table.name,
        FilterExpression: '#entity = :job',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':job': 'EmailJob' },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    ),
  );
  for await (const page of pages) {
    read += page.ScannedCount ?? 0;
    jobs.push(...((page.Items ?? []) as EmailJob[]).filter((job) => jobConcerns(job, email, recordIds)));
    shown.update(read);
  }
  shown.done();
  return jobs;
}

const exportGroups: Record<string, string> = {
  Registration: 'registrations',
  MentorRequest: 'mentorRequests',
  Donation: 'donations',
  Subscription: 'newsletterSubscriptions',
  VerifiedAddress: 'addressProven',
};
const keyAttributes = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']);
const withoutKeys = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([k]) => !keyAttributes.has(k)));

export async function personExport(ctx: AdminContext, email: string) {
  const records = await personRecords(ctx, email);
  const jobs = await personJobs(ctx, email, new Set(records.map((r) => String(r.id))));
  const grouped: Record<string, Record<string, unknown>[]> & Record<'registrations' | 'mentorRequests' | 'donations', Record<string, unknown>[]> = {
    registrations: [],
    mentorRequests: [],
    donations: [],
  };
  for (const record of records) (grouped[exportGroups[record.entity ?? ''] ?? String(record.entity)] ??= []).push(withoutKeys(record));
  return { email: email.trim(), exportedAt: ctx.now().toISOString(), ...grouped, emailJobs: jobs.map((job) => withoutKeys({ ...job })) };
}

export interface ErasureSummary {
  registrations: number;
  registrationsCancelled: number;
  seatsReturned: number;
  promotedFromWaitlist: number;
  mentorRequests: number;
  donations: number;
  emailJobsDeleted: number;
  subscriptions?: number;
  rememberedAnswersDeleted?: number;
  /** 1 when the record that the address was proven was deleted. */
  addressProofs?: number;
}

async function anonymise(ctx: AdminContext, key: { PK: string; SK: string }, set: Record<string, unknown>, remove: string[]): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removes = remove.map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  await ctx.target.table.db.send(
    new UpdateCommand({
      TableName: ctx.target.table.name,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/** Removes the comments of both sides' check-in and end survey of a request (found by their keyed hash); the ratings stay. */
async function removeFeedbackComments(ctx: AdminContext, requestId: string): Promise<void> {
  const { secret } = await ctx.storeContext();
  for (const role of ['mentor', 'mentee'] as const) {
    for (const stage of feedbackStage.options) {
      try {
        await ctx.target.table.db.send(
          new UpdateCommand({
            TableName: ctx.target.table.name,
            Key: feedbackKey(secret, requestId, role, stage),
            UpdateExpression: 'REMOVE #comment',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: { '#comment': 'comment' },
          }),
        );
      } catch (error) {
        // No answer from that side at that stage: nothing to remove.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
}

/** Erases the person as described at the top of this file; safe to run again after an interruption. */
export async function erasePerson(ctx: AdminContext, email: string): Promise<ErasureSummary> {
  const records = await personRecords(ctx, email);
  const recordIds = new Set(records.map((r) => String(r.id)));
  const summary: ErasureSummary = { registrations: 0, registrationsCancelled: 0, seatsReturned: 0, promotedFromWaitlist: 0, mentorRequests: 0, donations: 0, emailJobsDeleted: 0 };
  const at = ctx.now().toISOString();
  const erased = { name: erasedName, erasedAt: at, updatedAt: at };
  const index = ['GSI2PK', 'GSI2SK'];
  const store = records.some((r) => r.entity === 'Registration') ? await ctx.storeContext() : undefined;
  const eventsToFill = new Set<string>();

  for (const record of records) {
    if (record.entity === 'Registration') {
      const registration = record as unknown as RegistrationItem;
      if (registration.status !== 'cancelled') {
        // No event given: no cancellation email to an address being erased; the waitlist is promoted below.
        const before = registration.status;
        const cancelled = await cancel(store!, undefined, registration.id);
        if (cancelled?.status === 'cancelled') {
          summary.registrationsCancelled++;
          if (before === 'confirmed') summary.seatsReturned += registration.seats;
          eventsToFill.add(registration.event);
        }
      }
      await anonymise(ctx, keys.registration(registration.id), erased, ['email', 'classYear', 'dietary', 'accessibility', 'timeZone', 'comment', 'showInAttendees', ...index]);
      summary.registrations++;
    } else if (record.entity === 'MentorRequest') {
      const request = record as unknown as MentorRequestItem;
      if (request.status === 'accepted') {
        // The place comes back in the same transaction as the end; no email to an address being erased.
        const mentor = ctx.content.mentors.get(request.mentor ?? '') ?? { slug: request.mentor ?? '', name: request.mentor ?? '' };
        await endMentorship(await ctx.storeContext(), request, mentor, 'erasure', false);
      }
      // A request still waiting is closed, so no mentor can accept someone who is no longer there.
      const close = request.status === 'pending' ? { status: 'declined', answeredAt: at, closedBy: 'erasure', GSI1PK: indexKeys.mentorRequestsByStatus('declined', '', '').GSI1PK } : {};
      const suggestions = (request.suggestions ?? []).map((suggestion) => ({ ...suggestion, reasons: [] }));
      await anonymise(ctx, keys.mentorRequest(request.id), { ...erased, ...close, suggestions }, ['email', 'program', 'classYear', 'goals', 'country', 'industries', 'languages', ...index]);
      await removeFeedbackComments(ctx, request.id);
      summary.mentorRequests++;
    } else if (record.entity === 'Donation') {
      const donation = record as unknown as DonationItem;
      // Amount, fund, reference and date stay, so the fund's totals and the finance records stay exact.
      await anonymise(ctx, keys.donation(donation.id), { ...erased, anonymous: true }, ['email', 'dedication', ...index]);
      // The fund's donor marker is a hash of the address: it goes too (the donor count stays as it is).
      await ctx.target.table.db.send(new DeleteCommand({ TableName: ctx.target.table.name, Key: keys.fundDonor(donation.fund, emailHash(email)) }));
      summary.donations++;
    } else if (record.entity === 'Subscription') {
      // Nothing of a subscription is kept: no tombstone, so its links answer invalid_token from now on.
      await ctx.target.table.db.send(new DeleteCommand({ TableName: ctx.target.table.name, Key: keys.subscription(String(record.id)) }));
      await ctx.target.table.db.send(new DeleteCommand({ TableName: ctx.target.table.name, Key: keys.subscriptionEmail(emailHash(email)) }));
      summary.subscriptions = (summary.subscriptions ?? 0) + 1;
    } else if (record.entity === 'VerifiedAddress') {
      await ctx.target.table.db.send(new DeleteCommand({ TableName: ctx.target.table.name, Key: keys.verifiedAddress(emailHash(email)) }));
      summary.addressProofs = (summary.addressProofs ?? 0) + 1;
    }
  }

  // Freed seats go to the waitlist in strict order, each promotion emailed, exactly as when someone cancels.
  for (const slug of eventsToFill) {
    const event = ctx.content.events.get(slug);
    if (event) summary.promotedFromWaitlist += await promoteWaitlist(store!, event);
  }

  for (const job of await personJobs(ctx, email, recordIds)) {
    await ctx.target.table.db.send(new DeleteCommand({ TableName: ctx.target.table.name, Key: keys.emailJob(job.id) }));
    summary.emailJobsDeleted++;
  }

  for (const key of await rememberedAnswers(ctx, [...recordIds, email.trim(), email.trim().toLowerCase()])) {
    await ctx.target.table.db.send(new DeleteCommand({ TableName: ctx.target.table.name, Key: key }));
    summary.rememberedAnswersDeleted = (summary.rememberedAnswersDeleted ?? 0) + 1;
  }
  return summary;
}

/**
 * The keys of remembered answers (shared/idempotency.ts: Powertools keeps the answer in `data`) that contain any of
 * the strings: a record id or the address. Their partition holds a day of writes at most.
 */
async function rememberedAnswers(ctx: AdminContext, needles: string[]): Promise<{ PK: string; SK: string }[]> {
  const wanted = [...new Set(needles.filter(Boolean))];
  const found: { PK: string; SK: string }[] = [];
  const pages = allPages((ExclusiveStartKey) =>
    ctx.target.table.db.send(
      new QueryCommand({
        TableName: ctx.target.table.name,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.idempotencyPartition },
        ProjectionExpression: 'PK, SK, #data',
        ExpressionAttributeNames: { '#data': 'data' },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    ),
  );
  for await (const page of pages) {
    for (const item of (page.Items ?? []) as { PK: string; SK: string; data?: unknown }[]) {
      const text = JSON.stringify(item.data ?? '').toLowerCase();
      if (wanted.some((needle) => text.includes(needle.toLowerCase()))) found.push({ PK: item.PK, SK: item.SK });
    }
  }
  return found;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const emailArgument = (command: Command) => command.argument('<email>', 'the email address, in any case');
const checkEmail = (email: string) => {
  if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) throw new AdminError('Give an email address, e.g. amara@example.org.');
};

export function privacyCommand(context: ContextSource): Command {
  const privacy = new Command('privacy').description('what is held about an email address, and erasing it');

  emailArgument(privacy.command('export'))
    .description('everything held about an email address, as JSON (personal data: keep the file safe)')
    .addOption(outputOption())
    .action(async (email: string, options: { output?: string }) => {
      checkEmail(email);
      const ctx = await context();
      await ctx.emit(JSON.stringify(readablePersonExport(ctx, await personExport(ctx, email)), null, 2) + '\n', options.output);
    });

  emailArgument(privacy.command('erase'))
    .description('erase an email address: registrations cancelled and anonymised (seats to the waitlist), pledges and mentor requests anonymised, its email jobs deleted')
    .option('--yes', 'really erase (without it, only says what would be erased)', false)
    .action(async (email: string, options: { yes: boolean }) => {
      checkEmail(email);
      const ctx = await context();
      if (!options.yes) {
        const found = await personExport(ctx, email);
        ctx.out(
          `Would erase ${count(found.registrations.length, 'registration')}, ${count(found.mentorRequests.length, 'mentor request')}, ${count(found.donations.length, 'pledge')} and ${count(found.emailJobs.length, 'email job')}.\nRun again with --yes to erase.\n`,
        );
        return;
      }
      const s = await erasePerson(ctx, email);
      ctx.out(
        [
          `Erased ${count(s.registrations, 'registration')} (${s.registrationsCancelled} cancelled, ${count(s.seatsReturned, 'confirmed seat')} returned, ${count(s.promotedFromWaitlist, 'waitlisted registration')} confirmed),`,
          `${count(s.mentorRequests, 'mentor request')}, ${count(s.donations, 'pledge')} (kept in fund totals), ${count(s.subscriptions ?? 0, 'newsletter subscription')} deleted, and deleted ${count(s.emailJobsDeleted, 'email job')} and ${count(s.rememberedAnswersDeleted ?? 0, 'remembered answer')}${s.addressProofs ? ', and the record that the address was proven (it is capped again)' : ''}.`,
        ].join('\n') + '\n',
      );
    });

  return privacy;
}
