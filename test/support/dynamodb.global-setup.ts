/**
 * One DynamoDB Local (a JVM) for the whole test run, started before any test
 * file and stopped after the last. Each file that needs the database makes a
 * table of its own in it (see stack.ts), so files never see each other's
 * data; the address reaches the test workers through `inject`.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared DynamoDB Local, e.g. http://127.0.0.1:PORT. */
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamodb = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  return () => dynamodb.stop();
}
