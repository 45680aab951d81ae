/**
 * Sites to build for the benchmarks, each in its own folder under
 * test/bench/.work/ (own dist/, own Astro cache, nothing shared with the
 * project's dist/ or other people's builds):
 *
 * - `ourSite`: the project's Astro config and every file of `site/`, reading
 *   `content/` from the folder instead of the project's. Only the content
 *   check is pointed at that folder; every other integration (React, sitemap,
 *   Pagefind, CSP) runs as in `npm run build`.
 * - `bareSite`: a bare Astro project with one page template that renders each
 *   story, event and profile, over the same content: the reference for what
 *   our pages add.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
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

/** A bare Astro project, one page template, reading the content in `contentDir`; returns its root. */
export function bareSite(dir: string, contentDir: string): string {
  mkdirSync(path.join(dir, 'src/pages/[collection]'), { recursive: true });
  const base = path.relative(dir, contentDir).split(path.sep).join('/');
  writeFileSync(
    path.join(dir, 'astro.config.mjs'),
    `import { defineConfig } from 'astro/config';\nexport default defineConfig({ site: 'http://localhost:4321', output: 'static', trailingSlash: 'always' });\n`,
  );
  writeFileSync(
    path.join(dir, 'src/content.config.ts'),
    `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

const from = (name: string) => defineCollection({ loader: glob({ base: '${base}/' + name, pattern: '**/[^_]*.md' }) });
export const collections = { stories: from('stories'), events: from('events'), profiles: from('profiles') };
`,
  );
  writeFileSync(
    path.join(dir, 'src/pages/[collection]/[slug].astro'),
    `---
import { getCollection, render } from 'astro:content';

export async function getStaticPaths() {
  const names = ['stories', 'events', 'profiles'] as const;
  const pages = await Promise.all(names.map(async (collection) => (await getCollection(collection)).map((entry) => ({ params: { collection, slug: entry.id }, props: { entry } }))));
  return pages.flat();
}
const { entry } = Astro.props;
const { Content } = await render(entry);
const title = String(entry.data.title ?? entry.data.name ?? entry.id);
---
<html lang="en">
  <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width" /><title>{title}</title></head>
  <body><main><h1>{title}</h1><Content /></main></body>
</html>
`,
  );
  return dir;
}

export interface BuildRun extends ProcessRun {
  pages: number;
}

/** `astro build` of the project at `root` in a fresh Node 24 process with Node's default heap. */
export async function astroBuild(root: string): Promise<BuildRun> {
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  rmSync(path.join(root, 'node_modules'), { recursive: true, force: true });
  rmSync(path.join(root, '.astro'), { recursive: true, force: true });
  const run = await runMeasured(node24, [astroCli, 'build', '--root', root], { cwd: root, env: cleanEnv({ ASTRO_TELEMETRY_DISABLED: '1' }) });
  if (run.exitCode !== 0) throw new Error(`astro build in ${root} failed (exit ${run.exitCode}):\n${run.tail}`);
  return { ...run, pages: countFiles(path.join(root, 'dist'), '.html') };
}

export function countFiles(dir: string, extension: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) count += countFiles(full, extension);
    else if (entry.name.endsWith(extension) && statSync(full).isFile()) count++;
  }
  return count;
}
