/**
 * The browser tests' `test`: every test still gets a page of its own, opened for it and closed after it, but in one
 * browser context per worker, kept open on the site, instead of a new context per test.
 *
 * Why: Chromium puts every browser context in its own renderer process, and on this two-core machine starting one,
 * then compiling axe-core's 650 KB script in it, cost about 3 CPU-seconds a test: more than most tests' own work.
 * A page opened in a context that already shows the site shares that context's renderer process.
 *
 * What a test still gets fresh: its page, with its own document, listeners, routes and init scripts. Between tests
 * every other page of the context is closed and the site's cookies, storage (local, session, IndexedDB, caches,
 * service workers), the HTTP cache and granted permissions are cleared. What it shares, and so must not change:
 * the context's own settings. A test that needs another locale, time zone, clock or scripting off uses
 * `testInOwnContext` (Playwright's own `test`), which gives it a context of its own; here the page's `clock`
 * refuses, and `test.use` of such an option fails the test. The colour scheme and the viewport are the page's own,
 * so `test.use` may set them.
 *
 * The shared context lives in a browser of its own, started with `--single-process`: the renderer, the compositor
 * and the network service are threads of one process, so a page's work crosses no process boundary. On this
 * two-core machine that took the whole suite from 148–167 s and 286–324 CPU-seconds to 123–125 s and 237–242, all
 * tests passing. In that mode a second browser context closed the browser here, so a test that asks for a context
 * of its own (`testInOwnContext`, or `browser.newContext()`) gets it from Playwright's usual `browser`, which is
 * started only in a worker that needs it.
 *
 * Measured on the whole browser suite: 510 → 314 CPU-seconds, 4.5 → 2.9 minutes (a context per worker), then the
 * single-process browser as above.
 */
import { test as base, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';

export { expect } from '@playwright/test';

/** Options that belong to a browser context, not to one page: a test may not change them here with `test.use`. */
const contextWideOptions: readonly string[] = [
  'locale',
  'timezoneId',
  'javaScriptEnabled',
  'bypassCSP',
  'offline',
  'permissions',
  'geolocation',
  'extraHTTPHeaders',
  'storageState',
  'httpCredentials',
];

/** Options of the device the project emulates, set once on the shared context. */
const deviceOptions: readonly string[] = ['baseURL', 'viewport', 'userAgent', 'deviceScaleFactor', 'isMobile', 'hasTouch'];

/** What the shared context is made with: Playwright's defaults for a new context, then the project's settings. */
function sharedContextOptions(project: object): Record<string, unknown> {
  const set = Object.entries(project).filter(([k, v]) => v !== undefined && [...deviceOptions, ...contextWideOptions].includes(k));
  return { locale: 'en-US', javaScriptEnabled: true, bypassCSP: false, offline: false, ...Object.fromEntries(set) };
}

interface SiteContext {
  context: BrowserContext;
  /** A page that stays on the site so that its renderer process does too. */
  anchor: Page;
}

export const test = base.extend<object, { siteBrowser: Browser; siteContext: SiteContext }>({
  /** The browser of the shared context (above: why a single process). */
  siteBrowser: [
    async ({ playwright, launchOptions }, use) => {
      const browser = await playwright.chromium.launch({ ...launchOptions, args: [...(launchOptions.args ?? []), '--single-process'] });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  siteContext: [
    async ({ siteBrowser }, use, workerInfo) => {
      const context = await siteBrowser.newContext(sharedContextOptions(workerInfo.project.use) as BrowserContextOptions);
      const anchor = await context.newPage();
      // A plain text file: no script or style of the site runs in the anchor.
      await anchor.goto('/robots.txt');
      await use({ context, anchor });
      await context.close();
    },
    { scope: 'worker' },
  ],

  page: async (
    { siteContext, colorScheme, viewport, locale, timezoneId, javaScriptEnabled, bypassCSP, offline, permissions, geolocation, extraHTTPHeaders, storageState, httpCredentials },
    use,
    testInfo,
  ) => {
    const asked: Record<string, unknown> = { locale, timezoneId, javaScriptEnabled, bypassCSP, offline, permissions, geolocation, extraHTTPHeaders, storageState, httpCredentials };
    const shared = sharedContextOptions(testInfo.project.use);
    const changed = contextWideOptions.filter((option) => JSON.stringify(asked[option]) !== JSON.stringify(shared[option]));
    if (changed.length > 0) throw new Error(`This test sets ${changed.join(', ')}, which needs a browser context of its own: use testInOwnContext (support/test.ts).`);

    const { context, anchor } = siteContext;
    const page = await context.newPage();
    Object.defineProperty(page, 'clock', {
      get: () => {
        throw new Error("The page's clock is its browser context's: a test that sets the clock uses `testInOwnContext`.");
      },
    });
    if (colorScheme !== undefined) await page.emulateMedia({ colorScheme });
    if (viewport) await page.setViewportSize(viewport);

    await use(page);

    await Promise.all(
      context
        .pages()
        .filter((p) => p !== anchor)
        .map((p) => p.close()),
    );
    const origin = new URL(testInfo.project.use.baseURL!).origin;
    const cdp = await context.newCDPSession(anchor);
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    await context.clearCookies();
    await context.clearPermissions();
  },
});

/** Playwright's own `test`, whose every test has a browser context of its own: for tests that change one. */
export const testInOwnContext = base;
