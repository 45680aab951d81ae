/**
 * Browser tests in Debian's Chromium against the site as `npm start` serves it:
 * the built dist/ and the API on one origin, with the security headers
 * CloudFront adds, on a free port, with in-memory local data.
 */
import { defineConfig, devices } from '@playwright/test';
import { freePort } from '../functions/local/ports';

// Free ports, chosen once: workers inherit them through the environment.
process.env.E2E_PORT ??= String(await freePort());
// The local email server's port, so form tests can read the inbox (GET /store).
process.env.E2E_SES_PORT ??= String(await freePort());
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './e2e',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // The machine has two cores; pages are served by one local server.
  workers: 2,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: '../playwright-report' }]] : 'list',
  outputDir: '../test-results',
  timeout: 30_000,
  use: {
    baseURL,
    // Recording a trace of every test cost about 5% of the suite's CPU; CI retries a failed test once, with a trace
    // (locally: `--trace on`).
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // The shared context's browser adds --single-process (support/test.ts); in the usual browser, which tests with
      // a context of their own use, one renderer process serves every context.
      args: ['--no-sandbox', '--disable-gpu', '--renderer-process-limit=1', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: 'npm start',
    cwd: '..',
    url: `${baseURL}/api/health`,
    // Every browser test writes from one address: limits well above the suite's writes per minute and per event.
    env: { PORT: String(port), SES_PORT: process.env.E2E_SES_PORT, LOCAL_DATA: 'memory', SITE_URL: baseURL, RATE_LIMIT_PER_MINUTE: '1000', EVENT_NETWORK_LIMIT_PER_HOUR: '1000' },
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
