/**
 * The API benchmark's load: autocannon against the local server and the raw
 * DynamoDB calls, in a process of its own that api.ts starts pinned to a core
 * other than the server's and DynamoDB Local's (`taskset`), so that the
 * load generator's CPU is not taken from what it measures, for the API and
 * the raw calls alike.
 *
 * Reads its settings as JSON from BENCH_API_LOAD (LoadSettings) and the local
 * stack's variables (TABLE_NAME, DYNAMODB_ENDPOINT…); prints one JSON line
 * `{"result": LoadResult}` when done, and `{"phase": …, "at": "start" | "end"}`
 * around each measured phase. First the challenges are fetched and solved
 * (not timed) and every phase is warmed up; then the measured phases (API
 * registrations without and with an Idempotency-Key, PutItems, transactions,
 * and the same transactions asked of the bare HTTP server on the server's
 * core when there is one) run in rounds, each round a share of every phase,
 * one phase at a time, in an order that turns by one place every round (with
 * rounds a multiple of the phases, each phase takes each place equally
 * often). Run one after another, the last phase met a DynamoDB Local whose
 * JVM had served thousands more requests (and compiled more of itself) than
 * the first did. Latencies are pooled over the rounds.
 */
import autocannon, { type Request as LoadRequest } from 'autocannon';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClient, tableOf } from '../../../functions/shared/clients';
import type { NamedItems } from '../../../functions/shared/transactions';
import { solvedChallenges } from './api-challenge';
import { writeHeaders } from './api-stack';
import { rawTransactions, sendRawTransaction, type RawSettings } from './raw-registration';
import { percentile, round } from './results';

export interface LoadSettings extends RawSettings {
  url: string;
  count: number;
  warmUp: number;
  concurrency: number;
  /** Rounds the measured phases are split into (count is divided between them). */
  rounds: number;
  /** The bare HTTP server that sends raw transactions from the server's core (raw-transaction-server.ts), when pinned. */
  rawServerUrl?: string;
  /** The server checks a proof of work on each registration: fetch and solve one per request before timing. */
  challenge: boolean;
}

export interface Timing {
  count: number;
  concurrency: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export type ApiTiming = Timing & { answered2xx: number; non2xx: number; errors: number; timeouts: number };

export type Phase = 'api' | 'apiWithKey' | 'put' | 'transaction' | 'transactionOverHttp';

export interface LoadResult {
  api: ApiTiming;
  /** The same registrations with an Idempotency-Key each, as the site's forms send them. */
  apiWithKey: ApiTiming;
  put: Timing;
  transaction: Timing;
  /**
   * The same raw transactions sent by a bare HTTP server on the server's core (where the API's SDK does its work for
   * each registration), asked by autocannon from this process as the API is.
   */
  transactionOverHttp?: ApiTiming;
  /** Items in each raw transaction, by name. */
  transactionItems: string[];
  /** Each round's p99 of the API registration over the raw transaction's (over HTTP from the server's core when there), to show the spread between rounds. */
  roundRatios: number[];
}

const settings = JSON.parse(process.env.BENCH_API_LOAD ?? '{}') as LoadSettings;
const table = tableOf(process.env.TABLE_NAME!, createDynamoDbClient());
const { event } = settings;

/** What one measured phase of one round gave: every request's latency in ms and the phase's seconds. */
interface Sample {
  latencies: number[];
  seconds: number;
}

/** `count` calls at `concurrency`, each prepared (untimed) and then sent (timed). */
async function timed<T>(count: number, concurrency: number, prepare: (i: number) => T, send: (prepared: T) => Promise<void>): Promise<Sample> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const prepared = prepare(i);
        const t0 = performance.now();
        await send(prepared);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** Percentiles and rate of the samples of a phase, pooled over its rounds. */
function timingOf(samples: readonly Sample[]): Timing {
  const latencies = samples.flatMap((sample) => sample.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, sample) => sum + sample.seconds, 0);
  const p = (q: number) => round(percentile(latencies, q), 1);
  return { count: latencies.length, concurrency: settings.concurrency, perSecond: round(latencies.length / seconds), p50: p(50), p90: p(90), p99: p(99), max: round(latencies.at(-1)!, 1) };
}

/** A registration's request as the form sends it: its own person, address and (when the server asks for one) proof of work. */
function registrationRequest(i: number, altcha: string | undefined, keyed: boolean) {
  const body = JSON.stringify({ name: `Person ${i}`, email: `person-${i}@example.org`, guests: i % 3, timeZone: 'America/Sao_Paulo', consent: true });
  return { body, headers: { ...writeHeaders(body, i), ...(altcha ? { 'x-altcha': altcha } : {}), ...(keyed ? { 'Idempotency-Key': `bench-registration-${i}` } : {}) } };
}

let sequence = 0;
/** `amount` requests through autocannon; each response's latency (autocannon's own, in ms) is kept. */
async function load(url: string, amount: number, request: LoadRequest): Promise<Sample & { answers: Answers }> {
  const latencies: number[] = [];
  const started = performance.now();
  const run = autocannon({ url, connections: settings.concurrency, amount, timeout: 30, requests: [request] });
  run.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await run;
  return { latencies, seconds: (performance.now() - started) / 1000, answers: { answered2xx: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts } };
}

/** `amount` registrations through the API, as the form sends them. */
const api = (amount: number, altcha: string[], keyed = false) =>
  load(settings.url, amount, {
    method: 'POST',
    path: `/api/events/${event.slug}/registrations`,
    setupRequest: (request) => {
      const i = sequence++;
      return { ...request, ...registrationRequest(i, altcha[i], keyed) };
    },
  });

