/**
 * API: registrations per second and p50/p90/p99 latency through the API's
 * own app as its function URLs run it (validation, proof of work, rate
 * limits, the registration transaction; without the site server that stands
 * in for CloudFront locally), driven by autocannon, next to the same
 * number of raw PutItem calls and raw TransactWriteItems of the items a
 * registration writes, at the same concurrency, to the same DynamoDB Local.
 * The figure is the ratio of the p99s.
 *
 * The load (autocannon and the raw calls, lib/api-load.ts) runs in a process
 * pinned to one core and the local server and DynamoDB Local to the other
 * (`taskset`), for the API and the raw measurements alike, so the comparison
 * is about the API's own code rather than about who gets the CPU.
 *
 * The budget compares like with like: the raw transactions once more, sent
 * by a bare HTTP server on the server's core (lib/raw-transaction-server.ts)
 * that autocannon asks from the load core, as it asks the API. The API's SDK
 * serialises, signs and sends each registration's transaction on the
 * server's core; raw calls sent from the load core do the same work on the
 * other core, so the ratio to them also counts the SDK's client-side work as
 * the API's. Both ratios are shown.
 *
 * BENCH_API_COUNT (4,000), BENCH_API_WARM_UP (300), BENCH_API_ROUNDS (10: the
 * measured phases take turns, see lib/api-load.ts), BENCH_API_CONCURRENCY
 * (10), BENCH_API_CORES (`server,load`, default `0,1`), BENCH_API_PROFILE=1:
 * a CPU profile of the server while it runs (test/bench/.work/api-profile/),
 * its heaviest functions in the notes.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchChallengeMaxNumber } from './lib/api-challenge';
import { affinityOf, benchEnv, benchEvent, canPin, listeningUrl, startBenchStack, tsxImport } from './lib/api-stack';
import type { ApiTiming, LoadResult, LoadSettings, Phase, Timing } from './lib/api-load';
import { heaviest } from './lib/api-profile';
import { processCpuSeconds } from './lib/measure-process';
import type { RawSettings } from './lib/raw-registration';
import { benchDir, node24, workDir } from './lib/paths';
import { round, runPart, type Row } from './lib/results';

// Enough for a p99 that a few slow answers do not decide: about the 40th slowest of 4,000.
const count = Number(process.env.BENCH_API_COUNT ?? 4000);
const warmUp = Number(process.env.BENCH_API_WARM_UP ?? 300);
// A multiple of the five phases, so that each takes each place in the order equally often.
const rounds = Number(process.env.BENCH_API_ROUNDS ?? 10);
const concurrency = Number(process.env.BENCH_API_CONCURRENCY ?? 10);
const [serverCore, loadCore] = (process.env.BENCH_API_CORES ?? '0,1').split(',').map(Number) as [number, number];
const profile = process.env.BENCH_API_PROFILE === '1';
const profileDir = path.join(workDir, 'api-profile');
const p99Ratio = 1.5;

/** CPU time (user + system, all threads) a process has used so far, in ms; undefined when it cannot be read. */
function cpuMs(pid: number): number | undefined {
  const seconds = processCpuSeconds(pid);
  return seconds === null ? undefined : seconds * 1000;
}

/**
 * Runs the load process (pinned to `core` when given) and returns what it measured, with the CPU time `watched`
 * processes (the servers, DynamoDB Local) and the load process itself used during each measured phase.
 */
