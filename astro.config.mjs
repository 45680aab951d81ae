// @ts-check
import { defineConfig } from 'astro/config';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';

// The public address of the site; set SITE_URL when deploying.
const site = process.env.SITE_URL ?? 'http://localhost:4321';

export default defineConfig({
  site,
  srcDir: './site',
  output: 'static',
  trailingSlash: 'always',
  integrations: [react(), sitemap()],
});
