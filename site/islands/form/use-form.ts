/**
 * The submit cycle every form island shares: validate with the API's own zod
 * schema, show one message per field and move focus to the first, send once
 * (a second click while in flight does nothing; a retry reuses the attempt's
 * Idempotency-Key), map the API's field errors back onto the fields, and keep
 * what was typed whatever happens.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type * as z from 'zod/mini';
import { fieldErrors } from '../../../functions/schemas/field-errors';
import { SubmissionKeys, unavailableMessage, type ApiErrorBody, type ApiResult } from '../api-client';

export type { FieldErrors } from '../../../functions/schemas/errors';
import type { FieldErrors } from '../../../functions/schemas/errors';

/** What went wrong with a submission, for the form's alert. */
export type Problem = { kind: 'fields'; count: number } | { kind: 'unavailable' } | { kind: 'api'; error: ApiErrorBody };

export function useFormValues<V extends object>(initial: V) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = useCallback(<K extends keyof V & string>(name: K, value: V[K]) => {
    setValues((v) => ({ ...v, [name]: value }));
    // A field being corrected loses its message; the others stay until the next submit.
    setErrors((e) => {
      if (!(name in e)) return e;
      const { [name]: _, ...rest } = e;
      return rest;
    });
  }, []);
  return { values, setValues, set, errors, setErrors };
}

interface SubmitOptions<S extends z.ZodMiniType, T> {
  schema: S;
  /** The request body built from the form's values. */
  body: unknown;
  /** Checks the schema cannot make (e.g. an amount typed in the reader's locale), merged with its messages. */
  extraErrors?: FieldErrors;
  send: (body: z.output<S> | unknown, idempotencyKey: string) => Promise<ApiResult<T>>;
  /** May return a promise (e.g. loading what the sent state shows): the form stays busy until it settles. */
  onSuccess: (data: T) => void | Promise<void>;
  /** An API error a form handles itself (e.g. already registered, mentor unavailable); return true if handled. */
  onApiError?: (error: ApiErrorBody, status: number) => boolean;
}

export function useSubmission(setErrors: (errors: FieldErrors) => void) {
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const keys = useRef(new SubmissionKeys());
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  // Bumped after each failed submit so focus moves once the messages are on screen.
  const [focusRequest, setFocusRequest] = useState<{ n: number; target: 'field' | 'alert' } | null>(null);

  useEffect(() => {
    if (!focusRequest) return;
    const form = formRef.current;
    if (focusRequest.target === 'field') {
      const field = form?.querySelector<HTMLElement>('[data-invalid] input:not([type="hidden"]), [data-invalid] select, [data-invalid] textarea');
      if (field) {
        field.focus();
        return;
      }
    }
    alertRef.current?.focus();
  }, [focusRequest]);

  const submit = useCallback(
    async <S extends z.ZodMiniType, T>(options: SubmitOptions<S, T>) => {
      if (inFlight.current) return;
      const parsed = options.schema.safeParse(options.body);
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...options.extraErrors };
      if (Object.keys(errors).length > 0) {
        setErrors(errors);
        setProblem({ kind: 'fields', count: Object.keys(errors).length });
        setFocusRequest((r) => ({ n: (r?.n ?? 0) + 1, target: 'field' }));
        return;
      }
      setErrors({});
      setProblem(null);
      inFlight.current = true;
      setBusy(true);
      try {
        // The body as typed (not the parsed output): the API trims and checks it again.
        const result = await options.send(options.body, keys.current.keyFor(options.body));
        if (result.ok) {
          keys.current.settle();
          await options.onSuccess(result.data);
          return;
        }
        if (result.kind === 'unavailable') {
          setProblem({ kind: 'unavailable' });
          setFocusRequest((r) => ({ n: (r?.n ?? 0) + 1, target: 'alert' }));
          return;
        }
        keys.current.settle();
        if (options.onApiError?.(result.error, result.status)) {
          setProblem(null);
          return;
        }
        const fields = result.error.fields ?? {};
        setErrors(fields);
        setProblem({ kind: 'api', error: result.error });
        setFocusRequest((r) => ({ n: (r?.n ?? 0) + 1, target: Object.keys(fields).length > 0 ? 'field' : 'alert' }));
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [setErrors],
  );

  return { formRef, alertRef, busy, problem, setProblem, submit };
}

/** The sentence for the form's alert. */
export function problemMessage(problem: Problem): string {
  switch (problem.kind) {
    case 'fields':
      return problem.count === 1 ? 'Please correct the highlighted field.' : `Please correct the ${problem.count} highlighted fields.`;
    case 'unavailable':
      return unavailableMessage;
    case 'api':
      return problem.error.message;
  }
}
