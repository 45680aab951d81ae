/**
 * API: registrations per second and p50/p90/p99 latency through the local
 * server (HTTP, the body-hash check, validation, proof of work, rate limits,
 * the registration transaction), driven by autocannon, next to the same
 * number of raw PutItem calls and raw TransactWriteItems of the items a
 * registration writes, at the same concurrency, to the same DynamoDB Local.
 * The figure is the ratio of the p99s.
 *
 * The load (autocannon and the raw calls, lib/api-load.ts) runs in a process
 * pinned to one core and the local server and DynamoDB Local to the other
 * (`taskset`), for the API and the raw measurements alike, so the comparison
 * is about the API's own code rather than about who gets the CPU.
 *
 * BENCH_API_COUNT (2,000), BENCH_API_WARM_UP (300), BENCH_API_CONCURRENCY
 * (10), BENCH_API_CORES (`server,load`, default `0,1`), BENCH_API_PROFILE=1:
 * a CPU profile of the server while it runs (test/bench/.work/api-profile/),
 * its heaviest functions in the notes.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { affinityOf, benchEnv, benchEvent, canPin, startBenchStack, tsxImport } from './lib/api-stack';
import type { LoadResult, LoadSettings, Timing } from './lib/api-load';
import { heaviest } from './lib/api-profile';
import { benchDir, node24, workDir } from './lib/paths';
import { round, runPart, type Row } from './lib/results';

const count = Number(process.env.BENCH_API_COUNT ?? 2000);
const warmUp = Number(process.env.BENCH_API_WARM_UP ?? 300);
const concurrency = Number(process.env.BENCH_API_CONCURRENCY ?? 10);
const [serverCore, loadCore] = (process.env.BENCH_API_CORES ?? '0,1').split(',').map(Number) as [number, number];
const profile = process.env.BENCH_API_PROFILE === '1';
const profileDir = path.join(workDir, 'api-profile');
/** The proof of work's maxnumber on the benchmark's server: the load solves one per request before timing; checking costs the same at any size. */
const challengeMaxNumber = 1_000;
const p99Ratio = 1.5;

/** Runs the load process (pinned to `core` when given) and returns what it measured. */
function runLoad(settings: LoadSettings, env: Record<string, string>, core: number | undefined): Promise<{ result: LoadResult; pid: number; affinity: string | undefined }> {
  const command = [node24, ...tsxImport, path.join(benchDir, 'lib/api-load.ts')];
  const [file, ...args] = core !== undefined ? ['taskset', '-c', String(core), ...command] : command;
  const child = spawn(file!, args, { env: { ...process.env, ...env, BENCH_API_LOAD: JSON.stringify(settings) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let affinity: string | undefined;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  child.once('spawn', () => {
    if (core !== undefined) affinity = affinityOf(child.pid!);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{"result"'));
      if (code !== 0 || !line) return reject(new Error(`the load process stopped (exit ${code}):\n${err.trim()}`));
      resolve({ result: (JSON.parse(line) as { result: LoadResult }).result, pid: child.pid!, affinity });
    });
  });
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
      serverEnv: { FORM_CHALLENGE: 'on', BENCH_CHALLENGE_MAX_NUMBER: String(challengeMaxNumber) },
      ...(profile ? { serverArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
    });
    let load: Awaited<ReturnType<typeof runLoad>>;
    const loadBefore = os.loadavg();
    try {
      load = await runLoad(
        { url: bench.url, event, count, warmUp, concurrency, challenge: true, siteUrl: benchEnv.SITE_URL, signingSecret: benchEnv.SIGNING_SECRET },
        bench.stack.env,
        pin ? loadCore : undefined,
      );
    } finally {
      await bench.stop();
    }
    const loadAfter = os.loadavg();
    const { api, put, transaction: tx } = load.result;
    const failures = api.non2xx + api.errors + api.timeouts;

    const row = (what: string, t: Timing): Row => ({
      what,
      requests: t.count,
      concurrency: t.concurrency,
      'per second': t.perSecond,
      'p50 ms': t.p50,
      'p90 ms': t.p90,
      'p99 ms': t.p99,
      'max ms': t.max,
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
    });
    const ratioTx = api.p99 / tx.p99;
    const items = load.result.transactionItems.length;
    const loadavg = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');
    return {
      rows: [
        row(`API registration (HTTP, body hash, validation, proof of work, rate limits, ${items}-item transaction)`, api),
        row('raw PutItem', put),
        row(`raw TransactWriteItems (the same ${items} items)`, tx),
        ratio('ratio API / raw transaction', tx),
        ratio('ratio API / raw PutItem', put),
      ],
      budgets: [
        { name: 'registration p99 / raw transaction p99', limit: `≤ ${p99Ratio}×`, value: `${round(ratioTx, 2)}× (${api.p99} ms / ${tx.p99} ms)`, pass: ratioTx <= p99Ratio },
        {
          name: 'registrations answered 201',
          limit: `${count}`,
          value: `${api.answered2xx} (${api.non2xx} non-2xx, ${api.errors} errors, ${api.timeouts} timeouts)`,
          pass: failures === 0 && api.answered2xx === count,
        },
      ],
      notes: [
        pin
          ? `Cores: the local server and DynamoDB Local on core ${serverCore} (taskset reads back: server ${bench.pinned!.server}, DynamoDB Local ${bench.pinned!.dynamodb}), autocannon and the raw calls in a process of their own on core ${loadCore} (${load.affinity}), for the API and the raw measurements alike.`
          : 'Cores: not pinned (taskset is missing or the machine has one core), so the load generator, the server and DynamoDB Local share the CPU and the ratio says less.',
        `Load average (1, 5, 15 min) before the measurement ${loadavg(loadBefore)}, after ${loadavg(loadAfter)}, on ${os.cpus().length} cores: above 1 on the server's core means something else ran there too.`,
        `${count} registrations after ${warmUp} to warm up (BENCH_API_COUNT, BENCH_API_WARM_UP), ${concurrency} connections, each person with their own address (CloudFront-Viewer-Address) in a network of their own, as on the site; 0–2 guests; the mailer is not running (it would compete for the same database).`,
        `Each registration carries a solved proof of work (the server's maxnumber is ${challengeMaxNumber.toLocaleString('en')} so that solving 2,300 of them before the timing is quick; checking one costs the server the same at any size).`,
        `The raw transaction writes the items a confirmed registration writes (${load.result.transactionItems.join(', ')}), built with the same keys and job builder, all on one event counter as every registration is, so both meet the same write conflicts.`,
        'autocannon reports latency in whole milliseconds; the raw calls are timed to a tenth.',
        ...(profile ? [`CPU profile of the server: ${profileDir}/${readdirSync(profileDir)[0] ?? '(none written)'}. Self time, heaviest first: ${heaviest(profileDir)}.`] : []),
      ],
    };
  });
}
