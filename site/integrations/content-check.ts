/**
 * Runs the content checks (site/content-check/) inside Astro, so `astro build`
 * fails on the same findings as `npm run content:check`, with every problem
 * listed at once, and before Astro's own schema errors. In a build the checks
 * run in a worker thread while Astro syncs the content (both read every file,
 * each on its own core); the build waits for them before rendering, and a
 * collection that fails to load waits for them too and fails with their report
 * (content-check/before-sync-errors.ts). In `astro dev` the findings are logged
 * instead, and again whenever a file under content/ changes.
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { AstroError } from 'astro/errors';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { setPendingCheck } from '../content-check/before-sync-errors';
import { checkContent, formatFinding, projectRoot, summary, type CheckOptions, type CheckResult } from '../content-check/index';
import type { Finding } from '../content-check/finding';

const hint = 'Each line names the file and line, the field, what is wrong and what to write. `npm run content:check` lists them again; content/EDITORS.md explains every field.';

/** @param options where the content is: the project's own by default (tests point it elsewhere) */
export function contentCheck(options: CheckOptions = {}): AstroIntegration {
  let checked: Promise<CheckResult> | undefined;
  return {
    name: 'content-check',
    hooks: {
      'astro:config:setup': async ({ command, logger }) => {
        if (command === 'build') {
          checked = checkInWorker(options);
          setPendingCheck(checked.then(({ findings }) => (findings.length > 0 ? buildError(findings) : undefined)));
        } else if (command === 'dev') await report(logger, options);
      },
      'astro:build:start': async ({ logger }) => {
        if (!checked) return;
        const { findings, fileCount } = await checked;
        if (findings.length > 0) throw buildError(findings);
        logger.info(`${fileCount} content files OK`);
      },
      'astro:server:setup': ({ server, logger }) => {
        const contentDir = path.join(options.root ?? projectRoot, 'content') + path.sep;
        server.watcher.add(contentDir);
        let timer: NodeJS.Timeout | undefined;
        const recheck = (file: string) => {
          if (!file.startsWith(contentDir)) return;
          clearTimeout(timer);
          timer = setTimeout(() => void report(logger, options), 150);
        };
        for (const event of ['add', 'change', 'unlink'] as const) server.watcher.on(event, recheck);
      },
    },
  };
}

const listed = (findings: readonly Finding[]) => `${findings.map(formatFinding).join('\n')}\n\ncontent: ${summary(findings)}`;

const buildError = (findings: readonly Finding[]) => new AstroError(`The content has problems to fix before the site can be built:\n\n${listed(findings)}`, hint);

async function report(logger: AstroIntegrationLogger, options: CheckOptions): Promise<void> {
  const { findings, fileCount } = await checkContent(options);
  if (findings.length === 0) logger.info(`${fileCount} content files OK`);
  else logger.warn(`\n${listed(findings)}`);
}

/** The checks in a worker thread (TypeScript through tsx, as `npm run content:check` runs them). */
function checkInWorker(options: CheckOptions): Promise<CheckResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../content-check/worker.ts', import.meta.url), { workerData: options, execArgv: ['--import', 'tsx'] });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The content checks stopped (exit code ${code}) before they finished.`)));
  });
}
