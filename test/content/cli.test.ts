/**
 * The commands editors run and the build: `npm run content:check` prints one
 * line per finding and fails, `npm run new` explains itself, and `astro build`
 * stops on bad content with the same findings.
 */
import { execFile } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../site/content-check/index';
import { change, contentRoot, event, removeRoots, story } from './fixtures';

afterAll(removeRoots);

const run = async (args: string[], cwd = projectRoot) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};
const tsx = path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs');
const badFiles = {
  'content/events/spring-reunion.md': change(event, 'capacity: 40', 'capacity: lots'),
  'content/stories/first-story.md': change(story, 'profiles: [ada-obi]', 'profiles: [ada-obbi]'),
};

describe('npm run content:check', () => {
  it('prints each finding as file:line  field  what is wrong  what to write, and exits 1', async () => {
    const root = await contentRoot(badFiles);
    const { code, stdout, stderr } = await run([tsx, 'site/content-check/cli.ts', root]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'content/events/spring-reunion.md:11  capacity  "lots" is not a whole number  write the capacity as a whole number, e.g. 120, or leave it out for unlimited',
      'content/stories/first-story.md:7  profiles[0]  "ada-obbi" is not a profile (no content/profiles/ada-obbi.md)  did you mean "ada-obi"? write the file name of an existing profile without .md, or add the profile first',
    ]);
    expect(lines.at(-1)).toMatch(/^content: 2 problems in 2 files \(\d+ files checked in \d+ ms\)/);
  });

  it('says all is well and exits 0 on good content', async () => {
    const { code, stdout } = await run([tsx, 'site/content-check/cli.ts', await contentRoot()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^content: 6 files OK \(1 events, 1 funds, 1 pages, 2 profiles, 1 stories\) in \d+ ms/);
  });
});

describe('npm run new', () => {
  it('explains its usage when the kind or title is missing, and writes nothing', async () => {
    const { code, stderr } = await run([tsx, 'site/scaffold/new-item.ts', 'story']);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: npm run new -- story|event|profile|fund "Title"');
  });
});

describe('astro build', () => {
  /** Builds the project's site over the content in `root`, as the benchmarks do: its config, with content/ read from `root`. */
  const buildOver = async (root: string) => {
    const file = (p: string) => JSON.stringify(pathToFileURL(path.join(projectRoot, p)).href);
    await writeFile(
      path.join(root, 'astro.config.mjs'),
      `import base from ${file('astro.config.mjs')};\nimport { contentCheck } from ${file('site/integrations/content-check.ts')};\n` +
        `export default { ...base, srcDir: ${JSON.stringify(path.join(projectRoot, 'site'))}, publicDir: ${JSON.stringify(path.join(projectRoot, 'site/public'))}, cacheDir: './.astro-cache', vite: { cacheDir: './.vite-cache' }, ` +
        `integrations: base.integrations.map((i) => (i.name === 'content-check' ? contentCheck({ root: ${JSON.stringify(root)} }) : i)) };\n`,
    );
    await symlink(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    const { code, stdout, stderr } = await run([path.join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'build'], root);
    return { code, output: stdout + stderr };
  };

  it('fails on bad content with every finding, naming the file, the line, the field and the fix, before any error of its own', async () => {
    // The capacity fails the collection's schema while Astro loads the content, as the checks run beside it.
    const { code, output } = await buildOver(await contentRoot(badFiles));
    expect(code).not.toBe(0);
    expect(output).toContain('The content has problems to fix before the site can be built');
    expect(output).toContain('content/events/spring-reunion.md:11  capacity  "lots" is not a whole number  write the capacity as a whole number');
    expect(output).toContain('content/stories/first-story.md:7  profiles[0]  "ada-obbi" is not a profile');
    expect(output).toContain('content: 2 problems in 2 files');
    expect(output).not.toMatch(/InvalidContentEntryDataError|does not match collection schema/);
  });

  it('fails on a problem only the checks find, once the content has loaded', async () => {
    const { code, output } = await buildOver(await contentRoot({ 'content/stories/first-story.md': badFiles['content/stories/first-story.md'] }));
    expect(code).not.toBe(0);
    expect(output).toContain('content/stories/first-story.md:7  profiles[0]  "ada-obbi" is not a profile');
    expect(output).toContain('content: 1 problem in 1 file');
    expect(output).not.toContain('generating static routes');
  });
});
