/**
 * The newsletter's subscribe form (/newsletter/): address, topics, regions,
 * frequency, consent. The answer is the same whatever the address, so the
 * form says the same thing every time: check your inbox for the link.
 */
import './zod-jitless';
import '../styles/forms.css';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { subscribeResponse, subscriptionRequest, type SubscriptionInput } from '../../functions/schemas/subscription';
import { fieldErrors } from '../../functions/schemas/field-errors';
import { readerTimeZone } from '../lib/format';
import { apiRequest, SubmissionKeys, unavailableMessage } from './api-client';
import { Checkbox, FormAlert, Honeypot, TextField } from './form/fields';
import { Fallback, useHydrated } from './form/hydrated';
import { NewsletterChoices } from './newsletter-choices';

export interface SubscribeFormProps {
  topics: string[];
  regions: string[];
  children?: ReactNode;
}

export default function SubscribeForm({ topics, regions, children }: SubscribeFormProps) {
  const hydrated = useHydrated();
  const [values, setValues] = useState({ email: '', name: '', topics: [] as string[], regions: [] as string[], frequency: 'monthly', consent: false, company: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [state, setState] = useState<'editing' | 'busy' | 'done'>('editing');
  const [problem, setProblem] = useState<string>();
  const keys = useRef(new SubmissionKeys());
  const set =
    <K extends keyof typeof values>(key: K) =>
    (value: (typeof values)[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  if (!hydrated) return <Fallback>{children}</Fallback>;
  if (state === 'done') {
    return (
      <div className="form-success" data-outcome="pending">
        <h3 className="form-success__title">Check your inbox</h3>
        <p>
          We have sent a link to <strong>{values.email}</strong>. Follow it to confirm, and the newsletter starts. Nothing is sent until you do. If no email arrives within a few minutes, look in your
          spam folder; you may already be subscribed, in which case we sent your preferences link instead.
        </p>
      </div>
    );
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (state === 'busy') return;
    const body: SubscriptionInput = {
      ...values,
      name: values.name || undefined,
      frequency: values.frequency as 'monthly' | 'weekly',
      consent: values.consent as true,
      ...(readerTimeZone() ? { timeZone: readerTimeZone() } : {}),
    };
    const checked = subscriptionRequest.safeParse(body);
    if (!checked.success) {
      setErrors(fieldErrors(checked.error));
      return;
    }
    setErrors({});
    setProblem(undefined);
    setState('busy');
    const result = await apiRequest('POST', '/subscriptions', subscribeResponse, { body, proofOfWork: true, idempotencyKey: keys.current.keyFor(body) });
    if (result.ok) {
      keys.current.settle();
      setState('done');
      return;
    }
    setState('editing');
    if (result.kind === 'unavailable') setProblem(unavailableMessage);
    else {
      keys.current.settle();
      setErrors(result.error.fields ?? {});
      setProblem(result.error.message);
    }
  };

  return (
    <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Subscribe to the newsletter">
      <div className="field-row">
        <TextField name="email" label="Email address" type="email" autoComplete="email" value={values.email} onChange={set('email')} error={errors.email} />
        <TextField name="name" label="Your name" optional autoComplete="name" value={values.name} onChange={set('name')} error={errors.name} />
      </div>
      <NewsletterChoices topics={topics} regions={regions} value={values} onChange={(changed) => setValues((v) => ({ ...v, ...changed }))} errors={errors} />
      <Checkbox
        name="consent"
        label="Yes, email me the alumni newsletter. I can change or stop it from a link in every email."
        checked={values.consent}
        onChange={set('consent')}
        error={errors.consent}
        hint="We use your address for the newsletter only, never for anything else, and keep no tracking of what you open."
      />
      <Honeypot value={values.company} onChange={set('company')} />
      <div className="form__problem">{problem && <FormAlert>{problem}</FormAlert>}</div>
      <div className="form__actions">
        <button type="submit" className="button" aria-disabled={state === 'busy' || undefined}>
          {state === 'busy' ? 'Subscribing…' : 'Subscribe'}
        </button>
      </div>
    </form>
  );
}
