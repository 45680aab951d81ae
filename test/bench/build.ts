/**
 * Build: `astro build` of the site over generated content (the sample events,
 * profiles and funds, 10,000 stories and 2,000 more profiles), in a fresh
 * Node 24 process with Node's default heap: seconds, peak memory, pages, pages
 * per second and ms per page, Astro's phases, the CPU seconds of rendering,
 * HTML bytes per page and the Pagefind index; and the same pages built by a
 * bare Astro project (sites.ts, `bareSite`), the reference for what our pages
 * add. BENCH_STORIES=2000 or 1000,5000,10000 measures other sizes,
 * BENCH_PROFILES other numbers of generated profiles. BENCH_BUILD_PROFILE=1
 * also takes a CPU profile of both builds and notes where rendering goes, area
 * by area, ours beside bare (lib/build-profile.ts; the profiler slows both, so
 * its seconds are not the ones to hold to the budgets).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { node24, workDir } from './lib/paths';
import { areas, renderProfile } from './lib/build-profile';
import { round, runPart, type Budget, type Row } from './lib/results';
import { astroBuild, bareSite, ourSite, writeContent, type BuildRun } from './lib/sites';

const sizes = (process.env.BENCH_STORIES ?? '10000').split(',').map(Number);
const extraProfiles = Number(process.env.BENCH_PROFILES ?? '2000');
const profiling = process.env.BENCH_BUILD_PROFILE === '1';
/** Rendering the pages (Astro's "generating static routes"), ours over bare. */
const renderBudget = 2;
/** The whole build, ours over bare. */
const buildBudget = 3;
/** A published Pagefind figure to set ours beside: a Hugo site of 36,923 pages indexed in 630 s (another site, other hardware). */
const pagefindReference = { pages: 36_923, seconds: 630 };

// Astro writes "812ms", "9.84s" or "1m 42s".
const duration = '(?:(\\d+)m\\s*)?([\\d.]+)(ms|s)';
const seconds = (match: RegExpMatchArray | null) => (match ? Number(match[1] ?? 0) * 60 + Number(match[2]) / (match[3] === 'ms' ? 1000 : 1) : null);

/** Seconds of the phases Astro reports (content sync and types, rendering the pages, optimising images) and the search index our integration logs. */
export function phases(log: string): { sync: number | null; render: number | null; images: number | null; searchPages: number | null; searchSeconds: number | null } {
  const after = (heading: string) => (log.includes(heading) ? seconds(log.slice(log.indexOf(heading)).match(new RegExp(`Completed in ${duration}`))) : null);
  const search = log.match(/search index: (\d+) pages in ([\d.]+) s/);
  return {
    sync: seconds(log.match(new RegExp(`\\[types\\] Generated ${duration}`))),
    render: after('generating static routes'),
    images: after('generating optimized images'),
    searchPages: search ? Number(search[1]) : null,
    searchSeconds: search ? Number(search[2]) : null,
  };
}

function row(stories: number, profiles: number, site: string, run: BuildRun): Row {
  const p = phases(run.output);
  return {
    stories,
    profiles,
    site,
    pages: run.pages,
    seconds: round(run.seconds, 1),
    'pages/s': round(run.pages / run.seconds, 1),
    'ms per page': round((run.seconds * 1000) / run.pages, 2),
    'render s': p.render === null ? null : round(p.render, 1),
    'render ms per page': p.render === null ? null : round((p.render * 1000) / run.pages, 2),
    'render CPU s': run.renderCpuSeconds === null ? null : round(run.renderCpuSeconds, 1),
    'render CPU ms per page': run.renderCpuSeconds === null ? null : round((run.renderCpuSeconds * 1000) / run.pages, 2),
    'HTML KB per page': round(run.htmlBytes / 1024 / run.pages, 1),
    'peak MiB': run.peakMiB,
    'sync s': p.sync === null ? null : round(p.sync, 1),
    'images s': p.images === null ? null : round(p.images, 1),
    'search pages': p.searchPages,
    'search s': p.searchSeconds === null ? null : round(p.searchSeconds, 1),
    'search pages/s': p.searchPages === null || !p.searchSeconds ? null : round(p.searchPages / p.searchSeconds, 0),
  };
}

