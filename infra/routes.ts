/**
 * Which function answers which part of `/api` (the HTTP API contract), as
 * CloudFront cache behaviours on the site's own origin: no CORS, one address.
 * CloudFront takes the first pattern that matches, in this order, so the more
 * specific patterns come first; `*` matches any characters, `/` included.
 */

/** The HTTP functions, one per concern (functions/<name>/handler.ts). */
export const apiFunctionNames = ['registrations', 'mentoring', 'donations', 'newsletter'] as const;
export type ApiFunctionName = (typeof apiFunctionNames)[number];

/**
 * `no-store`: nothing is cached at the edge (every write, anything personal).
 * `short`: the function's own `Cache-Control: max-age` of a few seconds is
 * honoured (availability, who's coming and fund progress), capped at 10 seconds.
 */
export type ApiCaching = 'no-store' | 'short';

export interface ApiRoute {
  readonly pathPattern: string;
  readonly target: ApiFunctionName;
  readonly caching: ApiCaching;
  /**
   * CloudFront calls this path unsigned, on a function of the concern that
   * answers only it (infra/constructs/newsletter-sending.ts): the one-click
   * unsubscribe (RFC 8058), which mail providers post without the body hash
   * a signed call to Lambda needs.
   */
  readonly unsigned?: true;
}

export const apiRoutes: readonly ApiRoute[] = [
  { pathPattern: '/api/events/*/availability', target: 'registrations', caching: 'short' },
  { pathPattern: '/api/events/*/attendees', target: 'registrations', caching: 'short' },
  { pathPattern: '/api/events/*', target: 'registrations', caching: 'no-store' },
  { pathPattern: '/api/registrations/*', target: 'registrations', caching: 'no-store' },
  { pathPattern: '/api/mentor-requests*', target: 'mentoring', caching: 'no-store' },
  // Live availability (max-age=5) and each mentor's pause and resume links (no-store, as every write).
  { pathPattern: '/api/mentors/*', target: 'mentoring', caching: 'short' },
  { pathPattern: '/api/funds/*', target: 'donations', caching: 'short' },
  { pathPattern: '/api/donations*', target: 'donations', caching: 'no-store' },
  { pathPattern: '/api/subscriptions/*/unsubscribe', target: 'newsletter', caching: 'no-store', unsigned: true },
  { pathPattern: '/api/subscriptions*', target: 'newsletter', caching: 'no-store' },
  // /api/health, and any unknown /api address, answered in the API's own error shape.
  { pathPattern: '/api/*', target: 'registrations', caching: 'no-store' },
];

/** The routes whose function is deployed (a concern not written yet has no function; its paths fall to `/api/*`). */
export function deployedRoutes(deployed: readonly ApiFunctionName[]): ApiRoute[] {
  return apiRoutes.filter((route) => deployed.includes(route.target));
}

/** CloudFront's path pattern matching: `*` any characters, `?` one character, case-sensitive. */
export function matchesPathPattern(pattern: string, path: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${regex}$`).test(path);
}

/** The route CloudFront would pick for `path`, or undefined for the site's pages. */
export function routeFor(path: string): ApiRoute | undefined {
  return apiRoutes.find((route) => matchesPathPattern(route.pathPattern, path));
}
