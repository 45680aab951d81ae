// @ts-check
import { defineConfig } from 'astro/config';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';
import { basePath } from './site/integrations/base-path.ts';
import { clientNear } from './site/integrations/client-near.ts';
import { contentCheck } from './site/integrations/content-check.ts';
import { pagefindIndex } from './site/integrations/pagefind.ts';
import { privatePage } from './site/private-pages.ts';
import { cspDirectives, scriptSources, styleSources } from './site/security-headers.ts';

// The public address of the site; set SITE_URL when deploying.
const site = process.env.SITE_URL ?? 'http://localhost:4321';
// A preview of a pull request is served under /pr-<number>/ (.github/workflows/preview.yml); every other build at /.
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  site,
  base,
  srcDir: './site',
  publicDir: './site/public',
  output: 'static',
  trailingSlash: 'always',
  integrations: [contentCheck(), clientNear(), react(), sitemap({ filter: (page) => !privatePage.test(page) }), pagefindIndex(), basePath()],
  // Images come only from this repository (reviewed in pull requests), so SVG artwork may be
  // rasterised for responsive sizes and the PNG/JPEG share images that link previews need.
  image: { dangerouslyProcessSVG: true },
  // Shiki colours code with inline styles, which the CSP forbids; stories carry no code anyway.
  markdown: { syntaxHighlight: false },
  // Pages are rendered four at a time: each page waits for its folder, its file and its CSP hashes to be
  // written or made off the main thread, and the next pages render meanwhile (same pages, less waiting).
  // Stylesheets are files, never inlined: a reader's browser keeps each one for every page that uses it, and
  // Astro hashes a page's inline styles again for every page it renders (the same styles on 10,000 story pages).
  build: { concurrency: 4, inlineStylesheets: 'never' },
  security: {
    // A per-page CSP <meta> with the hash of every inline script and style; the
    // header in site/security-headers.ts adds what a meta policy cannot carry.
    csp: {
      directives: /** @type {any} */ (Object.entries(cspDirectives).map(([name, sources]) => `${name} ${sources.join(' ')}`)),
      scriptDirective: { resources: [...scriptSources] },
      styleDirective: { resources: [...styleSources] },
    },
  },
});
