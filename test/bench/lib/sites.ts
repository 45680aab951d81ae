/**
 * Sites to build for the benchmarks, each in its own folder under
 * test/bench/.work/ (own dist/, own Astro cache, nothing shared with the
 * project's dist/ or other people's builds):
 *
 * - `ourSite`: the project's Astro config and every file of `site/`, reading
 *   `content/` from the folder instead of the project's. Only the content
 *   check is pointed at that folder; every other integration (React, sitemap,
 *   Pagefind, CSP) runs as in `npm run build`.
 * - `bareSite`: a bare Astro project that renders the same story, event and
 *   profile pages and the same paged story lists with the least markup, over
 *   the same content: the reference for what our pages add.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { PROFILE_STORIES, STORIES_PER_PAGE } from '../../../site/consts';
import { splitFrontMatter } from '../../../site/manifest/read-content';
import { astroCli, node24, repoRoot } from './paths';
import { cleanEnv, runMeasured, type ProcessRun } from './measure-process';

/**
 * Copies the project's content/ into `dir/content` and adds `extraStories`
 * stories made from the sample stories (their bodies, tags, featured alumni
 * and images, under new titles and dates), so every page type grows as it
 * would on a site with that many stories; and `extraProfiles` profiles made
 * from the sample profiles (see `writeProfiles`).
 */
export function writeContent(dir: string, extraStories: number, extraProfiles = 0): { stories: number; profiles: number } {
  if (extraStories < 0) throw new Error('extraStories must be 0 or more');
  const content = path.join(dir, 'content');
  cpSync(path.join(repoRoot, 'content'), content, { recursive: true, filter: (source) => !source.endsWith('EDITORS.md') });
  const storiesDir = path.join(content, 'stories');
  const samples = readdirSync(storiesDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const split = splitFrontMatter(readFileSync(path.join(storiesDir, file), 'utf8'));
      if (!split) throw new Error(`no front matter in ${file}`);
      return { data: yaml.load(split.yaml) as Record<string, unknown>, body: split.body };
    })
    .filter((s) => s.data.draft !== true);
  const firstDay = Date.UTC(2026, 0, 1);
  for (let i = 1; i <= extraStories; i++) {
    const sample = samples[i % samples.length]!;
    const title = String(sample.data.title).slice(0, 90);
    const data = {
      ...sample.data,
      title: `${title} (${i})`,
      // Three stories a day, going back in time: a long-running magazine.
      date: new Date(firstDay - Math.floor(i / 3) * 86_400_000).toISOString().slice(0, 10),
      featured: false,
    };
    const frontMatter = yaml.dump(data, { lineWidth: 200 }).replace(/^date: .*$/m, `date: ${data.date}`);
    writeFileSync(path.join(storiesDir, `generated-${String(i).padStart(5, '0')}.md`), `---\n${frontMatter}---\n${sample.body}`);
  }
  return { stories: samples.length + extraStories, profiles: writeProfiles(content, extraProfiles) };
}

/**
 * Adds `extra` profiles to `content/profiles`, each a sample profile's body,
 * photo and degree under a new name, with its industry, place, class year and
 * mentoring offer drawn from the other samples in different strides, so every
 * filter of the directory has many values and many combinations. Returns the
 * number of profiles in all.
 */
function writeProfiles(content: string, extra: number): number {
  if (extra < 0) throw new Error('extraProfiles must be 0 or more');
  const profilesDir = path.join(content, 'profiles');
  const samples = readdirSync(profilesDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const split = splitFrontMatter(readFileSync(path.join(profilesDir, file), 'utf8'));
      if (!split) throw new Error(`no front matter in ${file}`);
      return { data: yaml.load(split.yaml) as Record<string, unknown>, body: split.body };
    });
  const pick = (i: number, stride: number) => samples[(i * stride) % samples.length]!.data;
  for (let i = 1; i <= extra; i++) {
    const sample = samples[i % samples.length]!;
    const place = pick(i, 5);
    const work = pick(i, 3);
    const data: Record<string, unknown> = {
      ...sample.data,
      name: `${String(sample.data.name)} ${i}`,
      classYear: 1975 + ((i * 7) % 52),
      industry: work.industry,
      role: work.role,
      organization: work.organization,
      city: place.city,
      country: place.country,
      languages: place.languages,
      tags: work.tags ?? [],
    };
    // About one in four offers mentoring, on the topics of another sample.
    const offer = pick(i, 11).mentor as Record<string, unknown> | undefined;
    if (i % 4 === 0 && offer) data.mentor = { ...offer, available: i % 8 === 0 };
    else delete data.mentor;
    writeFileSync(path.join(profilesDir, `generated-${String(i).padStart(5, '0')}.md`), `---\n${yaml.dump(data, { lineWidth: 200 })}---\n${sample.body}`);
  }
  return samples.length + extra;
}

