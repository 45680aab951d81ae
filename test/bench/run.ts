/**
 * `npm run bench [part …]`: the benchmarks (not tests: CI does not run them).
 * Each part prints its table with a pass or fail per budget and saves its
 * figures in test/bench/results.json. Parts: build, weight, lighthouse,
 * functions, api, burst, event-changes, newsletter, challenge, lists; all of them, in that order, when none is named.
 * At the end the figures are written into test/bench/README.md (report.ts).
 */
import { partNames, type PartName, type PartResult } from './lib/results';

const runners: Record<PartName, () => Promise<PartResult>> = {
  build: async () => (await import('./build')).runBuild(),
  weight: async () => (await import('./weight')).runWeight(),
  lighthouse: async () => (await import('./lighthouse')).runLighthouse(),
  functions: async () => (await import('./functions')).runFunctions(),
  api: async () => (await import('./api')).runApi(),
  burst: async () => (await import('./burst')).runBurst(),
  challenge: async () => (await import('./challenge')).runChallenge(),
  'event-changes': async () => (await import('./event-changes')).runEventChanges(),
  newsletter: async () => (await import('./newsletter')).runNewsletter(),
  lists: async () => (await import('./lists')).runLists(),
};

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !partNames.includes(a as PartName));
if (unknown.length > 0) {
  process.stderr.write(`Unknown part: ${unknown.join(', ')}. Parts: ${partNames.join(', ')}\n`);
  process.exit(2);
}
const parts = asked.length > 0 ? (asked as PartName[]) : [...partNames];
const failed: string[] = [];
for (const part of parts) {
  try {
    const result = await runners[part]();
    failed.push(...result.budgets.filter((b) => !b.pass).map((b) => `${part}: ${b.name} (${b.value}, limit ${b.limit})`));
  } catch (error) {
    failed.push(`${part}: did not finish: ${(error as Error).message.split('\n')[0]}`);
    process.stderr.write(`\n${part} did not finish: ${(error as Error).stack ?? String(error)}\n`);
  }
}
process.stdout.write(failed.length === 0 ? '\nEvery budget holds.\n' : `\nOver budget or unfinished:\n${failed.map((f) => `  ✖ ${f}`).join('\n')}\n`);
process.stdout.write('Figures saved in test/bench/results.json\n');
try {
  const { writeReport } = await import('./report');
  writeReport();
  process.stdout.write('Figures written to test/bench/README.md (npm run bench:report)\n');
} catch (error) {
  process.stderr.write(`The figures were not written to test/bench/README.md: ${(error as Error).message}\n`);
}
process.exit(0);
