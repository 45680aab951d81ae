/**
 * A newsletter issue to 50,000 subscribers (BENCH_NEWSLETTER_SUBSCRIBERS) on
 * DynamoDB Local: the issue writes one email job per subscriber as the issue
 * Lambda does (pages of 100, a cursor after each page), then the mailer's
 * sweep sends them as they fall due at SEND_RATE_PER_SECOND (BENCH_SEND_RATE,
 * default 50: the order of rate SES gives an account when it leaves the
 * sandbox, which AWS sets per use case and raises on request; on one machine
 * that also runs DynamoDB Local and the local SES, 500 a second measured the
 * machine's CPU, about 26 ms an email across the three, rather than the
 * mailer's pacing). Measures the time to write the jobs, the sender's peak memory,
 * the sends per second achieved against the rate, and that each subscriber
 * got exactly one digest, counted per recipient in the local SES's store.
 *
 * The local SES runs in a process of its own (aws-ses-v2-local's command
 * line), so the memory measured here is the sender's alone: the issue writer,
 * the mailer and their AWS clients, not the 50,000 parsed emails SES keeps.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../functions/local/ports';
import { startLocalStack } from '../../functions/local/stack';
import { createMailer } from '../../functions/mailer/mailer';
import { bundledDigestContent } from '../../functions/newsletter/content';
import { issueJobCounts, queueIssue, startIssue, type IssueContext } from '../../functions/newsletter/issue';
import { createSesClient } from '../../functions/shared/clients';
import { bundledManifest } from '../../functions/shared/content';
import { seedSubscribers } from '../support/newsletter';
import { until } from '../support/until';
import { benchEnv } from './lib/api-stack';
import { node24, repoRoot } from './lib/paths';
import { round, runPart } from './lib/results';
import { hasOpenJobs } from './lib/open-jobs';

const subscribers = Number(process.env.BENCH_NEWSLETTER_SUBSCRIBERS ?? 50_000);
const sendRate = Number(process.env.BENCH_SEND_RATE ?? 50);
/** The issue Lambda's run: 15 minutes, stopping a minute before. */
const runSeconds = 14 * 60;
const mib = (bytes: number) => round(bytes / 2 ** 20, 1);

interface StoredEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  /** Seconds since the epoch. */
  at: number;
}

