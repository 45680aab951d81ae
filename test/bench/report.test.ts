/**
 * `npm run bench:report` writes the figures of results.json into the
 * benchmarks README between its markers, and nothing else of the file changes.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsFile } from './lib/results';
import { endMarker, readmeFile, renderResults, replaceBlock, startMarker, writeReport } from './report';

const results: ResultsFile = {
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, node: 'v24.0.0', platform: 'linux' },
  parts: {
    burst: {
      part: 'burst',
      measuredAt: '2030-01-02T03:04:05.000Z',
      seconds: 61.4,
      loadAverage: [1.5, 2.5],
      rows: [
        { figure: 'answered 5xx', value: 7 },
        { figure: 'answer p99 ms', value: 4321 },
      ],
      budgets: [
        { name: 'seats confirmed', limit: '= 300', value: '300', pass: true },
        { name: '5xx answers', limit: '0', value: '7', pass: false },
      ],
      notes: ['A note | with a pipe.'],
    },
  },
};

const before = `# Benchmarks\n\nIntro text.\n\nQuoted: \`${startMarker}\` in prose.\n\n${startMarker}\nNo results yet: run \`npm run bench\`.\n${endMarker}\n\n## After\n\nThe rest.\n`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bench-report-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('bench report', () => {
  it('renders every figure, budget and note of the results, and says which parts are missing', () => {
    const block = renderResults(results);
    expect(block).toContain('Measured on 2 × Test CPU, 8 GiB, Node v24.0.0.');
    expect(block).toContain('2030-01-02 03:04 UTC, 61 s, load average 1.5 → 2.5.');
    expect(block).toContain('| figure | value |');
    expect(block).toContain('| answered 5xx | 7 |');
    expect(block).toContain('| answer p99 ms | 4321 |');
    expect(block).toContain('| 5xx answers | 0 | 7 | **fail** |');
    expect(block).toContain('| seats confirmed | = 300 | 300 | pass |');
    expect(block).toContain('- A note | with a pipe.');
    expect(block).toContain('Not measured yet: `npm run bench:build`.');
  });

  it('replaces only the block between the markers on lines of their own', async () => {
    const from = path.join(dir, 'results.json');
    const to = path.join(dir, 'README.md');
    await writeFile(from, JSON.stringify(results));
    await writeFile(to, before);
    writeReport(from, to);
    const after = await readFile(to, 'utf8');
    const startAt = after.indexOf(`\n${startMarker}\n`) + 1;
    const endAt = after.indexOf(`${endMarker}\n`, startAt) + endMarker.length;
    expect(after.slice(0, startAt)).toBe(before.slice(0, before.indexOf(`\n${startMarker}\n`) + 1));
    expect(after.slice(endAt)).toBe(before.slice(before.indexOf(`${endMarker}\n`) + endMarker.length));
    expect(after).toContain('| answered 5xx | 7 |');
    expect(after).not.toContain('No results yet');
    // Running it again changes nothing.
    writeReport(from, to);
    expect(await readFile(to, 'utf8')).toBe(after);
  });

  it('says how to produce results.json when it is missing, and refuses a document without markers', () => {
    expect(() => writeReport(path.join(dir, 'missing.json'), path.join(dir, 'README.md'))).toThrow(/npm run bench/);
    expect(() => replaceBlock('# No markers\n', 'x')).toThrow(/no generated block/);
  });

  it('finds the markers in the benchmarks README', async () => {
    const readme = await readFile(readmeFile, 'utf8');
    expect(replaceBlock(readme, 'x')).toContain(`${startMarker}\nx\n${endMarker}`);
  });
});
