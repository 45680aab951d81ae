/**
 * Runs the content checks (site/content-check/) inside Astro, so `astro build`
 * fails on the same findings as `npm run content:check`, before Astro's own
 * schema errors, with every problem listed at once. In `astro dev` the findings
 * are logged instead, and again whenever a file under content/ changes.
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { AstroError } from 'astro/errors';
import path from 'node:path';
import { checkContent, formatFinding, projectRoot, summary, type CheckOptions } from '../content-check/index';

const hint = 'Each line names the file and line, the field, what is wrong and what to write. `npm run content:check` lists them again; content/EDITORS.md explains every field.';

/** @param options where the content is: the project's own by default (tests point it elsewhere) */
export function contentCheck(options: CheckOptions = {}): AstroIntegration {
  return {
    name: 'content-check',
    hooks: {
      'astro:config:setup': async ({ command, logger }) => {
        if (command !== 'build' && command !== 'dev') return;
        const { findings, fileCount } = await checkContent(options);
        if (findings.length === 0) {
          logger.info(`${fileCount} content files OK`);
          return;
        }
        const report = `${findings.map(formatFinding).join('\n')}\n\ncontent: ${summary(findings)}`;
        if (command === 'build') throw new AstroError(`The content has problems to fix before the site can be built:\n\n${report}`, hint);
        logger.warn(`\n${report}`);
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

async function report(logger: AstroIntegrationLogger, options: CheckOptions): Promise<void> {
  const { findings, fileCount } = await checkContent(options);
  if (findings.length === 0) logger.info(`${fileCount} content files OK`);
  else logger.warn(`\n${findings.map(formatFinding).join('\n')}\n\ncontent: ${summary(findings)}`);
}
