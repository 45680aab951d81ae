import type * as z from 'zod/mini';

/**
 * Turns a zod error into the API's `fields` object: one message per request
 * field (the first problem found), keyed by the request's own field names.
 * Unknown fields are named too. Forms use the same function.
 */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key] ??= 'This field is not accepted.';
      continue;
    }
    const field = issue.path[0];
    if (typeof field === 'string') fields[field] ??= issue.message;
  }
  return fields;
}
