/**
 * Every API app composed under `/api`, for the local server (`npm start`)
 * and the tests. In AWS each concern runs as its own Lambda (its handler.ts)
 * behind the same paths.
 */
import { Hono } from 'hono';
import { defaultApiOptions, type ApiOptions } from './shared/api-options';
import { createApiApp } from './shared/http';
import { registrationRoutes } from './registrations/app';

export function healthRoutes() {
  return new Hono().get('/health', (c) => c.json({ status: 'ok' }));
}

export function createApi(overrides: Partial<ApiOptions> = {}): Hono {
  const options = defaultApiOptions(overrides);
  return createApiApp(healthRoutes(), registrationRoutes(options));
}
