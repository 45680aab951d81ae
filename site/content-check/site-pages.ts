/**
 * The addresses of the site's own pages that are not content items (home,
 * /mentoring/, /give/, feeds…), read from the file names in `site/pages/` so
 * new pages are known without a list to keep up to date. Routes with
 * [parameters] are the content items, which the links rule checks itself.
 */
import { readdir } from 'node:fs/promises';

const pageExtensions = /\.(astro|md|mdx|html)$/;
const endpointExtensions = /\.(ts|js)$/;

export async function staticPages(pagesDir: string): Promise<Set<string>> {
  const pages = new Set<string>(['/']);
  let names: string[];
  try {
    names = await readdir(pagesDir, { recursive: true });
  } catch {
    return pages;
  }
  for (const name of names) {
    const route = name.split('\\').join('/');
    if (route.includes('[') || route.split('/').some((part) => part.startsWith('_'))) continue;
    if (pageExtensions.test(route)) {
      const base = route.replace(pageExtensions, '').replace(/(^|\/)index$/, '');
      if (base !== '404' && base !== '500') pages.add(base ? `/${base}/` : '/');
    } else if (endpointExtensions.test(route)) {
      pages.add(`/${route.replace(endpointExtensions, '')}`); // events.ics.ts → /events.ics
    }
  }
  return pages;
}