/** How many published stories the project's own content has (generated stories come on top). */
writeContent.sampleCount = (): number =>
  readdirSync(path.join(repoRoot, 'content/stories')).filter((f) => f.endsWith('.md') && !/^draft:\s*true\s*$/m.test(readFileSync(path.join(repoRoot, 'content/stories', f), 'utf8'))).length;

/** The project's site over the content in `dir/content`; returns the Astro root. */
export function ourSite(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const abs = (p: string) => JSON.stringify(path.join(repoRoot, p));
  writeFileSync(
    path.join(dir, 'astro.config.mjs'),
    `// Generated by test/bench: the project's config with content/ read from this folder.
import base from ${abs('astro.config.mjs')};
import { contentCheck } from ${abs('site/integrations/content-check.ts')};

export default {
  ...base,
  srcDir: ${abs('site')},
  publicDir: ${abs('site/public')},
  integrations: base.integrations.map((i) => (i.name === 'content-check' ? contentCheck({ root: ${JSON.stringify(dir)} }) : i)),
};
`,
  );
  return dir;
}

/**
 * A bare Astro project over the content in `contentDir`: the same pages as
 * ours with the least markup (no layout, images, structured data, CSP or
 * integrations), so its rendering is the reference for ours page for page. A
 * page per story, event and profile (its Markdown rendered under its title),
 * and the paged lists ours has: /stories/ and its pages, each tag's pages, and
 * the list of stories of each person featured in more than their profile page
 * shows (titles and links, newest first). Returns its root.
 */
