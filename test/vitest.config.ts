import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    // The benchmarks' scratch sites (test/bench/.work) hold whole projects, packages and all.
    exclude: ['test/e2e/**', 'test/bench/.work/**', '**/node_modules/**'],
    // One DynamoDB Local per worker; each file that needs it makes its own table there (test/support/stack.ts).
    globalSetup: ['test/support/dynamodb.global-setup.ts'],
    // Two files at a time even on a two-core machine (Vitest's default there is one): most files spend their time
    // waiting on DynamoDB Local, the local mailer or a child process (cdk, astro), not on this process's CPU.
    maxWorkers: 2,
    // Worker threads, not child processes: on this two-core machine the whole run took 155–164 s and 266–273
    // CPU-seconds in threads against 175–184 s and 296–308 in forks (fewer processes to start and fault in).
    // No test changes the working folder, which a thread may not; each thread has its own copy of the environment.
    pool: 'threads',
    // A worker keeps its imported modules from one file to the next: the API, the AWS SDK and CDK are imported
    // once per worker instead of once per file. The code allows it: nothing works at import, settings are read per
    // call or cached per source, no test stubs modules, timers or globals, and each test stack empties the
    // in-process SES inbox when it starts (test/support/stack.ts).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    allowOnly: !process.env.CI,
  },
});