function runLoad(
  settings: LoadSettings,
  env: Record<string, string>,
  core: number | undefined,
  watched: Record<string, number>,
): Promise<{ result: LoadResult; affinity: string | undefined; cpu: Record<Phase, Record<string, number | undefined>> }> {
  const command = [node24, ...tsxImport, path.join(benchDir, 'lib/api-load.ts')];
  const [file, ...args] = core !== undefined ? ['taskset', '-c', String(core), ...command] : command;
  const child = spawn(file!, args, { env: { ...process.env, ...env, BENCH_API_LOAD: JSON.stringify(settings) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let affinity: string | undefined;
  const started: Partial<Record<Phase, Record<string, number | undefined>>> = {};
  const cpu = { api: {}, apiWithKey: {}, put: {}, transaction: {}, transactionOverHttp: {} } as Record<Phase, Record<string, number | undefined>>;
  // The load process itself too: during the raw calls its CPU is the SDK's work on the client side of each call.
  const readCpu = () => Object.fromEntries(Object.entries({ ...watched, load: child.pid! }).map(([name, pid]) => [name, cpuMs(pid)]));
  let pending = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{"phase"')) continue;
      const { phase, at } = JSON.parse(line) as { phase: Phase; at: 'start' | 'end' };
      // Read once the load runs (not while taskset is still starting it).
      if (core !== undefined) affinity ??= affinityOf(child.pid!);
      if (at === 'start') started[phase] = readCpu();
      else {
        const now = readCpu();
        // A phase runs once per round: its CPU time is the sum over its rounds.
        const before = started[phase];
        cpu[phase] = Object.fromEntries(
          [...Object.keys(watched), 'load'].map((name) => {
            const spent = now[name] !== undefined && before?.[name] !== undefined ? now[name]! - before[name]! : undefined;
            const sum = name in cpu[phase] ? cpu[phase][name] : 0;
            return [name, spent !== undefined && sum !== undefined ? sum + spent : undefined];
          }),
        );
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{"result"'));
      if (code !== 0 || !line) return reject(new Error(`the load process stopped (exit ${code}):\n${err.trim()}`));
      resolve({ result: (JSON.parse(line) as { result: LoadResult }).result, affinity, cpu });
    });
  });
}

interface RawServer {
  url: string;
  pid: number;
  stop: () => void;
}

/** Starts the bare HTTP server that sends raw transactions (lib/raw-transaction-server.ts), pinned to the server's core. */
function startRawServer(env: Record<string, string>, settings: RawSettings): Promise<RawServer> {
  const child = spawn('taskset', ['-c', String(serverCore), node24, ...tsxImport, path.join(benchDir, 'lib/raw-transaction-server.ts')], {
    env: { ...process.env, ...env, BENCH_RAW_SERVER: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const stopped = () => `the raw transaction server stopped before listening:\n${err.trim()}`;
  return listeningUrl(child, stopped).then((url) => ({ url, pid: child.pid!, stop: () => child.kill() }));
}

export function runApi() {
  return runPart('api', async () => {
    const pin = canPin();
    const event = benchEvent('bench-api', 10_000_000);
    if (profile) {
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
    }
    const bench = await startBenchStack({
      events: [event],
      mailer: false,
      ...(pin ? { pinCore: serverCore } : {}),
      // The API's own app, as a function URL runs it: the site server in front stands in for CloudFront locally.
      serverEnv: { FORM_CHALLENGE: 'on', BENCH_CHALLENGE_MAX_NUMBER: String(benchChallengeMaxNumber), BENCH_API_ONLY: '1' },
      ...(profile ? { serverArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
    });
    let load: Awaited<ReturnType<typeof runLoad>>;
    let rawServer: RawServer | undefined;
    let rawServerAffinity: string | undefined;
    const loadBefore = os.loadavg();
    try {
      if (pin) {
        rawServer = await startRawServer(bench.stack.env, { event, siteUrl: benchEnv.SITE_URL, signingSecret: benchEnv.SIGNING_SECRET });
        rawServerAffinity = affinityOf(rawServer.pid);
      }
      load = await runLoad(
        {
          url: bench.url,
          event,
          count,
          warmUp,
          concurrency,
          rounds,
          ...(rawServer ? { rawServerUrl: rawServer.url } : {}),
          challenge: true,
          siteUrl: benchEnv.SITE_URL,
          signingSecret: benchEnv.SIGNING_SECRET,
        },
        bench.stack.env,
        pin ? loadCore : undefined,
        {
          server: bench.serverPid,
          ...(bench.stack.dynamodb.pid !== undefined ? { dynamodb: bench.stack.dynamodb.pid } : {}),
          ...(rawServer ? { rawServer: rawServer.pid } : {}),
        },
      );
    } finally {
      rawServer?.stop();
      await bench.stop();
    }
    const loadAfter = os.loadavg();
    const { api, apiWithKey, put, transaction: tx } = load.result;

    const perRequest = (ms: number | undefined, n: number) => (ms === undefined ? null : round(ms / n, 2));
    const row = (what: string, t: Timing, phase: Phase): Row => ({
      what,
      requests: t.count,
      concurrency: t.concurrency,
      'per second': t.perSecond,
      'p50 ms': t.p50,
      'p90 ms': t.p90,
      'p99 ms': t.p99,
      'max ms': t.max,
      // For the raw transactions over HTTP, the server is the bare one that sends them.
      'server CPU ms/req': perRequest(phase === 'transactionOverHttp' ? load.cpu[phase].rawServer : load.cpu[phase].server, t.count),
      'DynamoDB Local CPU ms/req': perRequest(load.cpu[phase].dynamodb, t.count),
      'load process CPU ms/req': perRequest(load.cpu[phase].load, t.count),
    });
    const ratio = (what: string, to: Timing): Row => ({
      what,
      requests: null,
      concurrency: null,
      'per second': round(api.perSecond / to.perSecond, 2),
      'p50 ms': round(api.p50 / to.p50, 2),
      'p90 ms': round(api.p90 / to.p90, 2),
      'p99 ms': round(api.p99 / to.p99, 2),
      'max ms': null,
      'server CPU ms/req': null,
      'DynamoDB Local CPU ms/req': null,
      'load process CPU ms/req': null,
    });
    // Like with like when pinned (see the top of this file); otherwise every call shares the cores anyway.
    const overHttp = load.result.transactionOverHttp;
    const reference = overHttp ?? tx;
    const ratioTx = api.p99 / reference.p99;
    const items = load.result.transactionItems.length;
    const loadavg = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');
    const allAnswered = (name: string, t: ApiTiming) => ({
      name,
      limit: `${count}`,
      value: `${t.answered2xx} (${t.non2xx} non-2xx, ${t.errors} errors, ${t.timeouts} timeouts)`,
      pass: t.non2xx + t.errors + t.timeouts === 0 && t.answered2xx === count,
    });
    return {
      rows: [
        row(`API registration (the API's app over HTTP: validation, proof of work, rate limits, ${items}-item transaction)`, api, 'api'),
        row('API registration with an Idempotency-Key, as the forms send it', apiWithKey, 'apiWithKey'),
        row('raw PutItem', put, 'put'),
        row(`raw TransactWriteItems (the same ${items} items)`, tx, 'transaction'),
        ...(overHttp ? [row(`raw TransactWriteItems sent by a bare HTTP server on the server's core`, overHttp, 'transactionOverHttp')] : []),
        ratio('ratio API / raw transaction', tx),
        ...(overHttp ? [ratio(`ratio API / raw transaction over HTTP from the server's core`, overHttp)] : []),
        ratio('ratio API / raw PutItem', put),
        {
          ...ratio('ratio API with Idempotency-Key / raw transaction', tx),
          'per second': round(apiWithKey.perSecond / tx.perSecond, 2),
          'p50 ms': round(apiWithKey.p50 / tx.p50, 2),
          'p90 ms': round(apiWithKey.p90 / tx.p90, 2),
          'p99 ms': round(apiWithKey.p99 / tx.p99, 2),
        },
      ],
      budgets: [
        {
          name: overHttp ? "registration p99 / p99 of the raw transaction sent by a bare server on the server's core" : 'registration p99 / raw transaction p99',
          limit: `≤ ${p99Ratio}×`,
          value: `${round(ratioTx, 2)}× (${api.p99} ms / ${reference.p99} ms)`,
          pass: ratioTx <= p99Ratio,
        },
        allAnswered('registrations answered 201', api),
        ...(overHttp ? [allAnswered('raw transactions over HTTP answered 201', overHttp)] : []),
        allAnswered('registrations with an Idempotency-Key answered 201', apiWithKey),
      ],
      notes: [
        pin
          ? `Cores: the local server, the bare server of raw transactions and DynamoDB Local on core ${serverCore} (taskset reads back: server ${bench.pinned!.server}, bare server ${rawServerAffinity ?? '?'}, DynamoDB Local ${bench.pinned!.dynamodb}), autocannon and the raw calls in a process of their own on core ${loadCore} (${load.affinity}), for the API and the raw measurements alike.`
          : "Cores: not pinned (taskset is missing or the machine has one core), so the load generator, the server and DynamoDB Local share the CPU and the ratio says less; without a core of its own for the server, the bare server of raw transactions is not started and the budget's reference is the raw transaction from the load process.",
        `Load average (1, 5, 15 min) before the measurement ${loadavg(loadBefore)}, after ${loadavg(loadAfter)}, on ${os.cpus().length} cores: above 1 on the server's core means something else ran there too.`,
        `${count} registrations (twice: without and with an Idempotency-Key) after ${warmUp} to warm up (BENCH_API_COUNT, BENCH_API_WARM_UP), ${concurrency} connections, each person with their own address (CloudFront-Viewer-Address) in a network of their own, as on the site; 0–2 guests; the mailer is not running (it would compete for the same database).`,
        'The API is served alone, as its function URLs run it: the local site server in front of it stands in for CloudFront (static files, security headers, and the body-hash check AWS makes before our code runs), so it is left out here; the burst part goes through it.',
        `Each registration carries a solved proof of work (the server's maxnumber is ${benchChallengeMaxNumber.toLocaleString('en')} so that solving ${(warmUp + 2 * count).toLocaleString('en')} of them before the timing is quick; checking one costs the server the same at any size).`,
        `The raw transaction writes the items a confirmed registration writes (${load.result.transactionItems.join(', ')}), built with the same keys and job builder, all on one event counter as every registration is, so both meet the same write conflicts.`,
        'The budget is the registration without an Idempotency-Key (the request as the earlier figures measured it); the forms send one with every write, and Powertools records it in two more DynamoDB writes (in progress before the handler, the answer after it), shown in its own row.',
        `The measured phases take turns in ${rounds} rounds (BENCH_API_ROUNDS), each round a ${rounds > 1 ? `1/${rounds}` : 'whole'} share of every phase, one phase at a time, the order turning by one place each round; each row pools its rounds. One after another, the phase measured last met a DynamoDB Local whose JVM had served thousands more requests than the first phase did. The registration's p99 over the raw transaction's, round by round: ${load.result.roundRatios.map((r) => `${r}×`).join(', ')}.`,
        'Latencies: each response as autocannon times it, and each raw call, in ms.',
        ...(overHttp
          ? [
              "The budget's reference is the same raw transaction sent by a bare HTTP server (node:http, no framework; test/bench/lib/raw-transaction-server.ts) on the server's core, asked by autocannon from the load core as the API is. The API's SDK serialises, signs and sends each registration's transaction on the server's core, beside DynamoDB Local; raw calls sent from the load core do that work on the other core (the load process's CPU per raw transaction, which also builds the items, shows about how much), so the ratio to them also counts the SDK's client-side work as the API's own. That ratio is in the table too. Against that reference, what the registration adds is the API's own code: Hono, validation, proof of work, rate limits.",
            ]
          : []),
        "CPU ms/req: the CPU time (user + system, every thread) the local server (the bare one for the raw transactions over HTTP), DynamoDB Local and the load process used during each measured phase, over its requests; unlike latency it moves little with what else runs on the machine, so it shows what a change to the request path saves. The load process's is autocannon's when it asks a server, and during the raw calls from the load core building each call's items and the SDK's client side.",
        ...(profile ? [`CPU profile of the server: ${profileDir}/${readdirSync(profileDir)[0] ?? '(none written)'}. Self time, heaviest first: ${heaviest(profileDir)}.`] : []),
      ],
    };
  });
}
