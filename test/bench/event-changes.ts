/**
 * Event changes: an event with 5,000 registrants (BENCH_CHANGE_REGISTRANTS)
 * moves its start. Times the events' schedule until every change notice is
 * written as an email job (runs of at most BENCH_RUN_SECONDS each, as the
 * Lambda's deadline makes them, continuing from the saved cursor), then the
 * mailer (stream and sweep, as `npm start` runs it) until every email is sent
 * at BENCH_SEND_RATE emails per second; and the fan-out's peak memory. On
 * DynamoDB Local and local SES.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { sentEmails } from '../../functions/local/ses-local';
import { startLocalStack } from '../../functions/local/stack';
import { startStreamMailer } from '../../functions/local/stream-mailer';
import { createMailer } from '../../functions/mailer/mailer';
import { createStreamHandler } from '../../functions/mailer/stream';
import { runEventLifecycle } from '../../functions/registrations/lifecycle';
import { fingerprintOf, toldOf } from '../../functions/registrations/store/changes';
import type { ContentManifest } from '../../functions/shared/content';
import { expiryAfter, indexKeys, keys } from '../../functions/shared/table';
import { benchEnv, benchEvent } from './lib/api-stack';
import { round, runPart } from './lib/results';
import { hasOpenJobs } from './lib/open-jobs';

const registrants = Number(process.env.BENCH_CHANGE_REGISTRANTS ?? 5000);
const sendRate = Number(process.env.BENCH_SEND_RATE ?? 50);
const runSeconds = Number(process.env.BENCH_RUN_SECONDS ?? 100);
const mib = (bytes: number) => round(bytes / 2 ** 20, 1);

export function runEventChanges() {
  return runPart('event-changes', async () => {
    // Errors only: the mailer logs every email at INFO.
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    const stack = await startLocalStack({ tableName: 'alumni-bench-changes' });
    const event = {
      ...benchEvent('bench-moving', registrants + 100, 0),
      format: 'hybrid' as const,
      venue: 'Old Library Hall',
      city: 'Berlin',
      country: 'Germany',
      status: 'scheduled' as const,
      reminders: ['2d', '2h'],
      materials: [],
      whosComing: false,
    };
    const manifest = (e: typeof event): ContentManifest => ({ generatedAt: new Date().toISOString(), events: [e], mentors: [], funds: [] });
    const table = stack.table;
    try {
      // The registrants, written straight into the table (registering 5,000 through the API is the burst part's job).
      const told = fingerprintOf(toldOf(event));
      const at = new Date(Date.now() - 86_400_000).toISOString();
      const items = Array.from({ length: registrants }, (_, i) => {
        const id = `bench${String(i).padStart(8, '0')}`;
        return {
          ...keys.registration(id),
          ...indexKeys.eventRegistrations(event.slug, at, id),
          entity: 'Registration',
          id,
          event: event.slug,
          name: `Person ${i}`,
          email: `moving-${i}@example.org`,
          guests: 0,
          seats: 1,
          status: 'confirmed',
          timeZone: i % 2 ? 'America/Sao_Paulo' : 'Asia/Tokyo',
          createdAt: at,
          updatedAt: at,
          consentAt: at,
          expiresAt: expiryAfter(event.endsAt, 30),
          toldFingerprint: told,
        };
      });
      for (let i = 0; i < items.length; i += 25) {
        await table.db.send(new BatchWriteCommand({ RequestItems: { [table.name]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
      }
      const options = { table, siteUrl: benchEnv.SITE_URL, retentionDays: 30, secret: benchEnv.SIGNING_SECRET };
      await runEventLifecycle({ ...options, manifest: manifest(event), now: new Date(), deadline: Date.now() + 60_000 });

      // The editors move the start by a week: runs of the schedule until every notice is written.
      const moved = { ...event, startsAt: new Date(Date.parse(event.startsAt) + 7 * 86_400_000).toISOString(), endsAt: new Date(Date.parse(event.endsAt) + 7 * 86_400_000).toISOString() };
      global.gc?.();
      const before = process.memoryUsage();
      let peakRss = before.rss;
      let peakHeap = before.heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 20);
      const t0 = performance.now();
      let runs = 0;
      let written = 0;
      let longestRun = 0;
      for (;;) {
        const r0 = performance.now();
        const run = await runEventLifecycle({ ...options, manifest: manifest(moved), now: new Date(), deadline: Date.now() + runSeconds * 1_000 });
        longestRun = Math.max(longestRun, performance.now() - r0);
        runs++;
        written += run.written.change;
        if (run.failed.length > 0) throw new Error(`a run failed for ${run.failed.join(', ')}`);
        if (run.complete) break;
      }
      const jobsMs = performance.now() - t0;
      clearInterval(sampler);
      if (written !== registrants) throw new Error(`${written} change notices written for ${registrants} registrants`);

      // The mailer, as npm start runs it, at the configured sending rate.
      const mailer = createMailer({ table, ses: stack.sesClient, mailFrom: benchEnv.MAIL_FROM, maxSendRate: sendRate, retryBaseMs: 2_000, retryMaxMs: 10_000 });
      const s0 = performance.now();
      const streaming = await startStreamMailer({
        client: stack.client,
        endpoint: stack.dynamodb.endpoint,
        tableName: stack.tableName,
        handler: createStreamHandler(mailer),
        sweep: () => mailer.sweep(),
      });
      const open = () => hasOpenJobs(table);
      const deadline = Date.now() + Math.max(10 * 60_000, (registrants / sendRate) * 3_000);
      await streaming.caughtUp();
      while (await open()) {
        if (Date.now() > deadline) throw new Error('the mail did not drain in time');
        await new Promise((r) => setTimeout(r, 1_000));
      }
      const sentMs = performance.now() - s0;
      await streaming.stop();
      const emails = (await sentEmails(stack.ses.endpoint)).filter((e) => e.subject.startsWith('Changed'));
      const perPerson = new Map<string, number>();
      for (const e of emails) for (const to of e.destination.to) perPerson.set(to, (perPerson.get(to) ?? 0) + 1);
      const duplicates = [...perPerson.values()].filter((n) => n > 1).length;

      const floorSeconds = registrants / sendRate;
      return {
        rows: [
          { measure: 'registrants', value: registrants },
          { measure: 'schedule runs until every notice was written', value: runs },
          { measure: 'time until every job was written (s)', value: round(jobsMs / 1000, 1) },
          { measure: 'longest run (s)', value: round(longestRun / 1000, 1) },
          { measure: 'peak memory of the fan-out: RSS (MiB)', value: mib(peakRss) },
          { measure: 'peak memory of the fan-out: heap growth (MiB)', value: mib(peakHeap - before.heapUsed) },
          { measure: 'sending rate (emails/s)', value: sendRate },
          { measure: 'time until every email was sent (s)', value: round(sentMs / 1000, 1) },
          { measure: 'floor at that rate (s)', value: round(floorSeconds, 1) },
          { measure: 'change emails in the inbox', value: emails.length },
          { measure: 'people with more than one', value: duplicates },
        ],
        budgets: [
          { name: 'every registrant told once', limit: `${registrants} emails, 0 duplicates`, value: `${emails.length}, ${duplicates}`, pass: emails.length === registrants && duplicates === 0 },
          { name: 'longest schedule run', limit: '< 100 s (Lambda limit 120 s)', value: `${round(longestRun / 1000, 1)} s`, pass: longestRun < 100_000 },
          { name: 'peak memory while fanning out (RSS)', limit: "< 512 MiB (the function's memory)", value: `${mib(peakRss)} MiB`, pass: peakRss < 512 * 2 ** 20 },
          { name: 'sending close to the rate', limit: `< 1.5 × ${round(floorSeconds, 0)} s + 15 s`, value: `${round(sentMs / 1000, 1)} s`, pass: sentMs < floorSeconds * 1_500 + 15_000 },
        ],
        notes: [
          `Registrants are written straight into DynamoDB Local, then the event's start moves by a week. The schedule runs as the Lambda would, each run stopping new pages after ${runSeconds} s (its deadline) and the next continuing from the saved cursor; pages of 200 registrations, 25 conditional puts at a time.`,
          'Peak memory is sampled every 20 ms in this process while the schedule runs: RSS is the whole benchmark process (its AWS clients and DynamoDB Local client included, DynamoDB Local itself not), heap growth is the peak heap over the heap before the run, garbage not yet collected included. The fan-out holds one page of 200 registrations and its jobs at a time.',
          `The mailer (stream consumer and sweep, as in npm start) sends at most ${sendRate} emails per second (maxSendRate), rendering each email with its calendar file; SES is aws-ses-v2-local. The floor is the time the rate alone takes; above it is the time to render, compose and hand each email over, one stream batch after another, on this machine.`,
        ],
      };
    } finally {
      await stack.stop();
    }
  });
}
