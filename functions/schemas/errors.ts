/**
 * The API's one error shape and its codes, with the HTTP status each code
 * answers with:
 *
 *   {"error": {"code": "validation_failed", "message": "Please check the highlighted fields.", "fields": {"email": "…"}}}
 *
 * `message` is a sentence a person can act on; `fields` names each request
 * field that was refused. Some codes add members (see `mentorUnavailableDetails`).
 */
// zod/mini, as in ./fields: the forms bundle only the checks these schemas use.
import * as z from 'zod/mini';

export const errorStatus = {
  malformed_json: 400,
  validation_failed: 400,
  challenge_failed: 400,
  invalid_token: 403,
  not_found: 404,
  registration_closed: 409,
  already_registered: 409,
  mentor_unavailable: 409,
  not_enough_seats: 409,
  hold_expired: 409,
  idempotency_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  service_busy: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export const errorCode = z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]);

/** One message per refused request field, keyed by the request's own field names. */
export const fieldMessages = z.record(z.string(), z.string());
export type FieldErrors = z.infer<typeof fieldMessages>;

/** Every error answer. Extra members a code adds are kept (a loose object). */
export const errorBody = z.object({
  error: z.looseObject({
    code: errorCode,
    message: z.string(),
    fields: z.optional(fieldMessages),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;
