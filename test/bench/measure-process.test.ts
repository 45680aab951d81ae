/**
 * The build benchmark reads Astro's CPU seconds when its log first shows each
 * mark (rendering starts, rendering ends), so the phase's CPU is known. The
 * marks must be found in order, also when one is split between two chunks of
 * output, and only after the mark before them.
 */
import { describe, expect, it } from 'vitest';
import { runMeasured } from './lib/measure-process';
import { node24, repoRoot } from './lib/paths';

// A command that logs like Astro: an early "Completed in" (before rendering), the start mark split between two
// writes, a line at a time while it spends 0.3 s of CPU, then the end mark.
const script = `
const write = (text) => new Promise((resolve) => process.stdout.write(text, resolve));
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
await write('[build] Completed in 0.1s.\\n');
await pause();
await write('generating sta');
await pause();
await write('tic routes\\n');
const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const until = cpuMs() + 300;
let line = 0;
let sum = 0;
while (cpuMs() < until) {
  for (let i = 0; i < 100000; i++) sum += Math.sqrt(i);
  await write('  /page-' + line++ + '/index.html\\n');
}
await write('Completed in 0.3s.\\n');
`;

describe('runMeasured marks', () => {
  it('reads the CPU at each mark in order, a split mark included, and not at an earlier match of a later mark', async () => {
    const run = await runMeasured(node24, ['--input-type=module', '-e', script], { cwd: repoRoot, marks: [/generating static routes/, /Completed in/] });
    expect(run.exitCode).toBe(0);
    const [start, end] = run.cpuAtMarks;
    expect(start).not.toBeNull();
    expect(end).not.toBeNull();
    // The command spent 0.3 s of CPU between the two marks; the early "Completed in" came before both.
    expect(end! - start!).toBeGreaterThanOrEqual(0.1);
  });
});
