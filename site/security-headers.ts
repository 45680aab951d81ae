/**
 * The security headers every response of the site carries: set by CloudFront in
 * AWS (infra) and by the local server behind `npm start`, so both behave alike.
 *
 * The Content-Security-Policy works in two layers, and a browser enforces both:
 *
 * 1. This header: what may load at all. Everything comes from our own origin
 *    (pages, `/_astro/` bundles, images, the Pagefind index and its WebAssembly,
 *    and `/api` fetches from the form islands); nothing may frame the site.
 * 2. A `<meta http-equiv="content-security-policy">` that Astro writes into every
 *    page (`security.csp` in astro.config.mjs) with the SHA-256 hash of each
 *    inline script and style on that page (the island loader, the reader's-clock
 *    script on event pages).
 *
 * The header has to allow inline scripts and styles in principle ('unsafe-inline')
 * because the hashes differ per page and a CDN header is one string for all
 * pages; the page's meta policy then narrows inline code to exactly the hashed
 * snippets (a browser ignores 'unsafe-inline' in a policy that lists hashes, and
 * a script must pass both policies). The build-output tests check that every
 * page carries that meta policy.
 */

/** CSP directives shared by the header and the per-page meta policy. */
export const cspDirectives = {
  'default-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  // Pagefind's index and the API are same-origin.
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'media-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
} as const satisfies Record<string, readonly string[]>;

/** Script sources besides per-page hashes: Pagefind compiles WebAssembly, nothing else is evaluated. */
export const scriptSources = ["'self'", "'wasm-unsafe-eval'"] as const;
export const styleSources = ["'self'"] as const;

/** Directives a meta policy cannot carry; they live in the header only. */
const headerOnlyDirectives = {
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

const serialize = (directives: Record<string, readonly string[]>) =>
  Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

export const contentSecurityPolicy = serialize({
  ...cspDirectives,
  'script-src': [...scriptSources, "'unsafe-inline'"],
  'style-src': [...styleSources, "'unsafe-inline'"],
  ...headerOnlyDirectives,
});

export const securityHeaders = {
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const satisfies Record<string, string>;

export type SecurityHeaderName = keyof typeof securityHeaders;
