import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // One DynamoDB Local for the run; each file that needs it makes its own table there (test/support/stack.ts).
    globalSetup: ['test/support/dynamodb.global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    allowOnly: !process.env.CI,
  },
});