export function runBuild() {
  return runPart('build', async () => {
    const heapLimitMiB = Number(execFileSync(node24, ['-p', 'Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20)'], { env: { PATH: process.env.PATH } }).toString());
    const rows: Row[] = [];
    let last: { stories: number; ours: BuildRun; bare: BuildRun } | undefined;
    const profileNotes: string[] = [];
    for (const size of sizes) {
      const dir = path.join(workDir, `build-${size}`);
      rmSync(dir, { recursive: true, force: true });
      const profileDir = (site: string) => {
        if (!profiling) return undefined;
        const at = path.join(dir, `profile-${site}`);
        mkdirSync(at, { recursive: true });
        return at;
      };
      const oursRoot = path.join(dir, 'ours');
      const { stories, profiles } = writeContent(oursRoot, size - writeContent.sampleCount(), extraProfiles);
      // Flush the generated files to disk first: the kernel writing them back would otherwise fall in the first build.
      execFileSync('sync');
      const ours = await astroBuild(ourSite(oursRoot), { cpuProfileDir: profileDir('ours') });
      writeFileSync(path.join(dir, 'ours.log'), ours.output);
      const bare = await astroBuild(bareSite(path.join(dir, 'bare'), path.join(oursRoot, 'content')), { cpuProfileDir: profileDir('bare') });
      writeFileSync(path.join(dir, 'bare.log'), bare.output);
      // Keep the logs (and profiles), drop the sites (10,000 stories make hundreds of MB).
      for (const sub of ['ours', 'bare']) rmSync(path.join(dir, sub), { recursive: true, force: true });
      rows.push(row(stories, profiles, 'ours', ours), row(stories, profiles, 'bare Astro', bare));
      if (profiling) profileNotes.push(profileNote(stories, dir, ours, bare));
      last = { stories, ours, bare };
    }
    const budgets: Budget[] = [];
    const notes: string[] = [];
    if (last) {
      const ours = phases(last.ours.output);
      const bare = phases(last.bare.output);
      const render = ours.render !== null && bare.render ? ours.render / bare.render : null;
      budgets.push(
        {
          name: `rendering the pages of ${last.stories} stories, ours / bare Astro`,
          limit: `≤ ${renderBudget}×`,
          value: render === null ? 'not in the build log' : `${round(render, 2)}× (${round(ours.render!, 1)} s / ${round(bare.render!, 1)} s)`,
          pass: render !== null && render <= renderBudget,
        },
        {
          name: `whole build of ${last.stories} stories, ours / bare Astro`,
          limit: `≤ ${buildBudget}×`,
          value: `${round(last.ours.seconds / last.bare.seconds, 2)}× (${round(last.ours.seconds, 1)} s / ${round(last.bare.seconds, 1)} s)`,
          pass: last.ours.seconds / last.bare.seconds <= buildBudget,
        },
      );
      if (ours.searchPages !== null && ours.searchSeconds) {
        notes.push(
          `Pagefind indexed ${ours.searchPages} pages in ${round(ours.searchSeconds, 1)} s, ${round(ours.searchPages / ours.searchSeconds, 0)} pages/s. A published figure for comparison, from another site on other hardware: a Hugo site of ${pagefindReference.pages} pages in ${pagefindReference.seconds} s, about ${round(pagefindReference.pages / pagefindReference.seconds, 0)} pages/s.`,
        );
      }
    }
    if (last?.ours.renderCpuSeconds && last.bare.renderCpuSeconds) {
      notes.push(
        `Render CPU (user + system of every thread of the build while Astro renders, from /proc), ours / bare: ${round(last.ours.renderCpuSeconds / last.bare.renderCpuSeconds, 2)}×, ${round((last.ours.renderCpuSeconds * 1000) / last.ours.pages, 2)} / ${round((last.bare.renderCpuSeconds * 1000) / last.bare.pages, 2)} ms per page. CPU seconds hardly grow when other work shares the cores; the budget holds the clock seconds.`,
      );
    }
    notes.push(...profileNotes);
    notes.push(
      `Node's default heap (limit ${heapLimitMiB} MiB on this machine); peak memory is the largest resident set of the build or its children (GNU time).`,
      `Content: the sample events, profiles and funds, generated stories (the sample stories' bodies, tags, alumni and images under new titles and dates, three a day back in time) and ${extraProfiles} generated profiles (the sample profiles' bodies and photos under new names).`,
      "Ours renders four pages at a time (build.concurrency in astro.config.mjs), so a page waiting for its folder, file and CSP hashes does not hold up the next; the bare site keeps Astro's default of one.",
      'Ours: every page type (stories, events with their manage and rate pages, profiles, funds), the story lists, tag pages and lists of a person’s stories (paged), the directory, feeds, sitemap, calendars, CSP, the Pagefind index and the content checks. Bare: the same story, event and profile pages and the same paged lists with the least markup (no layout, images, structured data, CSP or integrations); its pages are counted the same way.',
      'Generated stories and profiles reuse the sample images, so image processing is the sample’s (each size of each image is made once).',
      'render = Astro\'s "generating static routes" (every page rendered and written); sync = content layer sync and type generation; images = optimised images; search = the Pagefind index over the content pages only (stories, events, profiles, funds, guidelines; listings are not indexed), as our integration logs it. The rest of the seconds are the content checks before, and the client bundle and sitemap after. Build logs: test/bench/.work/build-<stories>/{ours,bare}.log.',
    );
    return { rows, budgets, notes };
  });
}

/** A note of where rendering went, area by area, ours beside bare, from the two builds' CPU profiles. */
function profileNote(stories: number, dir: string, ours: BuildRun, bare: BuildRun): string {
  const a = renderProfile(path.join(dir, 'profile-ours'), ours.pages);
  const b = renderProfile(path.join(dir, 'profile-bare'), bare.pages);
  const lines = areas.map((area) => `${area}: ${round(a.msPerPage[area], 3)} / ${round(b.msPerPage[area], 3)}`);
  const total = (p: typeof a) => Object.values(p.msPerPage).reduce((sum, ms) => sum + ms, 0);
  return `Render profile at ${stories} stories (main thread, self time in ms per page, ours / bare; profiles in ${path.relative(process.cwd(), dir)}/profile-{ours,bare}): ${lines.join('; ')}; in all ${round(total(a), 2)} / ${round(total(b), 2)}. HTML per page ${round(ours.htmlBytes / 1024 / ours.pages, 1)} KB / ${round(bare.htmlBytes / 1024 / bare.pages, 1)} KB.`;
}
