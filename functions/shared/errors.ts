/**
 * The API's errors as domain code throws them: small named classes, one per
 * code of the contract's list (schemas/errors.ts, which also holds the error
 * shape and each code's status). The single `app.onError` boundary
 * (shared/http.ts) turns them into responses. Anything else is a bug and
 * answers `500 internal`.
 */
import { errorStatus, type ErrorBody, type ErrorCode, type FieldErrors } from '../schemas/errors';

export { errorStatus, type ErrorBody, type ErrorCode, type FieldErrors };

export class ApiError extends Error {
  readonly status: (typeof errorStatus)[ErrorCode];
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    /** Extra members of the error object, e.g. mentor suggestions. */
    readonly extra?: Record<string, unknown>,
    /** Response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = errorStatus[code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}), ...this.extra } };
  }
}

export class MalformedJson extends ApiError {
  constructor() {
    super('malformed_json', 'The request body is not valid JSON.');
    this.name = 'MalformedJson';
  }
}

export class ValidationFailed extends ApiError {
  constructor(fields?: FieldErrors, message = 'Please check the highlighted fields.') {
    super('validation_failed', message, fields);
    this.name = 'ValidationFailed';
  }
}

/** A form write without a valid, unused proof of work (shared/challenge.ts). */
export class ChallengeFailed extends ApiError {
  constructor() {
    super('challenge_failed', 'Your browser could not confirm this form. Please reload the page and send it again.');
    this.name = 'ChallengeFailed';
  }
}

export class InvalidToken extends ApiError {
  /** A holder of a valid link to a record that has moved on may be told why (e.g. "This mentorship has ended"). */
  constructor(message = 'This link is not valid. Please use the link from your most recent email.') {
    super('invalid_token', message);
    this.name = 'InvalidToken';
  }
}

export class NotFound extends ApiError {
  constructor(message = 'Nothing was found at this address.') {
    super('not_found', message);
    this.name = 'NotFound';
  }
}

export class RegistrationClosed extends ApiError {
  constructor(message: string) {
    super('registration_closed', message);
    this.name = 'RegistrationClosed';
  }
}

/** More guests than the seats free now (a registration's edit). */
export class NotEnoughSeats extends ApiError {
  constructor(message: string) {
    super('not_enough_seats', message);
    this.name = 'NotEnoughSeats';
  }
}

/** A held registration's confirm link used after its hold lapsed (the seats went to the waitlist). */
export class HoldExpired extends ApiError {
  constructor(message = 'Your hold on these places ended before you confirmed, so they went to the next people waiting. You can register again if places are left.') {
    super('hold_expired', message);
    this.name = 'HoldExpired';
  }
}

export class AlreadyRegistered extends ApiError {
  constructor() {
    super('already_registered', 'This email address is already registered for this event. We have sent the link to manage the registration to it again.');
    this.name = 'AlreadyRegistered';
  }
}

export class MentorUnavailable extends ApiError {
  constructor(message: string, extra?: Record<string, unknown>) {
    super('mentor_unavailable', message, undefined, extra);
    this.name = 'MentorUnavailable';
  }
}

export class IdempotencyConflict extends ApiError {
  constructor(message = 'This Idempotency-Key was already used for a different request. Use a new key for a new request.') {
    super('idempotency_conflict', message);
    this.name = 'IdempotencyConflict';
  }
}

export class PayloadTooLarge extends ApiError {
  constructor(limitBytes: number) {
    super('payload_too_large', `The request body is larger than ${Math.round(limitBytes / 1024)} KiB. Please shorten the text you entered.`);
    this.name = 'PayloadTooLarge';
  }
}

export class UnsupportedMediaType extends ApiError {
  constructor() {
    super('unsupported_media_type', 'Send the request as JSON, with the header Content-Type: application/json.');
    this.name = 'UnsupportedMediaType';
  }
}

export class RateLimited extends ApiError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', `Too many requests from your address. Please try again in ${retryAfterSeconds} seconds.`, undefined, undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
    this.name = 'RateLimited';
  }
}

/**
 * The table stayed busy (throttling, colliding transactions, server errors)
 * through every retry: nothing the client sent is wrong, and the same request
 * is likely to succeed shortly. Never a 500.
 */
export class ServiceBusy extends ApiError {
  constructor(retryAfterSeconds = 2) {
    super('service_busy', "We're handling many requests right now. Please try again in a moment.", undefined, undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
    this.name = 'ServiceBusy';
  }
}

export const internalErrorBody: ErrorBody = {
  error: { code: 'internal', message: 'Something went wrong on our side. Please try again in a moment.' },
};
