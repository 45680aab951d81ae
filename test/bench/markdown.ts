/**
 * `npx tsx test/bench/markdown.ts`: the latest figures of test/bench/results.json
 * as Markdown tables, to paste into the README's "Benchmarks" section.
 */
import { readFileSync } from 'node:fs';
import { partNames, resultsFile, type ResultsFile, type Row } from './lib/results';

const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as ResultsFile;
const cell = (v: Row[string] | undefined) => (v === null || v === undefined ? '–' : String(v).replaceAll('|', '\\|'));
const table = (rows: Row[]) => {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${columns.map((c) => cell(r[c])).join(' | ')} |`)].join('\n');
};
const m = results.machine;
const out: string[] = [`Measured on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}.`];
for (const name of partNames) {
  const part = results.parts[name];
  if (!part) continue;
  out.push('', `**${name}** (${part.measuredAt.slice(0, 16).replace('T', ' ')} UTC, load average ${part.loadAverage?.join(' → ') ?? 'not recorded'})`, '', table(part.rows), '', table(part.budgets.map((b) => ({ budget: b.name, limit: b.limit, measured: b.value, result: b.pass ? 'pass' : '**fail**' }))));
}
process.stdout.write(`${out.join('\n')}\n`);
