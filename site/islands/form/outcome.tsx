/**
 * What a form becomes once it is sent: one panel for every form island (the
 * outcome as a heading that takes focus when it appears, so a screen reader
 * announces it and a keyboard user continues from there, then the details),
 * and the loader of what only that panel needs.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function FormOutcome({ outcome, title, children }: { outcome: string; title: ReactNode; children?: ReactNode }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="form-success" data-outcome={outcome}>
      <h3 ref={headingRef} tabIndex={-1} className="form-success__title">
        {title}
      </h3>
      {children}
    </div>
  );
}

/**
 * A module that only the sent state shows (calendar and manage links, the
 * pledge's reference, suggested mentors), loaded once and apart from the form:
 * a form starts loading it when it is sent, while the API answers, and awaits it
 * before showing the outcome. Never rejects: without it (the network dropped
 * after the answer came) the form shows `SentFallback`.
 */
export function successModule<M>(load: () => Promise<M>): () => Promise<M | null> {
  let loading: Promise<M | null> | undefined;
  return () =>
    (loading ??= load().catch(() => {
      loading = undefined;
      return null;
    }));
}

/** The outcome when the success module could not be loaded: sent, and the email says the rest. */
export function SentFallback({ outcome, email }: { outcome: string; email: string }) {
  return (
    <FormOutcome outcome={outcome} title="Sent">
      <p>
        <strong>Check your email:</strong> we have sent the details to {email}.
      </p>
    </FormOutcome>
  );
}
