/**
 * Builds the site once into a temporary folder, as `npm run build` does (Astro,
 * then the Pagefind index), with a public address of our choosing so that
 * canonical URLs, feeds and the sitemap can be checked against it.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE_URL = 'https://alumni.example.edu';

export interface BuiltSite {
  dir: string;
  /** Paths of every file, relative and with forward slashes, e.g. "stories/index.html". */
  files: string[];
  read(file: string): Promise<string>;
  remove(): Promise<void>;
}

/**
 * A new, empty folder for one build's output, inside the project. Astro keeps a build's server chunks beside its
 * output, or in the project's own `.astro/` when the output is outside the working folder: two builds of the project
 * at once (two test files) would then delete each other's chunks.
 */
export async function newBuildDir(name: string): Promise<string> {
  const parent = path.join(root, 'node_modules/.cache/site-builds');
  await mkdir(parent, { recursive: true });
  return mkdtemp(path.join(parent, `${name}-`));
}

export async function buildSite(): Promise<BuiltSite> {
  const dir = await newBuildDir('alumni-site');
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dir], {
    cwd: root,
    env: { ...process.env, SITE_URL },
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
  return {
    dir,
    files,
    read: (file) => readFile(path.join(dir, file), 'utf8'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** "stories/x/index.html" → "/stories/x/"; "404.html" → "/404.html". */
export function urlPath(file: string): string {
  if (file === 'index.html') return '/';
  return file.endsWith('/index.html') ? `/${file.slice(0, -'index.html'.length)}` : `/${file}`;
}
