/**
 * The structured logger (Powertools for AWS Lambda). Log events, ids of
 * records, route patterns, status codes and error names: never names, email
 * addresses, tokens, request bodies or full URLs (they carry tokens).
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'alumni-api',
});

/** What may be logged of an error: its kind and message, never the data it was about. */
export function errorFields(error: unknown): Record<string, string | undefined> {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message, stack: error.stack };
  return { errorName: typeof error };
}
