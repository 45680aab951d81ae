/**
 * Every API app composed under `/api`, for the local server (`npm start`)
 * and the tests. In AWS each concern runs as its own Lambda (its handler.ts)
 * behind the same paths.
 */
import type { Hono } from 'hono';
import { donationRoutes } from './donations/app';
import { mentoringRoutes } from './mentoring/app';
import { newsletterRoutes } from './newsletter/app';
import { registrationRoutes } from './registrations/app';
import type { ApiOptions } from './shared/api-options';
import { challengeRoutes, formChallengeOf } from './shared/challenge';
import { healthRoutes } from './shared/health';
import { createApiApp } from './shared/http';

export function createApi(options: ApiOptions): Hono {
  return createApiApp(healthRoutes(), challengeRoutes(formChallengeOf(options)), registrationRoutes(options), mentoringRoutes(options), donationRoutes(options), newsletterRoutes(options));
}
