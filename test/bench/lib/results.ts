/**
 * What every benchmark part returns, how it is printed, and how it is kept:
 * test/bench/results.json (ignored by git) holds the latest run of each part,
 * so `npm run bench:api` updates its own part and leaves the others.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir } from './paths';

export const partNames = ['build', 'weight', 'lighthouse', 'functions', 'api', 'burst', 'event-changes', 'newsletter', 'challenge', 'lists'] as const;
export type PartName = (typeof partNames)[number];

export interface Budget {
  /** What is held to a limit, e.g. "story page HTML+CSS". */
  name: string;
  /** The limit in words, e.g. "< 40 KB". */
  limit: string;
  /** The measured value in words. */
  value: string;
  pass: boolean;
}

export type Row = Record<string, string | number | null>;

export interface PartResult {
  part: PartName;
  measuredAt: string;
  seconds: number;
  /** The machine's 1-minute load average when the part started and ended: with 2 cores, above 2 means others were waiting for CPU too. */
  loadAverage: [number, number];
  /** The figures, one row per thing measured, as printed. */
  rows: Row[];
  budgets: Budget[];
  /** What the figures mean and what they leave out. */
  notes: string[];
}

export interface ResultsFile {
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  parts: Partial<Record<PartName, PartResult>>;
}

export const resultsFile = path.join(benchDir, 'results.json');

export function machine(): ResultsFile['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function saveResult(result: PartResult): void {
  const previous: ResultsFile | undefined = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as ResultsFile) : undefined;
  const next: ResultsFile = { machine: machine(), parts: { ...previous?.parts, [result.part]: result } };
  writeFileSync(resultsFile, `${JSON.stringify(next, null, 2)}\n`);
}

export function printResult(result: PartResult): void {
  const say = (line = '') => process.stdout.write(`${line}\n`);
  say(`\n== ${result.part} (${result.seconds.toFixed(0)} s, load average ${result.loadAverage.join(' → ')} on ${os.cpus().length} cores) ==`);
  if (result.rows.length > 0) say(table(result.rows));
  if (result.budgets.length > 0) {
    say('');
    say(table(result.budgets.map((b) => ({ budget: b.name, limit: b.limit, measured: b.value, result: b.pass ? 'PASS' : 'FAIL' }))));
  }
  for (const note of result.notes) say(`  · ${note}`);
}

/** A plain-text table with aligned columns (numbers right-aligned). */
export function table(rows: Row[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: Row[string] | undefined) => (v === null || v === undefined ? '–' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[], numeric: boolean[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === 'number' || r[c] === null || r[c] === undefined));
  return [
    line(
      columns,
      numeric.map(() => false),
    ),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((r) =>
      line(
        columns.map((c) => cell(r[c])),
        numeric,
      ),
    ),
  ].join('\n');
}

/** Runs a part, times it, prints and saves what it found. */
export async function runPart(part: PartName, measure: () => Promise<Omit<PartResult, 'part' | 'measuredAt' | 'seconds' | 'loadAverage'>>): Promise<PartResult> {
  const started = performance.now();
  const measuredAt = new Date().toISOString();
  const loadAtStart = round(os.loadavg()[0]!, 1);
  const found = await measure();
  const result: PartResult = { part, measuredAt, seconds: (performance.now() - started) / 1000, loadAverage: [loadAtStart, round(os.loadavg()[0]!, 1)], ...found };
  printResult(result);
  saveResult(result);
  return result;
}

export const kb = (bytes: number) => +(bytes / 1024).toFixed(1);
export const round = (n: number, digits = 0) => +n.toFixed(digits);

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
