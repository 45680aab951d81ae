/**
 * Issue 14, abuse resistance, at the edge: the CloudFront function's
 * redirects stay on the site and malformed escapes are refused (finding 6).
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { rewriteRequestFile } from '../../infra/constructs/static-site';

describe('finding 6: the viewer-request function never redirects off the site', () => {
  const handler = runInNewContext(`${readFileSync(rewriteRequestFile, 'utf8')}; handler`) as (event: unknown) => any;
  const request = (uri: string, querystring: Record<string, { value: string }> = {}) => handler({ request: { method: 'GET', uri, querystring, headers: {} } });

  test('an address starting with two slashes or a backslash redirects to a path on this site, not to that host', () => {
    for (const uri of ['//evil', '///evil', '/\\evil', '//\\evil', '/ /evil']) {
      const answer = request(uri, { next: { value: 'x' } });
      expect(answer.statusCode, uri).toBe(301);
      const location: string = answer.headers.location.value;
      expect(location, uri).toMatch(/^\/[^/\\]/);
      expect(new URL(location, 'https://alumni.example.edu').host, uri).toBe('alumni.example.edu');
    }
    expect(request('//evil').headers.location.value).toBe('/evil/');
  });

  test('an ordinary address keeps its redirect', () => {
    expect(request('/events').headers.location.value).toBe('/events/');
  });

  test('a malformed escape is answered 400, not passed on', () => {
    for (const uri of ['/%ZZ', '/events/%E0%A4%A', '/%']) expect(request(uri), uri).toEqual({ statusCode: 400, statusDescription: 'Bad Request' });
    expect(request('/events/caf%C3%A9/').uri).toBe('/events/caf%C3%A9/index.html');
  });
});
