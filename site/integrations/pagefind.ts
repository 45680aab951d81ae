/**
 * Builds the Pagefind search index into dist/pagefind/ right after `astro build`,
 * so `npm run build` alone produces a searchable site.
 *
 * Only what people search is indexed: the content pages (stories, events,
 * profiles, funds and the content pages such as the mentoring guidelines), whose
 * layout marks their main content `data-pagefind-body`. Listings (the home page,
 * the story lists and their pages, tag pages, a profile's list of stories, the
 * directory) and private-link pages are not: Pagefind is given only the folders
 * content pages live in (`searchGlob`), and within them drops every page without
 * `data-pagefind-body` (a paged list such as /stories/2/). It logs how many pages
 * it indexed and how long the index took.
 */
import type { AstroIntegration } from 'astro';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

/**
 * The built files that may be content pages: one folder below each content
 * section (a story, event, profile or fund by its slug) and the guidelines.
 * Deeper pages (a tag's pages, a profile's list of stories, an event's manage
 * and rate pages) and the sections' own lists are not given to Pagefind.
 */
export const searchGlob = '{{stories,events,profiles,funds}/*/index.html,mentoring/guidelines/index.html}';

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'pagefind-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const outDir = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        try {
          const added = await index.addDirectory({ path: outDir, glob: searchGlob });
          if (added.errors.length > 0) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
          const read = performance.now();
          const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
          if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
          const seconds = (performance.now() - started) / 1000;
          // Pagefind's count is of the files it read; the index's own entry file counts the pages it holds.
          const entry = JSON.parse(await readFile(path.join(outDir, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
          const indexed = Object.values(entry.languages).reduce((n, language) => n + language.page_count, 0);
          const readSeconds = (read - started) / 1000;
          logger.info(
            `search index: ${indexed} pages in ${seconds.toFixed(2)} s (${added.page_count} files read in ${readSeconds.toFixed(2)} s, the index written in ${(seconds - readSeconds).toFixed(2)} s)`,
          );
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
