/**
 * The local stand-in for CloudFront: one origin that serves the built site
 * from `dist/` and sends `/api/*` to the API, with the same security headers
 * CloudFront adds. Directories answer with their index.html, a directory
 * asked for without its trailing slash is redirected to it (as the site's
 * links always carry one; never to another host, as in the CloudFront
 * function), an address with a malformed escape answers 400, hashed assets
 * are cached for good, and anything else answers the site's 404 page.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { securityHeaders } from '../../site/security-headers';
import { forwardedRequest, requireBodyHash } from './body-hash';

export function createSiteServerApp(options: { distDir: string; api: Hono }): Hono {
  const { distDir, api } = options;
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(securityHeaders)) c.res.headers.set(name, value);
  });

  // The API keeps its own error boundary and 404s: hand it the whole request (writes only with their body's hash, as through CloudFront).
  app.all('/api', requireBodyHash, (c) => api.fetch(forwardedRequest(c), c.env));
  app.all('/api/*', requireBodyHash, (c) => api.fetch(forwardedRequest(c), c.env));

  app.get('*', async (c, next) => {
    const requestPath = c.req.path;
    const decoded = decodedPath(requestPath);
    if (decoded === undefined) return c.text('Bad request: the address has a malformed escape.', 400);
    if (!requestPath.endsWith('/') && !path.extname(requestPath)) {
      const dir = path.join(distDir, path.normalize(decoded));
      if (dir.startsWith(distDir) && isDirectory(dir) && existsSync(path.join(dir, 'index.html'))) {
        const query = new URL(c.req.url).search;
        return c.redirect(`${onSite(requestPath)}/${query}`, 301);
      }
    }
    return next();
  });

  const serve = serveStatic({ root: path.relative(process.cwd(), distDir) || '.' });
  app.use('*', async (c, next) => {
    const response = await serve(c, next);
    if (response && response.status < 300) {
      response.headers.set('Cache-Control', c.req.path.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
    }
    return response;
  });

  app.notFound((c) => {
    const page = path.join(distDir, '404.html');
    if (existsSync(page)) return c.html(readFileSync(page, 'utf8'), 404);
    return c.text('Not found', 404);
  });

  return app;
}

/** The path with its escapes decoded, or undefined for a malformed escape (`/%ZZ`). */
function decodedPath(p: string): string | undefined {
  try {
    return decodeURIComponent(p);
  } catch {
    return undefined;
  }
}

/** A path that stays on this site as a Location: `//host` and `/\host` name another host to a browser, so leading slashes become one. */
const onSite = (p: string) => `/${p.replace(/^[/\\\s]+/, '')}`;

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