/** aws-ses-v2-local in a child process; `collect` reads what it received since the last call (by second, deduplicated by message id). */
async function startSesProcess() {
  const port = await freePort();
  const child = spawn(node24, [path.join(repoRoot, 'node_modules/aws-ses-v2-local/dist/cli.js'), '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  await until(
    async () => (await fetch(`${endpoint}/health-check`).catch(() => undefined))?.ok === true,
    (up) => up,
    'the local SES to listen',
  );
  const seen = new Set<string>();
  const perRecipient = new Map<string, number>();
  let since = 0;
  return {
    endpoint,
    /** CPU seconds the local SES process has used so far (Linux /proc), or undefined elsewhere. */
    cpuSeconds: () => processCpuSeconds(child.pid),
    perRecipient,
    /** The local SES process's resident memory now, in MiB (Linux /proc), or undefined elsewhere. */
    rssMiB: () => processRssMiB(child.pid),
    /**
     * Empties the local SES's store. Only call it right after `collect` with no send in flight (between two sweeps):
     * every stored email has then been counted. The stand-in otherwise keeps every parsed message in memory (about
     * 50 KB each), and its garbage collection over gigabytes stalled the sends being measured; SES itself keeps nothing.
     */
    async clear(): Promise<void> {
      await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    },
    async collect(): Promise<number> {
      const { emails } = (await (await fetch(`${endpoint}/store?since=${since}`)).json()) as { emails: StoredEmail[] };
      for (const e of emails) {
        since = Math.max(since, e.at);
        // The stand-in's message ids are random 9-digit numbers, so among 50,000 a couple repeat: an email is its id
        // and its recipients (the same email read again by a later call is skipped; a second email to the same person
        // has an id of its own and counts).
        const key = `${e.messageId} ${e.destination.to.join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const to of e.destination.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      }
      return seen.size;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** User and system CPU seconds of a process from /proc/{pid}/stat (Linux), or undefined when it cannot be read. */
function processCpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function processRssMiB(pid: number | undefined): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : round(Number(kib) / 1024, 1);
  } catch {
    return undefined;
  }
}

/** RSS and heap of this process, sampled every 20 ms until stopped. */
function memorySampler() {
  global.gc?.();
  const before = process.memoryUsage();
  const peak = { rss: before.rss, heap: before.heapUsed };
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return { rss: peak.rss, heapGrowth: peak.heap - before.heapUsed };
    },
  };
}

export function runNewsletter() {
  return runPart('newsletter', async () => {
    // Errors only: the mailer logs every email at INFO.
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    const stack = await startLocalStack({ tableName: 'alumni-bench-newsletter' });
    const ses = await startSesProcess();
    const sesClient = createSesClient({ ...stack.env, SES_ENDPOINT: ses.endpoint });
    const table = stack.table;
    try {
      await seedSubscribers(table, subscribers, { prefix: 'bench-reader' });
      const ctx: IssueContext = { table, siteUrl: benchEnv.SITE_URL, signingSecret: benchEnv.SIGNING_SECRET, content: bundledDigestContent, manifest: bundledManifest, now: () => new Date() };

      // The issue: jobs written as the issue Lambda writes them, runs continuing from the cursor.
      const writing = memorySampler();
      const t0 = performance.now();
      const { issue } = await startIssue(ctx, sendRate);
      let runs = 0;
      let queued = issue;
      while (queued.status === 'queueing') {
        queued = await queueIssue(ctx, issue.id, { deadline: Date.now() + runSeconds * 1_000 });
        runs++;
      }
      const jobsMs = performance.now() - t0;
      const writeMemory = writing.stop();
      if (queued.queued !== subscribers) throw new Error(`${queued.queued} jobs written for ${subscribers} subscribers`);

      // The mailer's sweep, back to back (the schedule runs it every minute), at the configured rate.
      const mailer = createMailer({ table, ses: sesClient, mailFrom: benchEnv.MAIL_FROM, sendRatePerSecond: sendRate, maxSendRate: sendRate, retryBaseMs: 2_000, retryMaxMs: 10_000 });
      const open = () => hasOpenJobs(table);
      const sending = memorySampler();
      const cpuBefore = process.cpuUsage();
      const sesCpuBefore = ses.cpuSeconds();
      let sesPeakMiB = 0;
      const collector = setInterval(() => {
        sesPeakMiB = Math.max(sesPeakMiB, ses.rssMiB() ?? 0);
        void ses.collect().catch(() => {});
      }, 5_000);
      const s0 = performance.now();
      // A stuck run is stopped: five minutes without a send, or two hours in all.
      const deadline = Date.now() + 2 * 3_600_000;
      let progressAt = Date.now();
      let firstSend: number | undefined;
      let lastSend = 0;
      try {
        while (await open()) {
          if (Date.now() > deadline || Date.now() - progressAt > 5 * 60_000) throw new Error('the issue did not go out in time');
          const counts = await mailer.sweep();
          if (counts.sent > 0) {
            progressAt = Date.now();
            firstSend ??= s0;
            lastSend = performance.now();
          }
          if (counts.sent === 0) await new Promise((r) => setTimeout(r, 200));
          // Between two sweeps no send is in flight: count what SES holds, then let it forget it.
          await ses.collect();
          await ses.clear();
        }
      } finally {
        clearInterval(collector);
      }
      const sendMemory = sending.stop();
      const cpu = process.cpuUsage(cpuBefore);
      const sesCpuAfter = ses.cpuSeconds();
      const sentMs = lastSend - (firstSend ?? s0);
      const received = await ses.collect();
      const jobs = await issueJobCounts(table, issue.id);
      const counts = [...ses.perRecipient.values()];
      const missing = subscribers - ses.perRecipient.size;
      const duplicates = counts.filter((n) => n > 1).length;
      const achieved = (jobs.sent ?? 0) / (sentMs / 1000);
      const peakRss = Math.max(writeMemory.rss, sendMemory.rss);
      const perSend = (seconds: number) => round((seconds * 1000) / Math.max(1, jobs.sent ?? 0), 1);
      const sesCpu = sesCpuBefore !== undefined && sesCpuAfter !== undefined ? perSend(sesCpuAfter - sesCpuBefore) : 'n/a';

      return {
        rows: [
          { measure: 'subscribers', value: subscribers },
          { measure: 'issue runs until every job was written', value: runs },
          { measure: 'time until every job was written (s)', value: round(jobsMs / 1000, 1) },
          { measure: 'jobs written per second', value: round(subscribers / (jobsMs / 1000), 0) },
          { measure: 'peak memory while writing jobs: RSS (MiB)', value: mib(writeMemory.rss) },
          { measure: 'peak memory while writing jobs: heap growth (MiB)', value: mib(writeMemory.heapGrowth) },
          { measure: 'peak memory while sending: RSS (MiB)', value: mib(sendMemory.rss) },
          { measure: 'peak memory while sending: heap growth (MiB)', value: mib(sendMemory.heapGrowth) },
          { measure: 'configured sending rate (emails/s)', value: sendRate },
          { measure: 'achieved sending rate (emails/s)', value: round(achieved, 1) },
          { measure: 'time until every email was sent (s)', value: round(sentMs / 1000, 1) },
          { measure: 'CPU per email sent: the sender, this process (ms)', value: perSend((cpu.user + cpu.system) / 1e6) },
          { measure: 'CPU per email sent: the local SES process (ms)', value: sesCpu },
          { measure: 'peak memory of the local SES process: RSS (MiB)', value: sesPeakMiB || 'n/a' },
          { measure: 'achieved / configured rate', value: `${round((achieved / sendRate) * 100, 0)}%` },
          { measure: 'floor at the configured rate (s)', value: round(subscribers / sendRate, 1) },
          { measure: 'jobs sent / suppressed / failed', value: `${jobs.sent ?? 0} / ${jobs.suppressed ?? 0} / ${jobs.failed ?? 0}` },
          { measure: 'digests received by local SES', value: received },
          { measure: 'subscribers with none', value: missing },
          { measure: 'subscribers with more than one', value: duplicates },
        ],
        budgets: [
          {
            name: 'every subscriber gets exactly one',
            limit: `${subscribers} recipients, 0 missing, 0 duplicates`,
            value: `${ses.perRecipient.size}, ${missing}, ${duplicates}`,
            pass: received === subscribers && missing === 0 && duplicates === 0,
          },
          { name: 'jobs written within one issue run', limit: `< ${runSeconds} s (Lambda limit 900 s, a minute kept)`, value: `${round(jobsMs / 1000, 1)} s`, pass: runs === 1 },
          { name: 'peak memory of the sender (RSS)', limit: "< 512 MiB (the functions' memory)", value: `${mib(peakRss)} MiB`, pass: peakRss < 512 * 2 ** 20 },
          { name: 'never faster than the rate', limit: `≤ ${sendRate}/s (+2%)`, value: `${round(achieved, 1)}/s`, pass: achieved <= sendRate * 1.02 },
          { name: 'close to the rate', limit: `≥ 80% of ${sendRate}/s`, value: `${round((achieved / sendRate) * 100, 0)}%`, pass: achieved >= sendRate * 0.8 },
        ],
        notes: [
          `${subscribers} active subscribers (half weekly, half monthly, every topic and region) are written straight into DynamoDB Local; the issue (functions/newsletter/issue.ts) then pages through them 100 at a time, writing first the issue's digest item (every story, event, mentor and fund any digest can show) and then each subscriber's job as a conditional put, 50 at once, holding only the subscriber's own parts and their picks from that item, with due times spaced at ${sendRate}/s, and saving its cursor after every page.`,
          'Memory is sampled every 20 ms in this process: RSS is the whole benchmark process (the issue writer, the mailer, their AWS clients), heap growth is the peak heap over the heap before that step, garbage not yet collected included. DynamoDB Local and the local SES run in processes of their own.',
          `The mailer's sweep (functions/mailer/mailer.ts) runs back to back with SEND_RATE_PER_SECOND=${sendRate} (sendRatePerSecond and maxSendRate, as the mailer Lambda sets them): several sends at once (a quarter of the rate, at most 64), each claiming its job, putting the digest together from the issue's digest item (read once), rendering it, checking suppression and the subscription, composing the MIME message and handing it to SES once it fits the rate (at most the rate's count in any one second). The achieved rate is the jobs sent over the time from the first sweep to the last send.`,
          "CPU per email: this process (the mailer, its AWS SDK calls, rendering and MIME) over the sending phase, and the local SES process (which parses and stores every message), divided by the emails sent; DynamoDB Local (Java) runs beside them on the same cores. With every component on one machine the achieved rate is bounded by the CPU the three share, not by the mailer's pacing.",
          'Exactly one: the local SES store is read every 5 s by arrival second and counted per recipient, each message once by its id and recipients; between two sweeps (no send in flight) it is read once more and then emptied, because the stand-in keeps every parsed message in memory and its garbage collection over gigabytes slowed the sends being measured (SES itself keeps nothing).',
        ],
      };
    } finally {
      sesClient.destroy();
      await ses.stop();
      await stack.stop();
    }
  });
}