export function bareSite(dir: string, contentDir: string): string {
  rmSync(path.join(dir, 'src'), { recursive: true, force: true });
  const base = path.relative(dir, contentDir).split(path.sep).join('/');
  const files: Record<string, string> = {
    'astro.config.mjs': `import { defineConfig } from 'astro/config';\nexport default defineConfig({ site: 'http://localhost:4321', output: 'static', trailingSlash: 'always' });\n`,
    'src/content.config.ts': `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

const from = (name: string) => defineCollection({ loader: glob({ base: '${base}/' + name, pattern: '**/[^_]*.md' }) });
export const collections = { stories: from('stories'), events: from('events'), profiles: from('profiles') };
`,
    'src/lib.ts': `import { getCollection } from 'astro:content';

export const PER_PAGE = ${STORIES_PER_PAGE};
export const PROFILE_STORIES = ${PROFILE_STORIES};
const time = (value: unknown) => new Date(value as string).getTime();
export async function stories() {
  const all = await getCollection('stories', (s) => s.data.draft !== true);
  return all.sort((a, b) => time(b.data.date) - time(a.data.date) || a.id.localeCompare(b.id));
}
export function groups(all: Awaited<ReturnType<typeof stories>>, field: 'tags' | 'profiles') {
  const map = new Map<string, typeof all>();
  for (const s of all) for (const key of new Set((s.data[field] ?? []) as string[])) map.set(key, [...(map.get(key) ?? []), s]);
  return map;
}
`,
    'src/Page.astro': `---
const { title } = Astro.props;
---
<html lang="en">
  <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width" /><title>{title}</title></head>
  <body><main><h1>{title}</h1><slot /></main></body>
</html>
`,
    'src/List.astro': `---
const { page } = Astro.props;
---
<ul>{page.data.map((s) => <li><a href={\`/stories/\${s.id}/\`}>{String(s.data.title)}</a></li>)}</ul>
<nav>{page.url.prev && <a rel="prev" href={page.url.prev}>Newer</a>} {page.url.next && <a rel="next" href={page.url.next}>Older</a>}</nav>
`,
    'src/pages/[collection]/[slug].astro': `---
import { getCollection, render } from 'astro:content';
import Page from '../../Page.astro';

export async function getStaticPaths() {
  const names = ['stories', 'events', 'profiles'] as const;
  const pages = await Promise.all(names.map(async (collection) => (await getCollection(collection, (e) => e.data.draft !== true)).map((entry) => ({ params: { collection, slug: entry.id }, props: { entry } }))));
  return pages.flat();
}
const { entry } = Astro.props;
const { Content } = await render(entry);
---
<Page title={String(entry.data.title ?? entry.data.name ?? entry.id)}><Content /></Page>
`,
    'src/pages/stories/[...page].astro': `---
import { PER_PAGE, stories } from '../../lib';
import Page from '../../Page.astro';
import List from '../../List.astro';

export async function getStaticPaths({ paginate }) {
  return paginate(await stories(), { pageSize: PER_PAGE });
}
const { page } = Astro.props;
---
<Page title={\`Stories, page \${page.currentPage}\`}><List page={page} /></Page>
`,
    'src/pages/stories/tags/[tag]/[...page].astro': `---
import { groups, PER_PAGE, stories } from '../../../../lib';
import Page from '../../../../Page.astro';
import List from '../../../../List.astro';

export async function getStaticPaths({ paginate }) {
  return [...groups(await stories(), 'tags')].flatMap(([tag, list]) => paginate(list, { params: { tag }, pageSize: PER_PAGE }));
}
const { page } = Astro.props;
---
<Page title={\`\${Astro.params.tag}, page \${page.currentPage}\`}><List page={page} /></Page>
`,
    'src/pages/profiles/[slug]/stories/[...page].astro': `---
import { groups, PER_PAGE, PROFILE_STORIES, stories } from '../../../../lib';
import Page from '../../../../Page.astro';
import List from '../../../../List.astro';

export async function getStaticPaths({ paginate }) {
  return [...groups(await stories(), 'profiles')].filter(([, list]) => list.length > PROFILE_STORIES).flatMap(([slug, list]) => paginate(list, { params: { slug }, pageSize: PER_PAGE }));
}
const { page } = Astro.props;
---
<Page title={\`Stories featuring \${Astro.params.slug}, page \${page.currentPage}\`}><List page={page} /></Page>
`,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

export interface BuildRun extends ProcessRun {
  pages: number;
  /** Bytes of all the HTML pages built. */
  htmlBytes: number;
  /** CPU seconds (user + system, every thread) of Astro's "generating static routes", read from /proc; null where it cannot be read. */
  renderCpuSeconds: number | null;
}

/**
 * `astro build` of the project at `root` in a fresh Node 24 process with Node's default heap.
 * With `cpuProfileDir`, Node writes a CPU profile of the build there (`--cpu-prof`).
 */
export async function astroBuild(root: string, options: { cpuProfileDir?: string | undefined } = {}): Promise<BuildRun> {
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  rmSync(path.join(root, 'node_modules'), { recursive: true, force: true });
  rmSync(path.join(root, '.astro'), { recursive: true, force: true });
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const run = await runMeasured(node24, [...profile, astroCli, 'build', '--root', root], {
    cwd: root,
    env: cleanEnv({ ASTRO_TELEMETRY_DISABLED: '1' }),
    marks: [/generating static routes/, /Completed in/],
  });
  if (run.exitCode !== 0) throw new Error(`astro build in ${root} failed (exit ${run.exitCode}):\n${run.tail}`);
  const [start, end] = run.cpuAtMarks;
  const html = filesEnding(path.join(root, 'dist'), '.html');
  return { ...run, pages: html.length, htmlBytes: html.reduce((sum, file) => sum + statSync(file).size, 0), renderCpuSeconds: start != null && end != null ? end - start : null };
}

/** Every file under `dir` whose name ends with `extension`. */
function filesEnding(dir: string, extension: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesEnding(full, extension, found);
    else if (entry.name.endsWith(extension) && entry.isFile()) found.push(full);
  }
  return found;
}
