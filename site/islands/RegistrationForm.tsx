/**
 * Event registration (`data-form-mount="registration"` on /events/{slug}/):
 * live availability, the form checked with the API's own schema, and the
 * outcome (confirmed, or a place on the waitlist) with what happens next.
 */
import './zod-jitless';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { isTimeZone } from '../../functions/schemas/fields';
import { availabilityResponse, registrationRequest, registrationResponse, type AvailabilityResponse, type RegistrationResponse } from '../../functions/schemas/registration';
import '../styles/forms.css';
import { AlsoSubscribe, subscribeAlso } from './also-subscribe';
import { apiRequest } from './api-client';
import { Checkbox, FormAlert, Honeypot, ProblemSlot, SelectField, SubmitButton, TextField } from './form/fields';
import { Fallback, useHydrated } from './form/hydrated';
import { SentFallback, successModule } from './form/outcome';
import { problemMessage, useFormValues, useSubmission } from './form/use-form';
import { formatInstant, readerTimeZone } from '../lib/format';

type Availability = AvailabilityResponse;

interface Props {
  event: string;
  title: string;
  maxGuests: number;
  children?: ReactNode;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

type Outcomes = typeof import('./outcomes');
/** The sent state's panel and calendar link, loaded when the form is sent. */
const loadOutcomes = successModule(() => import('./outcomes'));

function useAvailability(event: string) {
  const [availability, setAvailability] = useState<Availability | null | 'unavailable'>(null);
  const refresh = useCallback(async () => {
    const result = await apiRequest('GET', `/events/${encodeURIComponent(event)}/availability`, availabilityResponse, { cache: 'no-cache' });
    setAvailability(result.ok ? result.data : 'unavailable');
  }, [event]);
  useEffect(() => {
    void refresh();
    const onVisible = () => document.visibilityState === 'visible' && void refresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [refresh]);
  return { availability, refresh };
}

function AvailabilityLine({ availability }: { availability: Availability | null | 'unavailable' }) {
  if (availability === null) return <p className="availability availability--pending">Checking places…</p>;
  if (availability === 'unavailable') return <p className="availability">We cannot check the places left right now; you can still register.</p>;
  const { status, capacity, remaining } = availability;
  if (status === 'waitlist') {
    return (
      <p className="availability availability--full">
        <strong>All places are taken.</strong> Join the waitlist: places that free up go to the waitlist in order, and we email you as soon as you have one.
      </p>
    );
  }
  if (capacity === null || remaining === null) return <p className="availability availability--open">Places are open: everyone is welcome.</p>;
  return (
    <p className={`availability ${remaining <= 5 ? 'availability--few' : 'availability--open'}`}>
      <strong>{remaining <= 5 ? `Only ${plural(remaining, 'place', 'places')} left` : `${remaining} of ${capacity} places left`}</strong>
    </p>
  );
}

const initial = { name: '', email: '', classYear: '', guests: '0', dietary: '', accessibility: '', consent: false, newsletter: false, company: '' };

export default function RegistrationForm({ event, title, maxGuests, children }: Props) {
  const hydrated = useHydrated();
  const { availability, refresh } = useAvailability(event);
  const { values, set, errors, setErrors } = useFormValues(initial);
  const { formRef, alertRef, busy, problem, submit } = useSubmission(setErrors);
  const [done, setDone] = useState<{ registration: RegistrationResponse['registration']; outcomes: Outcomes | null } | null>(null);

  if (!hydrated) return <Fallback>{children}</Fallback>;

  if (done) {
    return done.outcomes ? (
      <done.outcomes.RegistrationOutcome registration={done.registration} event={event} title={title} email={values.email.trim()} />
    ) : (
      <SentFallback outcome={done.registration.status} email={values.email.trim()} />
    );
  }

  if (availability !== null && availability !== 'unavailable' && (availability.status === 'closed' || availability.status === 'not_open_yet')) {
    return (
      <div className="form-closed">
        {availability.status === 'closed' ? (
          <p>
            <strong>Registration has closed.</strong> See what is coming up on the <a href="/events/">events page</a>.
          </p>
        ) : (
          <p>
            <strong>Registration opens on {formatInstant(availability.opensAt ?? availability.closesAt)}.</strong> Come back then to take your place.
          </p>
        )}
      </div>
    );
  }

  const guests = Number(values.guests);
  const seats = 1 + guests;
  const remaining = availability !== null && availability !== 'unavailable' ? availability.remaining : null;
  const joinsWaitlist = availability !== null && availability !== 'unavailable' && (availability.status === 'waitlist' || (remaining !== null && seats > remaining));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void loadOutcomes();
    const timeZone = readerTimeZone();
    const body = {
      name: values.name,
      // Left out when empty, so the message asks for it rather than calling it invalid.
      ...(values.email.trim() ? { email: values.email } : {}),
      ...(values.classYear.trim() ? { classYear: /^\s*\d+\s*$/.test(values.classYear) ? Number(values.classYear) : values.classYear } : {}),
      guests,
      dietary: values.dietary,
      accessibility: values.accessibility,
      ...(timeZone && isTimeZone(timeZone) ? { timeZone } : {}),
      consent: values.consent,
      company: values.company,
    };
    void submit({
      schema: registrationRequest,
      body,
      send: (b, key) => apiRequest('POST', `/events/${encodeURIComponent(event)}/registrations`, registrationResponse, { body: b, idempotencyKey: key, proofOfWork: true }),
      onSuccess: async (data) => {
        if (values.newsletter) void subscribeAlso(values.email, values.name);
        void refresh();
        setDone({ registration: data.registration, outcomes: await loadOutcomes() });
      },
      onApiError: (error) => {
        if (error.code === 'registration_closed') void refresh();
        return false;
      },
    });
  };

  const guestOptions = Array.from({ length: maxGuests + 1 }, (_, n) => ({ value: String(n), label: n === 0 ? 'No guests, just me' : plural(n, 'guest', 'guests') }));

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit} aria-label={`Register for ${title}`}>
      <AvailabilityLine availability={availability} />
      <ProblemSlot alertRef={alertRef}>{problem && <FormAlert>{problemMessage(problem)}</FormAlert>}</ProblemSlot>
      <div className="field-row">
        <TextField
          name="name"
          label="Your name"
          value={values.name}
          onChange={(v) => set('name', v)}
          error={errors['name']}
          autoComplete="name"
          maxLength={100}
          hint="As it should appear on your badge."
        />
        <TextField
          name="email"
          label="Email address"
          type="email"
          value={values.email}
          onChange={(v) => set('email', v)}
          error={errors['email']}
          autoComplete="email"
          hint="For your confirmation and private link."
          spellCheck={false}
        />
      </div>
      <div className="field-row">
        <TextField
          name="classYear"
          label="Class year"
          optional
          value={values.classYear}
          onChange={(v) => set('classYear', v)}
          error={errors['classYear']}
          inputMode="numeric"
          size="short"
          maxLength={4}
          hint="The year you graduated, or will."
        />
        {maxGuests > 0 && (
          <SelectField
            name="guests"
            label="Guests"
            value={values.guests}
            onChange={(v) => set('guests', v)}
            options={guestOptions}
            error={errors['guests']}
            hint={`Up to ${plural(maxGuests, 'guest', 'guests')}.`}
          />
        )}
      </div>
      {joinsWaitlist && typeof availability === 'object' && availability?.status === 'open' && remaining !== null && (
        <p className="form__note">
          Only {plural(remaining, 'place is', 'places are')} left: a registration for {plural(seats, 'person', 'people')} would join the waitlist. Places are given all together or not at all.
        </p>
      )}
      <TextField
        name="dietary"
        label="Dietary needs"
        optional
        value={values.dietary}
        onChange={(v) => set('dietary', v)}
        error={errors['dietary']}
        maxLength={200}
        hint="For example vegetarian, halal, or a nut allergy, for you and your guests."
      />
      <TextField
        name="accessibility"
        label="Accessibility needs"
        optional
        value={values.accessibility}
        onChange={(v) => set('accessibility', v)}
        error={errors['accessibility']}
        maxLength={200}
        hint="Step-free access, a sign language interpreter, a quiet space: tell us and we will arrange it."
      />
      <Checkbox
        name="consent"
        label="I agree that the alumni office may use these details to run this event and email me about it."
        checked={values.consent}
        onChange={(v) => set('consent', v)}
        error={errors['consent']}
        hint="We keep registrations for a year after the event, then delete them."
      />
      <AlsoSubscribe checked={values.newsletter} onChange={(v) => set('newsletter', v)} />
      <Honeypot value={values.company} onChange={(v) => set('company', v)} />
      <div className="form__actions">
        <SubmitButton busy={busy} busyLabel="Sending…">
          {joinsWaitlist ? 'Join the waitlist' : 'Register'}
        </SubmitButton>
      </div>
    </form>
  );
}
