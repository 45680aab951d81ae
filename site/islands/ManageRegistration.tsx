/**
 * The page behind the emailed manage link (/events/{slug}/manage/?r={id}&t={token}):
 * shows the registration, changes it (EditRegistration) and cancels it after a confirmation step.
 * A held registration (events with `confirmWithin`) is confirmed here: the email's confirm link opens this page
 * (`&confirm=1`), whose button posts the confirmation, so a mail scanner opening the link confirms nothing.
 */
import './zod-jitless';
import '../styles/forms.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { manageRegistrationResponse, type ManageRegistrationResponse } from '../../functions/schemas/registration';
import { formatInstant } from '../lib/format';
import { apiRequest, SubmissionKeys, unavailableMessage } from './api-client';
import EditRegistration from './EditRegistration';
import { FormAlert } from './form/fields';
import { Fallback, queryParam, useHydrated } from './form/hydrated';

type RegistrationView = ManageRegistrationResponse['registration'];

type State =
  | { kind: 'loading' }
  | { kind: 'invalid'; message: string }
  | { kind: 'unavailable' }
  | { kind: 'shown'; registration: RegistrationView; confirming: boolean; busy: boolean; problem?: string | undefined; justCancelled?: boolean; justConfirmed?: boolean };

interface Props {
  event: string;
  title: string;
  /** Guests each registrant may bring, and whether the event lists who is coming: what the change form offers. */
  maxGuests?: number;
  whosComing?: boolean;
  /** The event has started (or was cancelled): the registration can no longer be changed. */
  closed?: boolean;
  children?: ReactNode;
}

const invalidLink = 'This link is not valid. Please use the link from your most recent email about this event.';

/** When a hold ends, on the reader's own clock in the site's wording (the email gives it in the event's zone). */
const holdEnds = formatInstant;

