/**
 * Build: `astro build` of the site over generated content (the sample events,
 * profiles and funds, and 1,000, 5,000 and 10,000 stories), each in a fresh
 * Node 24 process with Node's default heap: seconds, peak memory, pages and
 * cost per page; and the same content built by a bare Astro project with one
 * page template, the reference for what our pages add. BENCH_STORIES=200,500
 * measures other sizes (a quick look while working on the build).
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { node24, workDir } from './lib/paths';
import { round, runPart, type Row } from './lib/results';
import { astroBuild, bareSite, ourSite, writeContent } from './lib/sites';

const sizes = (process.env.BENCH_STORIES ?? '1000,5000,10000').split(',').map(Number);
const ratioBudget = 2;

/** Seconds of the phases Astro reports: content sync and types, rendering the pages, optimising images. */
function phases(log: string): Row {
  // Astro writes "812ms", "9.84s" or "1m 42s".
  const seconds = (match: RegExpMatchArray | null) => (match ? round(Number(match[1] ?? 0) * 60 + Number(match[2]) / (match[3] === 'ms' ? 1000 : 1), 1) : null);
  const duration = '(?:(\\d+)m\\s*)?([\\d.]+)(ms|s)';
  const after = (heading: string) => seconds(log.slice(log.indexOf(heading)).match(new RegExp(`Completed in ${duration}`)));
  return {
    'sync s': seconds(log.match(new RegExp(`\\[types\\] Generated ${duration}`))),
    'pages s': log.includes('generating static routes') ? after('generating static routes') : null,
    'images s': log.includes('generating optimized images') ? after('generating optimized images') : null,
    // Pagefind logs no duration: the clock times (whole seconds) of the lines around it.
    'search index s': clockSeconds(log, /\[build\] ✓ Completed in/, /\[pagefind-index\] search index/),
  };
}

function clockSeconds(log: string, from: RegExp, to: RegExp): number | null {
  const at = (pattern: RegExp) => {
    const line = log
      .split('\n')
      .find((l) => pattern.test(l))
      ?.match(/(\d\d):(\d\d):(\d\d)/);
    return line ? Number(line[1]) * 3600 + Number(line[2]) * 60 + Number(line[3]) : undefined;
  };
  const start = at(from);
  const end = at(to);
  return start === undefined || end === undefined ? null : (end - start + 86_400) % 86_400;
}

export function runBuild() {
  return runPart('build', async () => {
    const heapLimitMiB = Number(execFileSync(node24, ['-p', 'Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20)'], { env: { PATH: process.env.PATH } }).toString());
    const rows: Row[] = [];
    let last: { stories: number; ratio: number; ours: number; bare: number } | undefined;
    for (const size of sizes) {
      const dir = path.join(workDir, `build-${size}`);
      rmSync(dir, { recursive: true, force: true });
      const oursRoot = path.join(dir, 'ours');
      const { stories } = writeContent(oursRoot, size - writeContent.sampleCount());
      const ours = await astroBuild(ourSite(oursRoot));
      writeFileSync(path.join(dir, 'ours.log'), ours.output);
      const bare = await astroBuild(bareSite(path.join(dir, 'bare'), path.join(oursRoot, 'content')));
      writeFileSync(path.join(dir, 'bare.log'), bare.output);
      // Keep the logs, drop the sites (10,000 stories make hundreds of MB).
      for (const sub of ['ours', 'bare']) rmSync(path.join(dir, sub), { recursive: true, force: true });
      const ratio = ours.seconds / bare.seconds;
      for (const [site, run] of [
        ['ours', ours],
        ['bare Astro', bare],
      ] as const) {
        rows.push({
          stories,
          site,
          pages: run.pages,
          seconds: round(run.seconds, 1),
          'ms per page': round((run.seconds * 1000) / run.pages, 2),
          'peak MiB': run.peakMiB,
          'ours / bare': site === 'ours' ? round(ratio, 2) : null,
          ...phases(run.output),
        });
      }
      last = { stories, ratio, ours: ours.seconds, bare: bare.seconds };
    }
    return {
      rows,
      budgets: last
        ? [
            {
              name: `build of ${last.stories} stories vs bare Astro`,
              limit: `< ${ratioBudget}×`,
              value: `${round(last.ratio, 2)}× (${round(last.ours, 1)} s / ${round(last.bare, 1)} s)`,
              pass: last.ratio < ratioBudget,
            },
          ]
        : [],
      notes: [
        `Node's default heap (limit ${heapLimitMiB} MiB on this machine); peak memory is the largest resident set of the build or its children (GNU time).`,
        "Ours: every page type, the stories index, tag pages, feeds, sitemap, calendars, the Pagefind index and the content checks, over the sample events, profiles and funds plus generated stories (the sample stories' bodies, tags, alumni and images under new titles and dates). Bare: one template rendering each story, event and profile.",
        "Generated stories reuse the sample images, so image processing is the sample's (each size of each image is made once).",
        'sync = content layer sync and type generation; pages = rendering every page (Astro\'s "generating static routes"); search index = Pagefind over the built pages (±1 s); the rest of the seconds are the content checks before, and the client bundle, sitemap and Pagefind index after. Build logs: test/bench/.work/build-<stories>/{ours,bare}.log.',
      ],
    };
  });
}
