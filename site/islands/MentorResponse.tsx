/**
 * The mentor's answer page (/mentoring/respond/?id={id}&token={token}&action=accept|decline),
 * opened from the request email: confirm the answer, then show what happens next.
 */
import './zod-jitless';
import '../styles/forms.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { mentorAnswerResponse } from '../../functions/schemas/mentor-request';
import { apiRequest, SubmissionKeys, unavailableMessage } from './api-client';
import { FormAlert } from './form/fields';
import { Fallback, queryParam, useHydrated } from './form/hydrated';

type Action = 'accept' | 'decline';

type State =
  { kind: 'invalid'; message: string } | { kind: 'ready'; id: string; token: string; action: Action; busy: boolean; problem?: string | undefined } | { kind: 'done'; action: Action; status: string };

const incomplete = 'This page opens from the accept and decline links in a mentoring request email. The link you followed is incomplete: please open it again from the email.';

export default function MentorResponse({ children }: { children?: ReactNode }) {
  const hydrated = useHydrated();
  const [state, setState] = useState<State | null>(null);
  const keys = useRef(new SubmissionKeys());
  const doneRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const id = queryParam('id');
    const token = queryParam('token');
    const action = queryParam('action');
    if (!id || !token || (action !== 'accept' && action !== 'decline')) setState({ kind: 'invalid', message: incomplete });
    else setState({ kind: 'ready', id, token, action, busy: false });
  }, []);
  useEffect(() => {
    if (state?.kind === 'done' || state?.kind === 'invalid') doneRef.current?.focus();
  }, [state?.kind]);

  if (!hydrated || state === null) return <Fallback>{children}</Fallback>;

  if (state.kind === 'invalid') {
    return (
      <FormAlert title="We could not open this request">
        <p>{state.message}</p>
      </FormAlert>
    );
  }

  if (state.kind === 'done') {
    const accepted = state.action === 'accept';
    const earlier = (accepted && state.status !== 'accepted') || (!accepted && state.status !== 'declined');
    if (earlier) {
      return (
        <div className="form-closed" data-outcome={state.status}>
          <h3 ref={doneRef} tabIndex={-1}>
            This request was already answered
          </h3>
          <p>Its status is: {state.status}. Nothing has changed. If this is not what you meant, please contact the alumni office.</p>
        </div>
      );
    }
    return (
      <div className="form-success" data-outcome={state.status}>
        <h3 ref={doneRef} tabIndex={-1} className="form-success__title">
          {accepted ? 'Thank you: you accepted the request' : 'You declined the request'}
        </h3>
        {accepted ? (
          <p>We are introducing you to each other by email now, so you can agree how and when to meet. One of your mentoring places is now taken.</p>
        ) : (
          <p>We let them know kindly and point them to other mentors. Thank you for answering quickly: it helps them find someone sooner.</p>
        )}
        <p>
          <a href="/mentoring/">About mentoring at Northbridge</a>
        </p>
      </div>
    );
  }

  const { id, token, action, busy, problem } = state;
  const accept = action === 'accept';
  const send = async () => {
    if (busy) return;
    setState({ ...state, busy: true, problem: undefined });
    const result = await apiRequest('POST', `/mentor-requests/${encodeURIComponent(id)}/${action}?token=${encodeURIComponent(token)}`, mentorAnswerResponse, {
      idempotencyKey: keys.current.keyFor({ id, action }),
    });
    if (result.ok) {
      keys.current.settle();
      setState({ kind: 'done', action, status: result.data.request.status });
    } else if (result.kind === 'unavailable') {
      setState({ ...state, busy: false, problem: unavailableMessage });
    } else if (result.status === 403) {
      setState({ kind: 'invalid', message: result.error.message });
    } else {
      keys.current.settle();
      setState({ ...state, busy: false, problem: result.error.message });
    }
  };

  return (
    <div className="respond-answer">
      <p className="respond-answer__question">{accept ? 'Accept this mentoring request?' : 'Decline this mentoring request?'}</p>
      <p>
        {accept
          ? 'We will introduce you and the person who asked by email, and one of your mentoring places will be taken.'
          : 'We will let them know kindly and point them to other mentors. Your places stay free.'}
      </p>
      <div className="form__problem">{problem && <FormAlert>{problem}</FormAlert>}</div>
      <div className="form__actions">
        <button type="button" className={`button${accept ? '' : ' button--danger'}`} aria-disabled={busy || undefined} onClick={() => void send()}>
          {busy ? 'Sending…' : accept ? 'Yes, accept' : 'Yes, decline'}
        </button>
        <button type="button" className="link-button" onClick={() => setState({ ...state, action: accept ? 'decline' : 'accept', problem: undefined })}>
          {accept ? 'I would rather decline' : 'I would rather accept'}
        </button>
      </div>
    </div>
  );
}
