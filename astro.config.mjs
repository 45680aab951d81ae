// @ts-check
import { defineConfig } from 'astro/config';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';
import { contentCheck } from './site/integrations/content-check.ts';
import { pagefindIndex } from './site/integrations/pagefind.ts';
import { cspDirectives, scriptSources, styleSources } from './site/security-headers.ts';

// The public address of the site; set SITE_URL when deploying.
const site = process.env.SITE_URL ?? 'http://localhost:4321';

/** Pages reached only through emailed private links: kept out of the sitemap and search engines. */
const privatePage = /\/events\/[^/]+\/(manage|rate)\/$|\/mentoring\/(respond|manage)\/$|\/newsletter\/(confirm|preferences)\/$/;

export default defineConfig({
  site,
  srcDir: './site',
  publicDir: './site/public',
  output: 'static',
  trailingSlash: 'always',
  integrations: [contentCheck(), react(), sitemap({ filter: (page) => !privatePage.test(page) }), pagefindIndex()],
  // Images come only from this repository (reviewed in pull requests), so SVG artwork may be
  // rasterised for responsive sizes and the PNG/JPEG share images that link previews need.
  image: { dangerouslyProcessSVG: true },
  // Shiki colours code with inline styles, which the CSP forbids; stories carry no code anyway.
  markdown: { syntaxHighlight: false },
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
