/**
 * `npm test`: Vitest, then the browser tests against `npm start`.
 *
 * The site the browser tests are served is built while Vitest runs (the `astro build` that `npm start` would
 * otherwise make first, for the same address), and `npm start` then serves that build (`SKIP_BUILD=1`). Vitest
 * leaves part of the two cores idle while its files wait on DynamoDB Local and child processes, so the build costs
 * it little, and the browser tests no longer wait for it.
 *
 * Arguments are Vitest's, e.g. `npm test -- test/api` (the browser tests still run in full).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../functions/local/ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (file: string) => path.join(root, 'node_modules', file);

/** Runs a Node script from the project's packages; resolves with its exit code and, when `quiet`, what it printed. */
function run(script: string, args: string[], env: NodeJS.ProcessEnv, quiet = false): { done: Promise<{ code: number; output: string }>; stop: () => void } {
  const child = spawn(process.execPath, [bin(script), ...args], { cwd: root, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ code: number; output: string }>((resolve) => {
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
  return { done, stop: () => child.kill('SIGTERM') };
}

// The browser tests' ports, chosen now: the build writes its address into canonical links, feeds and the sitemap.
const e2ePort = process.env.E2E_PORT ?? String(await freePort());
const env = { ...process.env, E2E_PORT: e2ePort, E2E_SES_PORT: process.env.E2E_SES_PORT ?? String(await freePort()) };

const build = run('astro/bin/astro.mjs', ['build'], { ...env, SITE_URL: `http://localhost:${e2ePort}` }, true);
const vitest = await run('vitest/vitest.mjs', ['run', '--config', 'test/vitest.config.ts', ...process.argv.slice(2)], env).done;
if (vitest.code !== 0) {
  build.stop();
  await build.done;
  process.exit(vitest.code);
}
const built = await build.done;
if (built.code !== 0) {
  process.stderr.write(`${built.output}\nThe site build for the browser tests failed (above).\n`);
  process.exit(built.code);
}
const browser = await run('@playwright/test/cli.js', ['test', '--config', 'test/playwright.config.ts'], { ...env, SKIP_BUILD: '1' }).done;
process.exit(browser.code);
