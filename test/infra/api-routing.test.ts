/**
 * Every endpoint of the HTTP contract (api.md), followed the way CloudFront
 * will follow it: the first cache behaviour whose pattern matches picks the
 * function, and that function's own Hono app must have the route. A route
 * added to an app but not to infra/routes.ts (or the other way round) fails here.
 */
import type { Hono } from 'hono';
import { beforeAll, describe, expect, test } from 'vitest';
import { apiFunctionNames, matchesPathPattern, routeFor, type ApiFunctionName } from '../../infra/routes';

/** The contract's endpoints, with example paths. */
const endpoints: [method: string, path: string][] = [
  ['GET', '/api/health'],
  ['GET', '/api/events/alumni-reunion-2027/availability'],
  ['POST', '/api/events/alumni-reunion-2027/registrations'],
  ['GET', '/api/registrations/01JD4Q6Z8X'],
  ['DELETE', '/api/registrations/01JD4Q6Z8X'],
  ['POST', '/api/mentor-requests'],
  ['POST', '/api/mentor-requests/01JD4Q6Z8X/accept'],
  ['POST', '/api/mentor-requests/01JD4Q6Z8X/decline'],
  ['POST', '/api/donations'],
  ['GET', '/api/funds/global-scholarships/progress'],
];

const apps = {} as Record<ApiFunctionName, Hono>;

beforeAll(async () => {
  // What the Lambda environment provides at cold start; nothing here calls AWS.
  process.env.TABLE_NAME ??= 'alumni-test-table';
  process.env.SITE_URL ??= 'https://alumni.example.test';
  for (const name of apiFunctionNames) {
    const module = (await import(`../../functions/${name}/app.ts`)) as { app: Hono };
    apps[name] = module.app;
  }
});

/** Whether one of the app's own routes (not a middleware) answers `method path`. */
function serves(app: Hono, method: string, path: string): boolean {
  return app.routes.some((route) => {
    if (route.method !== method) return false;
    const pattern = route.path.replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*');
    return new RegExp(`^${pattern}$`).test(path);
  });
}

describe('each endpoint of the contract reaches a function that serves it', () => {
  test.each(endpoints)('%s %s', (method, path) => {
    const route = routeFor(path);
    expect(route, 'no CloudFront behaviour matches').toBeDefined();
    expect(serves(apps[route!.target], method, path), `${route!.target} (via ${route!.pathPattern}) has no route for it`).toBe(true);
  });
});

test('no function serves a contract route that CloudFront sends elsewhere', () => {
  for (const [method, path] of endpoints) {
    const target = routeFor(path)!.target;
    const others = apiFunctionNames.filter((name) => name !== target && serves(apps[name], method, path));
    expect(others, `${method} ${path}`).toEqual([]);
  }
});

test('CloudFront\'s pattern matching: `*` spans slashes, the rest is literal', () => {
  expect(matchesPathPattern('/api/mentor-requests*', '/api/mentor-requests/abc/accept')).toBe(true);
  expect(matchesPathPattern('/api/events/*/availability', '/api/events/a/b/availability')).toBe(true);
  expect(matchesPathPattern('/api/funds/*', '/api/funds')).toBe(false);
  expect(matchesPathPattern('/api/*', '/apix/health')).toBe(false);
});
