/** robots.txt: everything public may be crawled except the private-link pages; points at the sitemap. */
import type { APIRoute } from 'astro';

export const GET: APIRoute = ({ site }) => {
  const base = site ?? new URL('http://localhost:4321');
  const body = [
    'User-agent: *',
    'Allow: /',
    'Disallow: /events/*/manage/',
    'Disallow: /mentoring/respond/',
    'Disallow: /mentoring/manage/',
    'Disallow: /api/',
    '',
    `Sitemap: ${new URL('/sitemap-index.xml', base).href}`,
    '',
  ].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
