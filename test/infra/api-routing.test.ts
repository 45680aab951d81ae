/**
 * Every endpoint of the HTTP contract (api.md), followed the way CloudFront
 * will follow it: the first cache behaviour whose pattern matches picks the
 * function, and that function's own Hono app must have the route. A route
 * added to an app but not to infra/routes.ts (or the other way round) fails here.
 *
 * A concern whose code does not exist yet is not deployed (infra warns at
 * synth); its endpoints then fall to the catch-all and must get the API's own
 * 404, never the site's HTML.
 */
import type { Hono } from 'hono';
import { beforeAll, describe, expect, test } from 'vitest';
import { createDonationsApp } from '../../functions/donations/app';
import { createMentoringApp } from '../../functions/mentoring/app';
import { createNewsletterApp } from '../../functions/newsletter/app';
import { createRegistrationsApp } from '../../functions/registrations/app';
import { apiOptionsFromEnv } from '../../functions/shared/api-options';
import { apiFunctionNames, deployedRoutes, matchesPathPattern, routeFor, type ApiFunctionName } from '../../infra/routes';
import { builtApiFunctions } from '../../infra/stacks/api-stack';

/** The contract's endpoints, with example paths, and the concern each belongs to. */
const endpoints: [method: string, path: string, concern: ApiFunctionName][] = [
  ['GET', '/api/health', 'registrations'],
  ['GET', '/api/events/alumni-reunion-2027/availability', 'registrations'],
  ['POST', '/api/events/alumni-reunion-2027/registrations', 'registrations'],
  ['GET', '/api/registrations/01JD4Q6Z8X', 'registrations'],
  ['DELETE', '/api/registrations/01JD4Q6Z8X', 'registrations'],
  ['PATCH', '/api/registrations/01JD4Q6Z8X', 'registrations'],
  ['POST', '/api/registrations/01JD4Q6Z8X/feedback', 'registrations'],
  ['GET', '/api/events/alumni-reunion-2027/attendees', 'registrations'],
  ['POST', '/api/mentor-requests', 'mentoring'],
  ['POST', '/api/mentor-requests/01JD4Q6Z8X/accept', 'mentoring'],
  ['POST', '/api/mentor-requests/01JD4Q6Z8X/decline', 'mentoring'],
  ['POST', '/api/mentor-requests/01JD4Q6Z8X/end', 'mentoring'],
  ['POST', '/api/mentor-requests/01JD4Q6Z8X/extend', 'mentoring'],
  ['POST', '/api/mentor-requests/01JD4Q6Z8X/feedback', 'mentoring'],
  ['POST', '/api/mentor-requests/01JD4Q6Z8X/again', 'mentoring'],
  ['GET', '/api/mentors/availability', 'mentoring'],
  ['POST', '/api/mentors/li-wei-chen/pause', 'mentoring'],
  ['POST', '/api/mentors/li-wei-chen/resume', 'mentoring'],
  ['POST', '/api/donations', 'donations'],
  ['GET', '/api/funds/global-scholarships/progress', 'donations'],
  ['POST', '/api/subscriptions', 'newsletter'],
  ['POST', '/api/subscriptions/0123456789abcdef01234567/confirm', 'newsletter'],
  ['GET', '/api/subscriptions/0123456789abcdef01234567', 'newsletter'],
  ['PATCH', '/api/subscriptions/0123456789abcdef01234567', 'newsletter'],
  ['DELETE', '/api/subscriptions/0123456789abcdef01234567', 'newsletter'],
  // One-click (RFC 8058): CloudFront calls it unsigned, on the newsletter's one-click function (test/infra/newsletter.test.ts).
  ['POST', '/api/subscriptions/0123456789abcdef01234567/unsubscribe', 'newsletter'],
];

const built = builtApiFunctions();
const apps: Partial<Record<ApiFunctionName, Hono>> = {};

/** Each concern's app, as its Lambda handler builds it. */
const appFactories: Record<ApiFunctionName, typeof createRegistrationsApp> = {
  registrations: createRegistrationsApp,
  mentoring: createMentoringApp,
  donations: createDonationsApp,
  newsletter: createNewsletterApp,
};

beforeAll(() => {
  // What the Lambda environment provides at cold start; nothing here calls AWS.
  const options = apiOptionsFromEnv({}, { TABLE_NAME: 'alumni-test-table', SITE_URL: 'https://alumni.example.test' });
  for (const name of built) apps[name] = appFactories[name](options);
});

/** Whether one of the app's own routes (not a middleware) answers `method path`. */
function serves(app: Hono, method: string, path: string): boolean {
  return app.routes.some((route) => {
    if (route.method !== method) return false;
    const pattern = route.path.replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*');
    return new RegExp(`^${pattern}$`).test(path);
  });
}

/** The function CloudFront picks for `path` among the deployed routes. */
const deployedTarget = (path: string) => deployedRoutes(built).find((route) => matchesPathPattern(route.pathPattern, path))?.target;

test('infra/routes.ts sends each endpoint of the contract to the function of its concern', () => {
  for (const [method, path, concern] of endpoints) expect(routeFor(path)?.target, `${method} ${path}`).toBe(concern);
});

describe.each(endpoints.filter(([, , concern]) => built.includes(concern)))('%s %s', (method, path) => {
  test('reaches a deployed function whose app serves it', () => {
    const target = deployedTarget(path);
    expect(target).toBeDefined();
    expect(serves(apps[target!]!, method, path), `${target} has no route for ${method} ${path}`).toBe(true);
  });

  test('is served by no other function', () => {
    const others = built.filter((name) => name !== deployedTarget(path) && serves(apps[name]!, method, path));
    expect(others).toEqual([]);
  });
});

test("an endpoint of a concern not built yet reaches the catch-all and gets the API's own 404", async () => {
  const missing = endpoints.filter(([, , concern]) => !built.includes(concern));
  expect(missing.length + endpoints.filter(([, , c]) => built.includes(c)).length).toBe(endpoints.length);
  for (const [method, path] of missing) {
    expect(deployedTarget(path), path).toBe('registrations');
    const response = await apps.registrations!.request(path, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? null : '{}' });
    expect(response.status, `${method} ${path}`).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  }
  expect(apiFunctionNames.every((name) => built.includes(name) || missing.some(([, , concern]) => concern === name))).toBe(true);
});

test("CloudFront's pattern matching: `*` spans slashes, the rest is literal", () => {
  expect(matchesPathPattern('/api/mentor-requests*', '/api/mentor-requests/abc/accept')).toBe(true);
  expect(matchesPathPattern('/api/events/*/availability', '/api/events/a/b/availability')).toBe(true);
  expect(matchesPathPattern('/api/funds/*', '/api/funds')).toBe(false);
  expect(matchesPathPattern('/api/*', '/apix/health')).toBe(false);
});
