/**
 * A build under a base path (a pull request's preview, `BASE_PATH=/pr-123/`):
 * Astro prefixes its own assets, but links written as site addresses in
 * pages, components and editors' Markdown (`/events/reunion-2027/`) are not.
 * After the build, every root-relative address in an HTML attribute (`href`,
 * `src`, `srcset`, `action`, `poster`, and `content` of meta tags) gets the
 * base, once. Without a base path (every normal build) nothing is touched.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const attribute = /(\s(?:href|src|action|poster|content)\s*=\s*)(["'])(\/(?!\/)[^"']*)\2/gi;
const srcset = /(\ssrcset\s*=\s*)(["'])([^"']*)\2/gi;

/** `html` with every root-relative address under `base` ("/pr-123/"). */
export function withBase(html: string, base: string): string {
  const prefix = base.replace(/\/$/, '');
  const add = (url: string) => (url === prefix || url.startsWith(`${prefix}/`) ? url : `${prefix}${url}`);
  return html
    .replace(attribute, (_, before: string, quote: string, url: string) => `${before}${quote}${add(url)}${quote}`)
    .replace(
      srcset,
      (_, before: string, quote: string, list: string) => `${before}${quote}${list.replace(/(^|,\s*)(\/(?!\/)[^\s,]+)/g, (__, sep: string, url: string) => `${sep}${add(url)}`)}${quote}`,
    );
}

export function basePath(): AstroIntegration {
  let base = '/';
  return {
    name: 'base-path',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': async ({ dir }) => {
        if (base === '/' || base === '') return;
        const root = fileURLToPath(dir);
        const files = (await readdir(root, { recursive: true })).filter((name) => name.endsWith('.html'));
        await Promise.all(
          files.map(async (name) => {
            const file = path.join(root, name);
            await writeFile(file, withBase(await readFile(file, 'utf8'), base));
          }),
        );
      },
    },
  };
}
