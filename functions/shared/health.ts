import { Hono } from 'hono';

/** `GET /api/health`: served by the composed local API and by the registrations function, which CloudFront routes it to. */
export function healthRoutes() {
  return new Hono().get('/health', (c) => c.json({ status: 'ok' }));
}
