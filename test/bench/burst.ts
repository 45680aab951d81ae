/**
 * Burst: 2,000 people register for a 300-seat event at the same moment,
 * through the local server on DynamoDB Local, with the mailer running on the
 * table's stream and local SES, as `npm start` runs them. Checks that exactly
 * 300 seats are confirmed (in the answers and in the table), counts the
 * waitlisted and the errors, and times how long the answers and the email
 * backlog take to drain.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { sentEmails } from '../../functions/local/ses-local';
import { benchChallengeMaxNumber, solvedChallenges } from './lib/api-challenge';
import { benchEvent, startBenchStack, writeHeaders } from './lib/api-stack';
import { percentile, round, runPart, type Row } from './lib/results';

const people = Number(process.env.BENCH_BURST_PEOPLE ?? 2000);
const seats = 300;
const mailTimeoutMs = 10 * 60_000;

interface Answer {
  status: number;
  ms: number;
  /** The error code and message of an error answer. */
  problem?: string;
  registration?: { status: string; seats: number; position?: number };
  error?: string;
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

export function runBurst() {
  return runPart('burst', async () => {
    const event = benchEvent('bench-burst', seats, 0);
    const warm = benchEvent('bench-warm-up', 1000, 0);
    const bench = await startBenchStack({
      events: [event, warm],
      mailer: true,
      serverEnv: { FORM_CHALLENGE: 'on', BENCH_CHALLENGE_MAX_NUMBER: String(benchChallengeMaxNumber) },
    });
    try {
      const warmUp = 20;
      // One solved proof of work per registration, as the forms send them, fetched and solved before anything is timed.
      const altcha = await solvedChallenges(bench.url, warmUp + people, 10);
      const register = async (slug: string, i: number, solution: string): Promise<Answer> => {
        const body = JSON.stringify({ name: `Person ${i}`, email: `burst-${slug}-${i}@example.org`, consent: true });
        const headers = { ...writeHeaders(body, i), 'x-altcha': solution };
        const t0 = performance.now();
        try {
          const response = await fetch(`${bench.url}/api/events/${slug}/registrations`, { method: 'POST', headers, body });
          const answer = (await response.json().catch(() => ({}))) as { registration?: Answer['registration']; error?: { code?: string; message?: string } };
          return {
            status: response.status,
            ms: performance.now() - t0,
            ...(answer.registration ? { registration: answer.registration } : {}),
            ...(answer.error ? { problem: `${response.status} ${answer.error.code}: ${answer.error.message}` } : {}),
          };
        } catch (error) {
          return { status: 0, ms: performance.now() - t0, error: (error as Error).message };
        }
      };
      // Warm up the server, the database and the mailer with a few people on another event.
      const warmed = await Promise.all(Array.from({ length: warmUp }, (_, i) => register(warm.slug, 1_000_000 + i, altcha[people + i]!)));
      const refused = warmed.find((a) => a.status !== 201);
      if (refused) throw new Error(`a warm-up registration answered ${refused.status}: the server refuses the benchmark's requests`);
      const ses = bench.stack.ses.endpoint;
      const waitForEmails = async (count: number) => {
        const deadline = Date.now() + mailTimeoutMs;
        for (;;) {
          const sent = await sentEmails(ses);
          if (sent.length >= count || Date.now() > deadline) return sent;
          await new Promise((r) => setTimeout(r, 250));
        }
      };
      await waitForEmails(warmUp);

      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: people }, (_, i) => register(event.slug, i, altcha[i]!)));
      const answeredSeconds = (performance.now() - started) / 1000;
      const accepted = answers.filter((a) => a.status === 201);
      const sent = await waitForEmails(warmUp + accepted.length);
      const mailSeconds = (performance.now() - started) / 1000;

      const confirmedAnswers = accepted.filter((a) => a.registration?.status === 'confirmed');
      const waitlistedAnswers = accepted.filter((a) => a.registration?.status === 'waitlisted');
      const serverErrors = answers.filter((a) => a.status >= 500).length;
      const networkErrors = answers.filter((a) => a.status === 0);
      const clientErrors = answers.filter((a) => a.status >= 400 && a.status < 500).length;
      const registrations = await bench.scan((item) => item.entity === 'Registration' && item.event === event.slug);
      const confirmedSeats = registrations.filter((r) => r.status === 'confirmed').reduce((sum, r) => sum + Number(r.seats), 0);
      const counter = (await bench.doc.send(new GetCommand({ TableName: bench.stack.tableName, Key: { PK: `EVENT#${event.slug}`, SK: 'COUNTER' }, ConsistentRead: true }))).Item;
      const positions = new Set(waitlistedAnswers.map((a) => a.registration?.position));
      const burstEmails = sent.filter((e) => e.destination.to.some((to) => to.includes(`burst-${event.slug}-`)));
      const recipients = new Set(burstEmails.flatMap((e) => e.destination.to));
      const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);

      const rows: Row[] = [
        { figure: 'people registering at once', value: people },
        { figure: 'seats', value: seats },
        { figure: 'answered 201 confirmed', value: confirmedAnswers.length },
        { figure: 'answered 201 waitlisted', value: waitlistedAnswers.length },
        { figure: 'distinct waitlist positions given', value: positions.size },
        { figure: 'answered 4xx', value: clientErrors },
        { figure: 'answered 5xx', value: serverErrors },
        { figure: 'connection errors', value: networkErrors.length },
        { figure: 'confirmed seats in the table', value: confirmedSeats },
        { figure: 'registrations in the table', value: registrations.length },
        { figure: 'seconds until every answer', value: round(answeredSeconds, 1) },
        { figure: 'answer p50 ms', value: round(percentile(latencies, 50)) },
        { figure: 'answer p99 ms', value: round(percentile(latencies, 99)) },
        { figure: 'emails sent (confirmation or waitlist notice)', value: burstEmails.length },
        { figure: 'distinct recipients', value: recipients.size },
        { figure: 'seconds until the email backlog is sent', value: round(mailSeconds, 1) },
      ];
      if (counter) rows.splice(9, 0, { figure: 'event counter: confirmed seats', value: Number(counter.confirmedSeats ?? 0) });
      const exact = confirmedSeats === seats && confirmedAnswers.length === seats;
      return {
        rows,
        budgets: [
          { name: 'seats confirmed', limit: `= ${seats}`, value: `${confirmedSeats} in the table, ${confirmedAnswers.length} answered confirmed`, pass: exact },
          { name: '5xx answers', limit: '0', value: `${serverErrors} (and ${networkErrors.length} connection errors)`, pass: serverErrors === 0 && networkErrors.length === 0 },
          {
            name: 'every accepted registration emailed once',
            limit: `${accepted.length}`,
            value: `${burstEmails.length} emails to ${recipients.size} people`,
            pass: burstEmails.length === accepted.length && recipients.size === accepted.length,
          },
        ],
        notes: [
          `${people} requests sent at once (one connection each), one seat each, each person with their own address as CloudFront forwards it, in a network of their own (the default rate limits apply per person and per network), each with a solved proof of work as the forms send it (fetched and solved before the burst; the server's maxnumber is ${benchChallengeMaxNumber.toLocaleString('en')}). The mailer runs in the server process on the table's stream, as in npm start.`,
          ...(networkErrors.length > 0 ? [`connection errors: ${[...new Set(networkErrors.map((e) => e.error))].join('; ')}`] : []),
          ...[...countBy(answers.filter((a) => a.problem).map((a) => a.problem!))].map(([problem, n]) => `${n} × ${problem}`),
        ],
      };
    } finally {
      await bench.stop();
    }
  });
}
