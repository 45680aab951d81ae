/**
 * One DynamoDB Local (a JVM) per test worker, started before any test file and
 * stopped after the last. Each file that needs the database makes a table of
 * its own in its worker's (see stack.ts), so files never see each other's
 * data; the addresses reach the test workers through `inject`.
 *
 * Why one per worker: DynamoDB Local serves its requests through one SQLite
 * queue thread, which two workers sharing a JVM also share (one run each:
 * 161 s with one per worker, 165 s with one for both).
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One DynamoDB Local per worker, e.g. http://127.0.0.1:PORT. */
    dynamodbEndpoints: string[];
  }
}

export default async function setup(project: TestProject) {
  const workers = Math.max(1, Number(project.vitest.config.maxWorkers) || 1);
  const started = await Promise.allSettled(Array.from({ length: workers }, () => startDynamoDbLocal()));
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stopAll = () => Promise.all(running.map((d) => d.stop()));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  project.provide(
    'dynamodbEndpoints',
    running.map((d) => d.endpoint),
  );
  return stopAll;
}
