/**
 * `admin events feedback <event>` (ratings: response rate, average, the
 * comments) and `admin events announce <event>` (a message to everyone
 * registered: a preview, a test send to one address, then the real send
 * through the outbox, once per registration whatever the retries).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { render as renderEmail } from '../mailer/templates';
import { emailData, eventRegistrations, fanOut, putJobOnce, type RegistrationItem } from '../registrations/store';
import { emailJobItem } from '../shared/email-jobs';
import { expiryAfter } from '../shared/table';
import type { ContextSource } from './context';
import { AdminError, formatOption, render, type Format } from './output';

export interface FeedbackSummary {
  event: string;
  confirmed: number;
  rated: number;
  /** Share of confirmed registrations that rated, 0–1. */
  responseRate: number;
  /** Mean rating, or null with none. */
  average: number | null;
  /** How many gave each rating, 1 to 5. */
  counts: [number, number, number, number, number];
  comments: { rating: number; comment: string; ratedAt: string }[];
}

export async function feedbackSummary(registrations: AsyncIterable<RegistrationItem>, event: string): Promise<FeedbackSummary> {
  const summary: FeedbackSummary = { event, confirmed: 0, rated: 0, responseRate: 0, average: null, counts: [0, 0, 0, 0, 0], comments: [] };
  let total = 0;
  for await (const r of registrations) {
    if (r.status !== 'confirmed') continue;
    summary.confirmed++;
    if (r.rating === undefined) continue;
    summary.rated++;
    total += r.rating;
    summary.counts[r.rating - 1]!++;
    if (r.comment) summary.comments.push({ rating: r.rating, comment: r.comment, ratedAt: r.ratedAt ?? '' });
  }
  summary.responseRate = summary.confirmed === 0 ? 0 : summary.rated / summary.confirmed;
  summary.average = summary.rated === 0 ? null : Math.round((total / summary.rated) * 100) / 100;
  summary.comments.sort((a, b) => a.ratedAt.localeCompare(b.ratedAt));
  return summary;
}

const still = (r: RegistrationItem) => r.status === 'confirmed' || r.status === 'waitlisted';

export function addEventFollowUpCommands(events: Command, context: ContextSource): void {
  events
    .command('feedback')
    .description('the ratings of an event from its thank-you email: response rate, average, how many gave each rating, and the comments (no names)')
    .argument('<event>', 'the event slug')
    .addOption(formatOption())
    .action(async (slug: string, options: { format: Format }) => {
      const ctx = await context();
      const event = ctx.event(slug);
      const s = await feedbackSummary(eventRegistrations(ctx.target.table, event.slug), event.slug);
      if (options.format === 'json') {
        ctx.out(`${JSON.stringify(s, null, 2)}\n`);
        return;
      }
      const head = [
        `${event.title}: ${s.rated} of ${s.confirmed} confirmed registrants rated it (${Math.round(s.responseRate * 100)}%).`,
        s.average === null ? 'No ratings yet.' : `Average ${s.average.toFixed(2)} out of 5; ${s.counts.map((n, i) => `${i + 1}: ${n}`).join(', ')}.`,
        '',
      ].join('\n');
      const comments = render(
        s.comments,
        [
          { header: 'rating', value: (c) => c.rating },
          { header: 'rated', value: (c) => c.ratedAt.slice(0, 10) },
          { header: 'comment', value: (c) => c.comment },
        ],
        options.format,
        'No comments.',
      );
      ctx.out(options.format === 'csv' ? comments : `${head}${comments}`);
    });

  events
    .command('announce')
    .description('email everyone registered for an event (confirmed and waitlisted) a message, through the outbox: without --send it shows a preview; --test sends it to one address first')
    .argument('<event>', 'the event slug')
    .requiredOption('--subject <text>', 'the subject (the event title is added after it)')
    .option('--message <text>', 'the message: paragraphs separated by a blank line')
    .option('--message-file <file>', 'the message from a text file')
    .option('--test <address>', 'send the message once to this address only (e.g. your own)')
    .option('--send', 'send it to every registrant (once each, even if the command is run again)', false)
    .action(async (slug: string, options: { subject: string; message?: string; messageFile?: string; test?: string; send: boolean }) => {
      const ctx = await context();
      const event = ctx.event(slug);
      const message = (options.messageFile ? await readFile(options.messageFile, 'utf8') : (options.message ?? '')).trim();
      if (!message) throw new AdminError('Write the message with --message "…" or --message-file message.txt.');
      if (options.subject.trim().length === 0 || options.subject.length > 120) throw new AdminError('Write a subject of 1 to 120 characters.');
      const store = await ctx.storeContext();
      const data = (r: RegistrationItem) => ({ ...emailData(store, event, r), subject: options.subject.trim(), message });
      const key = createHash('sha256').update(`${options.subject}\n${message}`).digest('hex').slice(0, 12);

      let recipients = 0;
      let sample: RegistrationItem | undefined;
      for await (const r of eventRegistrations(ctx.target.table, event.slug)) {
        if (!still(r)) continue;
        recipients++;
        sample ??= r;
      }
      const example: RegistrationItem =
        sample ??
        ({ id: 'example', name: 'Amara Okafor', email: 'amara@example.org', guests: 0, seats: 1, status: 'confirmed', expiresAt: expiryAfter(event.endsAt, store.retentionDays) } as RegistrationItem);

      if (options.test) {
        const job = emailJobItem({
          id: `announce-test-${key}-${ctx.now().getTime()}`,
          kind: 'event-announcement',
          to: options.test,
          data: { ...data(example), name: example.name },
          expiresAt: expiryAfter(ctx.now(), 7),
          now: ctx.now(),
        });
        await putJobOnce(ctx.target.table, job);
        ctx.out(`Queued a test to ${options.test} (email job ${job.id}). Read it, then run again with --send for all ${recipients} registrants.\n`);
        return;
      }
      if (!options.send) {
        const preview = renderEmail('event-announcement', data(example));
        ctx.out(
          `Preview (as ${example.name} would read it), to ${recipients} ${recipients === 1 ? 'registrant' : 'registrants'} (confirmed and waitlisted):\n\nSubject: ${preview.subject}\n\n${preview.text}\n\nNothing was sent. --test <address> sends it to you; --send sends it to everyone.\n`,
        );
        return;
      }
      const result = await fanOut(
        { table: ctx.target.table, event: event.slug, now: ctx.now(), deadline: Date.now() + 3_600_000 },
        {
          step: `announce-${key}`,
          job: (r) => (still(r) ? emailJobItem({ id: `${r.id}-announce-${key}`, kind: 'event-announcement', to: r.email, data: data(r), expiresAt: r.expiresAt, now: ctx.now() }) : undefined),
        },
      );
      ctx.out(
        `Queued ${result.written} ${result.written === 1 ? 'email' : 'emails'} for ${event.slug}${result.written < recipients ? ` (the others were queued by an earlier run of the same message)` : ''}.\n`,
      );
    });
}