export default function ManageRegistration({ event, title, maxGuests = 0, whosComing = false, closed = false, children }: Props) {
  const hydrated = useHydrated();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [link, setLink] = useState<{ id: string; token: string } | null>(null);
  const keys = useRef(new SubmissionKeys());
  const focusRef = useRef<HTMLHeadingElement>(null);

  const load = async (id: string, token: string) => {
    setState({ kind: 'loading' });
    const result = await apiRequest('GET', `/registrations/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`, manageRegistrationResponse);
    if (result.ok) {
      if (result.data.registration.event !== event) setState({ kind: 'invalid', message: invalidLink });
      else setState({ kind: 'shown', registration: result.data.registration, confirming: false, busy: false });
    } else if (result.kind === 'unavailable') setState({ kind: 'unavailable' });
    else setState({ kind: 'invalid', message: result.status === 403 || result.status === 404 ? invalidLink : result.error.message });
  };

  useEffect(() => {
    const id = queryParam('r');
    const token = queryParam('t');
    if (!id || !token) {
      setState({ kind: 'invalid', message: 'This page opens from the private link in your registration email. The link you followed is incomplete: please open it again from the email.' });
      return;
    }
    setLink({ id, token });
    void load(id, token);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (state.kind === 'shown' && (state.confirming || state.justCancelled || state.justConfirmed || state.registration.status === 'held')) focusRef.current?.focus();
  }, [state]);

  if (!hydrated) return <Fallback>{children}</Fallback>;

  if (state.kind === 'loading') return <p className="availability availability--pending">Loading your registration…</p>;
  if (state.kind === 'invalid') {
    return (
      <FormAlert title="We could not open this registration">
        <p>{state.message}</p>
        <p>
          You can also register again on the <a href={`/events/${event}/`}>event page</a>.
        </p>
      </FormAlert>
    );
  }
  if (state.kind === 'unavailable') {
    return (
      <FormAlert title="We could not load your registration">
        <p>The service is unavailable right now. Please try again in a moment.</p>
        <p>
          <button type="button" className="button button--ghost" onClick={() => link && void load(link.id, link.token)}>
            Try again
          </button>
        </p>
      </FormAlert>
    );
  }

  const { registration: r, confirming, busy, problem, justCancelled, justConfirmed } = state;
  const guests = r.seats - 1;
  const who = guests > 0 ? `you and ${guests === 1 ? 'one guest' : `${guests} guests`}` : 'you';

  const cancel = async () => {
    if (busy || !link) return;
    setState({ ...state, busy: true, problem: undefined });
    const result = await apiRequest('DELETE', `/registrations/${encodeURIComponent(link.id)}?token=${encodeURIComponent(link.token)}`, manageRegistrationResponse, {
      idempotencyKey: keys.current.keyFor({ cancel: link.id }),
    });
    if (result.ok) {
      keys.current.settle();
      setState({ kind: 'shown', registration: result.data.registration, confirming: false, busy: false, justCancelled: true });
    } else {
      setState({ ...state, busy: false, problem: result.kind === 'unavailable' ? unavailableMessage : result.error.message });
    }
  };

  const confirmHold = async () => {
    if (busy || !link) return;
    setState({ ...state, busy: true, problem: undefined });
    const result = await apiRequest('POST', `/registrations/${encodeURIComponent(link.id)}/confirm?token=${encodeURIComponent(link.token)}`, manageRegistrationResponse, {
      idempotencyKey: keys.current.keyFor({ confirm: link.id }),
    });
    if (result.ok) {
      keys.current.settle();
      setState({ kind: 'shown', registration: result.data.registration, confirming: false, busy: false, justConfirmed: result.data.registration.status === 'confirmed' });
    } else if (result.kind === 'error' && result.error.code === 'hold_expired') {
      // The hold ended first: show the registration as it now stands (released), with the reason.
      keys.current.settle();
      await load(link.id, link.token);
    } else {
      setState({ ...state, busy: false, problem: result.kind === 'unavailable' ? unavailableMessage : result.error.message });
    }
  };

  if (r.status === 'cancelled' && r.holdLapsed) {
    return (
      <div className="form-closed" data-outcome="hold-lapsed">
        <h3 ref={focusRef} tabIndex={-1}>
          Your hold on {r.seats === 1 ? 'this place' : 'these places'} ended
        </h3>
        <p>
          {r.name}, we held {r.seats === 1 ? 'a place' : `${r.seats} places`} at {title} for you{r.heldUntil ? ` until ${holdEnds(r.heldUntil)}` : ''}, but it was not confirmed in time, so it went to
          the next people waiting.
        </p>
        <p>
          Still want to come? <a href={`/events/${event}/`}>Register again on the event page</a>, if places are left.
        </p>
      </div>
    );
  }

  if (r.status === 'cancelled') {
    return (
      <div className={justCancelled ? 'form-success' : 'form-closed'} data-outcome="cancelled">
        <h3 ref={focusRef} tabIndex={-1} className={justCancelled ? 'form-success__title' : ''}>
          {justCancelled ? 'Your registration is cancelled' : 'This registration was cancelled'}
        </h3>
        <p>
          {r.name}, your {r.seats === 1 ? 'place' : `${r.seats} places`} at {title} {justCancelled ? 'now go' : 'went'} to the next people on the waitlist, if there are any.
          {justCancelled && ' We have emailed you to confirm.'}
        </p>
        <p>
          Changed your mind? <a href={`/events/${event}/`}>Register again on the event page</a>, if places are left.
        </p>
      </div>
    );
  }

  return (
    <div className="manage">
      <dl className="facts manage__facts">
        <dt>Name</dt>
        <dd>{r.name}</dd>
        <dt>Status</dt>
        <dd>
          {r.status === 'confirmed' ? (
            <strong className="status status--confirmed">Confirmed</strong>
          ) : r.status === 'held' ? (
            <strong className="status status--waitlisted">Held for you, not yet confirmed</strong>
          ) : (
            <strong className="status status--waitlisted">On the waitlist{r.position ? `: number ${r.position}` : ''}</strong>
          )}
        </dd>
        <dt>Places</dt>
        <dd>
          {r.seats} ({who})
        </dd>
      </dl>
      {r.status === 'held' && (
        <div className="confirm-hold" role="group" aria-labelledby="confirm-hold-title" data-outcome="held">
          <h3 id="confirm-hold-title" ref={focusRef} tabIndex={-1}>
            Confirm your place{r.heldUntil ? ` by ${holdEnds(r.heldUntil)}` : ''}
          </h3>
          <p>
            We are holding {r.seats === 1 ? 'your place' : `your ${r.seats} places`}. If you do not confirm in time, {r.seats === 1 ? 'it goes' : 'they go'} to the next person waiting.
          </p>
          <div className="form__actions">
            <button type="button" className="button" aria-disabled={busy || undefined} onClick={() => void confirmHold()}>
              {busy ? 'Confirming…' : 'Confirm my place'}
            </button>
          </div>
        </div>
      )}
      {justConfirmed && (
        <p ref={focusRef} tabIndex={-1} className="form-success__title">
          Your place is confirmed. We have emailed your confirmation with a calendar file.
        </p>
      )}
      {r.status === 'waitlisted' && <p>Places that free up go to the waitlist in order. We email you as soon as you have one.</p>}
      {r.status === 'confirmed' && (
        <p>
          <a href={`/events/${event}.ics`} download>
            Add the event to my calendar (.ics)
          </a>
        </p>
      )}
      {!closed && link && (
        <EditRegistration
          registration={r}
          link={link}
          maxGuests={maxGuests}
          whosComing={whosComing}
          onSaved={(registration) => setState({ kind: 'shown', registration, confirming: false, busy: false })}
        />
      )}
      <div className="form__problem">{problem && <FormAlert>{problem}</FormAlert>}</div>
      {closed ? null : confirming ? (
        <div className="confirm" role="group" aria-labelledby="confirm-title">
          <h3 id="confirm-title" ref={focusRef} tabIndex={-1}>
            Cancel your registration?
          </h3>
          <p>
            {guests === 0 ? 'Your place' : guests === 1 ? 'Both places' : `All ${r.seats} places`} will go to the next {guests > 0 ? 'people' : 'person'} on the waitlist. You cannot undo this, but you
            can register again if places are left.
          </p>
          <div className="form__actions">
            <button type="button" className="button button--danger" aria-disabled={busy || undefined} onClick={() => void cancel()}>
              {busy ? 'Cancelling…' : 'Yes, cancel my registration'}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setState({ ...state, confirming: false, problem: undefined })}>
              No, keep my place
            </button>
          </div>
        </div>
      ) : (
        <div className="form__actions">
          <button type="button" className="button button--ghost" onClick={() => setState({ ...state, confirming: true })}>
            Cancel my registration
          </button>
        </div>
      )}
    </div>
  );
}
