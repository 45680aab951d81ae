import { Hono } from 'hono';
import { defaultApiOptions, type ApiOptions } from '../shared/api-options';
import { createApiApp } from '../shared/http';

export function registrationRoutes(_options: ApiOptions) {
  return new Hono();
}

export function createRegistrationsApp(options: ApiOptions = defaultApiOptions()) {
  return createApiApp(registrationRoutes(options));
}

export const app = createRegistrationsApp();
