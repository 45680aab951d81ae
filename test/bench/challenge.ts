/**
 * Challenge: what the forms' proof of work (functions/shared/challenge.ts,
 * ALTCHA, SHA-256, maxnumber as the API hands it out) costs a person and a script.
 *
 * - A person: the form's own solver (solveChallenge in site/islands/api-client.ts,
 *   bundled with esbuild) in Debian's Chromium, with the CPU slowed 4× through
 *   the DevTools protocol (Emulation.setCPUThrottlingRate, the usual stand-in
 *   for a mid-range phone), and without the slowdown, on challenges from the
 *   API's own GET /api/challenge.
 * - A script: Node solving challenges with altcha-lib, one after another on one
 *   core, and what thousands of form writes then cost it.
 *
 * A solution takes on average half of maxnumber hashes and at most all of them,
 * so the figures are spread: the median and the 90th percentile are given.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createChallenge, solveChallenge } from 'altcha-lib/v1';
import { build } from 'esbuild';
import { Hono } from 'hono';
import { chromium } from 'playwright';
import { challengeRoutes, defaultChallengeMaxNumber } from '../../functions/shared/challenge';
import type { Table } from '../../functions/shared/clients';
import { solveProofOfWork } from '../support/proof-of-work';
import { repoRoot, workDir } from './lib/paths';
import { median, percentile, round, runPart, type Budget, type Row } from './lib/results';

const browserRuns = Number(process.env.BENCH_CHALLENGE_BROWSER_RUNS ?? 20);
const scriptRuns = Number(process.env.BENCH_CHALLENGE_SCRIPT_RUNS ?? 50);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** What a person may wait for on a phone-sized CPU (the form solves while it is being filled in, so mostly unseen). */
const phoneBudgetMs = 1_000;

const summary = (label: string, ms: number[], extra: Row = {}): Row => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { measured: label, runs: ms.length, 'median ms': round(median(sorted)), 'p90 ms': round(percentile(sorted, 90)), 'max ms': round(sorted.at(-1) ?? Number.NaN), ...extra };
};

/** The form's solver as the browser runs it: api-client.ts's solveChallenge, exposed as window.solve. */
async function solverBundle(): Promise<string> {
  mkdirSync(workDir, { recursive: true });
  const entry = path.join(workDir, 'challenge-entry.ts');
  writeFileSync(entry, `import { solveChallenge } from '${path.join(repoRoot, 'site/islands/api-client.ts')}';\n(window as any).solve = solveChallenge;\n`);
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', minify: true });
  return out.outputFiles[0]!.text;
}

async function inBrowser(): Promise<Row[]> {
  const script = await solverBundle();
  const app = new Hono()
    .route('/api', challengeRoutes({ table: undefined as unknown as Table, signingSecret: async () => 'bench-challenge-secret', now: () => new Date() }))
    .get('/solver.js', (c) => c.body(script, 200, { 'Content-Type': 'text/javascript' }))
    .get('/', (c) => c.html('<!doctype html><title>Proof of work</title><script src="/solver.js"></script>'));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const rows: Row[] = [];
    for (const rate of [4, 1]) {
      const page = await browser.newPage();
      await page.goto(url);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const ms: number[] = [];
      for (let i = 0; i < browserRuns; i++) {
        ms.push(
          await page.evaluate(async () => {
            const started = performance.now();
            const solution = await (window as unknown as { solve: () => Promise<string | undefined> }).solve();
            if (!solution) throw new Error('no solution');
            return performance.now() - started;
          }),
        );
      }
      await page.close();
      rows.push(summary(rate === 4 ? 'Chromium, CPU 4× slower (phone)' : "Chromium, this machine's CPU", ms));
    }
    return rows;
  } finally {
    await browser.close();
    server.close();
  }
}

async function inScript(): Promise<Row[]> {
  const ms: number[] = [];
  for (let i = 0; i < scriptRuns; i++) {
    const challenge = await createChallenge({ hmacKey: 'bench-challenge-secret', maxnumber: defaultChallengeMaxNumber });
    const started = performance.now();
    const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
    if (!solution) throw new Error('no solution');
    ms.push(performance.now() - started);
  }
  const native: number[] = [];
  for (let i = 0; i < scriptRuns; i++) {
    const challenge = await createChallenge({ hmacKey: 'bench-challenge-secret', maxnumber: defaultChallengeMaxNumber });
    const started = performance.now();
    solveProofOfWork(challenge);
    native.push(performance.now() - started);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  // Mean ms per solution × 1,000 writes ÷ 1,000 ms per s: seconds of one core per thousand writes.
  return [
    summary("Node script, altcha-lib's solver, one core", ms, { 'CPU s per 1,000 writes': round(mean(ms)) }),
    summary('Node script, node:crypto in a loop, one core', native, { 'CPU s per 1,000 writes': round(mean(native)) }),
  ];
}

export function runChallenge() {
  return runPart('challenge', async () => {
    const browserRows = await inBrowser();
    const scriptRows = await inScript();
    const phone = browserRows[0]!;
    const budgets: Budget[] = [
      { name: 'proof of work, Chromium at 4× CPU slowdown, median', limit: `≤ ${phoneBudgetMs} ms`, value: `${phone['median ms']} ms`, pass: Number(phone['median ms']) <= phoneBudgetMs },
    ];
    return {
      rows: [...browserRows, ...scriptRows],
      budgets,
      notes: [
        `maxnumber ${defaultChallengeMaxNumber.toLocaleString('en')}: a solution takes half of it on average (SHA-256 each), all of it at worst.`,
        'The form fetches and solves its challenge when it is sent: this is time a person waits after pressing the button.',
        '"CPU s per 1,000 writes" is the script\'s mean time per solution × 1,000 ÷ 1,000: seconds of one core per thousand form writes, on top of the per-client and per-network limits.',
      ],
    };
  });
}
