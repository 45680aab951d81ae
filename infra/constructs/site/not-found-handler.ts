/**
 * The site's "page not found" answer. CloudFront asks this function when the
 * bucket has no object for an address (origin failover on 403/404), so a
 * reader gets the site's own 404 page with a real 404 status, while the API's
 * own 403 and 404 answers pass through untouched (CloudFront's custom error
 * pages would replace those too: they apply to the whole distribution).
 *
 * The page is the build's 404.html, copied next to this handler when it is
 * bundled, so each deploy ships the page of its own build.
 */
import { readFileSync } from 'node:fs';

const fallbackPage = '<!doctype html><html lang="en"><meta charset="utf-8"><title>Page not found</title><h1>Page not found</h1><p><a href="/">Go to the home page</a></p></html>';

function loadPage(): string {
  try {
    return readFileSync(new URL('./404.html', import.meta.url), 'utf8');
  } catch {
    return fallbackPage;
  }
}

const page = loadPage();

export const handler = async () => ({
  statusCode: 404,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
  body: page,
});
