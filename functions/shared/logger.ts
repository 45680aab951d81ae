/**
 * The structured logger (Powertools for AWS Lambda). Log events, ids of
 * records, route patterns, status codes and error names: never names, email
 * addresses, tokens, request bodies or full URLs (they carry tokens).
 */
import { Logger } from '@aws-lambda-powertools/logger';

let instance: Logger | undefined;

/** The Logger, made on first use: importing this module reads no environment (POWERTOOLS_* are read then). */
function current(): Logger {
  return (instance ??= new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'alumni-api' }));
}

type LogMethod = (message: string, ...extra: Record<string, unknown>[]) => void;
const method =
  (name: 'debug' | 'info' | 'warn' | 'error'): LogMethod =>
  (message, ...extra) =>
    current()[name](message, ...extra);

export const logger = { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') };

const emailAddress = /[\w.!#$%&'*+=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** Text with every email address replaced by `[address]`: SES names the recipient in some of its error messages. */
export const withoutAddresses = (text: string) => text.replace(emailAddress, '[address]');

/** What may be logged or stored of an error: its kind and message, never the data it was about (addresses scrubbed). */
export function errorFields(error: unknown): Record<string, string | undefined> {
  if (error instanceof Error) return { errorName: error.name, errorMessage: withoutAddresses(error.message), ...(error.stack ? { stack: withoutAddresses(error.stack) } : {}) };
  return { errorName: typeof error };
}
