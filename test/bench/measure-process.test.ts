/**
 * The build benchmark reads Astro's CPU seconds when its log first shows each
 * mark (rendering starts, rendering ends), so the phase's CPU is known. The
 * marks must be found in order, each only after the one before it, also when
 * one is split between two chunks of output, and without searching again
 * what was searched already.
 */
import { describe, expect, it } from 'vitest';
import { markFinder } from './lib/measure-process';

const marks = [/generating static routes/, /Completed in/];

describe('markFinder', () => {
  it('finds the marks in order: a later mark seen before an earlier one does not count', () => {
    const find = markFinder(marks);
    expect(find('[build] Completed in 0.1s.\n')).toEqual([]);
    expect(find(' generating static routes \n')).toEqual([0]);
    expect(find('  /a/index.html\n')).toEqual([]);
    expect(find('✓ Completed in 0.3s.\n')).toEqual([1]);
    expect(find('[build] Completed in 0.4s.\n')).toEqual([]);
  });

  it('finds a mark split between two chunks', () => {
    const find = markFinder(marks);
    expect(find('log line\n generating sta')).toEqual([]);
    expect(find('tic routes \n')).toEqual([0]);
    expect(find('✓ Compl')).toEqual([]);
    expect(find('eted in 0.3s.\n')).toEqual([1]);
  });

  it('finds both marks in one chunk', () => {
    expect(markFinder(marks)('generating static routes\n/a/\nCompleted in 1s\n')).toEqual([0, 1]);
  });

  it('searches only what is new (and a short overlap), however long the output grows', () => {
    let searched = 0;
    // A mark that counts the characters each search is given, and never matches.
    const counting = { exec: (text: string) => ((searched += text.length), null) } as unknown as RegExp;
    const find = markFinder([counting]);
    const line = `  /stories/${'x'.repeat(60)}/index.html (+3ms)\n`;
    for (let i = 0; i < 10_000; i++) find(line);
    // Each search sees its own line and at most the 1,000 characters kept from before: not all 800 KB so far.
    expect(searched).toBeLessThanOrEqual(10_000 * (line.length + 1_000));
  });
});
