/**
 * Requests to the API as a browser sends them through CloudFront, and the
 * request bodies the tests share.
 */
import { createHash } from 'node:crypto';

export interface CallInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body sent as written (e.g. broken JSON), instead of `body` as JSON. */
  raw?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  /** The parsed body, or undefined when it is not JSON. */
  json: any;
  text: string;
}

/**
 * JSON request helper: returns status, headers and parsed body. Writes carry
 * `x-amz-content-sha256` (the body's hex SHA-256) as browsers must send it
 * through CloudFront (see functions/local/body-hash.ts).
 */
export async function call(url: string, init: CallInit = {}): Promise<CallResult> {
  const method = init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET');
  const body = init.raw !== undefined ? init.raw : init.body !== undefined ? JSON.stringify(init.body) : undefined;
  const headers: Record<string, string> = {
    ...(init.body !== undefined || init.raw !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(method !== 'GET' && method !== 'HEAD'
      ? {
          'x-amz-content-sha256': createHash('sha256')
            .update(body ?? '')
            .digest('hex'),
        }
      : {}),
    ...init.headers,
  };
  const response = await fetch(url, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** A registration form as a person fills it in: "Person amara", amara@example.org, consent given. */
export const person = (who: string, extra: Record<string, unknown> = {}) => ({ name: `Person ${who}`, email: `${who}@example.org`, consent: true, ...extra });

/** Registers for an event through the API at `apiUrl` (the harness's `t.url`). */
export const register = (apiUrl: string, slug: string, body: unknown, headers?: Record<string, string>) =>
  call(`${apiUrl}/api/events/${slug}/registrations`, { body, ...(headers ? { headers } : {}) });