/** `amount` raw transactions, each sent by the bare HTTP server on the server's core. */
const rawOverHttp = (amount: number) => load(settings.rawServerUrl!, amount, { method: 'POST', setupRequest: (request) => ({ ...request, path: `/raw/${rawSequence++}` }) });

type Answers = Pick<ApiTiming, 'answered2xx' | 'non2xx' | 'errors' | 'timeouts'>;
const addAnswers = (a: Answers, b: Answers): Answers => ({
  answered2xx: a.answered2xx + b.answered2xx,
  non2xx: a.non2xx + b.non2xx,
  errors: a.errors + b.errors,
  timeouts: a.timeouts + b.timeouts,
});

let rawSequence = 0;
const rawPut = (i: number) => new PutCommand({ TableName: table.name, Item: { PK: `RAW#${i}`, SK: 'REG', entity: 'Raw', name: `Person ${i}`, email: `raw-${i}@example.org`, seats: 1 } });

const rawTransaction = rawTransactions(table, settings);
const sendTransaction = (items: NamedItems) => sendRawTransaction(table, items);
const sendPut = async (command: PutCommand) => {
  await table.db.send(command);
};

const altcha = settings.challenge ? await solvedChallenges(settings.url, settings.warmUp + 2 * settings.count, settings.concurrency) : [];

// Warm up every side (Node's JIT in each server, DynamoDB Local's JVM, connections), then measure.
const warmedUp = (what: string, answers: Answers) => {
  if (answers.answered2xx !== settings.warmUp) throw new Error(`the warm-up ${what} were not all accepted (${answers.answered2xx} of ${settings.warmUp} answered 2xx)`);
};
warmedUp('registrations', (await api(settings.warmUp, altcha)).answers);
await timed(settings.warmUp, settings.concurrency, () => rawPut(rawSequence++), sendPut);
await timed(settings.warmUp, settings.concurrency, () => rawTransaction(rawSequence++), sendTransaction);
if (settings.rawServerUrl) warmedUp('raw transactions over HTTP', (await rawOverHttp(settings.warmUp)).answers);

/** Tells api.ts that a measured phase starts or ends (it reads the CPU time of the servers, DynamoDB Local and this process then). */
const phase = async <T>(name: Phase, run: () => Promise<T>): Promise<T> => {
  process.stdout.write(`${JSON.stringify({ phase: name, at: 'start' })}\n`);
  const result = await run();
  process.stdout.write(`${JSON.stringify({ phase: name, at: 'end' })}\n`);
  return result;
};
const none: Answers = { answered2xx: 0, non2xx: 0, errors: 0, timeouts: 0 };
const samples: Record<Phase, Sample[]> = { api: [], apiWithKey: [], put: [], transaction: [], transactionOverHttp: [] };
type Answered = 'api' | 'apiWithKey' | 'transactionOverHttp';
const answers: Record<Answered, Answers> = { api: none, apiWithKey: none, transactionOverHttp: none };
/** A phase asked over HTTP: its answers are added up over the rounds. */
const overHttp =
  (name: Answered, run: (amount: number) => Promise<Sample & { answers: Answers }>) =>
  async (amount: number): Promise<Sample> => {
    const { answers: a, ...sample } = await run(amount);
    answers[name] = addAnswers(answers[name], a);
    return sample;
  };
const measure: Record<Phase, (amount: number) => Promise<Sample>> = {
  api: overHttp('api', (amount) => api(amount, altcha)),
  apiWithKey: overHttp('apiWithKey', (amount) => api(amount, altcha, true)),
  put: (amount) => timed(amount, settings.concurrency, () => rawPut(rawSequence++), sendPut),
  transaction: (amount) => timed(amount, settings.concurrency, () => rawTransaction(rawSequence++), sendTransaction),
  transactionOverHttp: overHttp('transactionOverHttp', rawOverHttp),
};
const phases: Phase[] = ['api', 'apiWithKey', 'put', 'transaction', ...(settings.rawServerUrl ? (['transactionOverHttp'] as const) : [])];
// autocannon refuses fewer requests than connections, and a round of none would run for its default duration instead.
if (settings.count < settings.rounds * settings.concurrency)
  throw new Error(`${settings.count} requests cannot be split into ${settings.rounds} rounds of at least ${settings.concurrency} (the connections)`);
for (let r = 0; r < settings.rounds; r++) {
  // This round's share: the count split as evenly as whole requests allow.
  const amount = Math.floor(((r + 1) * settings.count) / settings.rounds) - Math.floor((r * settings.count) / settings.rounds);
  for (const name of [...phases.slice(r % phases.length), ...phases.slice(0, r % phases.length)]) {
    samples[name].push(await phase(name, () => measure[name](amount)));
  }
}
table.client.destroy();

const result: LoadResult = {
  api: { ...timingOf(samples.api), ...answers.api },
  apiWithKey: { ...timingOf(samples.apiWithKey), ...answers.apiWithKey },
  put: timingOf(samples.put),
  transaction: timingOf(samples.transaction),
  ...(settings.rawServerUrl ? { transactionOverHttp: { ...timingOf(samples.transactionOverHttp), ...answers.transactionOverHttp } } : {}),
  transactionItems: Object.keys(rawTransaction(0)),
  roundRatios: samples.api.map((sample, r) => round(timingOf([sample]).p99 / timingOf([(settings.rawServerUrl ? samples.transactionOverHttp : samples.transaction)[r]!]).p99, 2)),
};
process.stdout.write(`${JSON.stringify({ result })}\n`);
