/**
 * The pages reached from the newsletter's emails, by signed link
 * (?id=…&token=…): /newsletter/confirm/ confirms the subscription, then shows
 * the preferences; /newsletter/preferences/ changes topics, regions,
 * frequency and time zone, and unsubscribes. No account, no password.
 */
import './zod-jitless';
import '../styles/forms.css';
import { useEffect, useState, type ReactNode } from 'react';
import { subscriptionResponse, type SubscriptionResponse } from '../../functions/schemas/subscription';
import { readerTimeZone } from '../lib/format';
import { apiRequest, unavailableMessage } from './api-client';
import { FormAlert, SelectField } from './form/fields';
import { Fallback, queryParam, useHydrated } from './form/hydrated';
import { NewsletterChoices } from './newsletter-choices';

type Subscription = SubscriptionResponse['subscription'];

type State = { kind: 'loading' } | { kind: 'invalid'; message: string } | { kind: 'ready'; subscription: Subscription; busy: boolean; note?: string | undefined; problem?: string | undefined };

const incomplete = 'This page opens from the link in one of our newsletter emails. The link you followed is incomplete: please open it again from the email.';

export default function SubscriptionPreferences({ mode, topics, regions, children }: { mode: 'confirm' | 'preferences'; topics: string[]; regions: string[]; children?: ReactNode }) {
  const hydrated = useHydrated();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [draft, setDraft] = useState({ topics: [] as string[], regions: [] as string[], frequency: 'monthly', timeZone: '' });
  // The link's id and token, read in the browser (the page is built without them).
  const [link, setLink] = useState({ path: '', query: '' });
  const { path, query } = link;

  const show = (subscription: Subscription, note?: string) => {
    setDraft({ topics: subscription.topics ?? [], regions: subscription.regions ?? [], frequency: subscription.frequency ?? 'monthly', timeZone: subscription.timeZone ?? '' });
    setState({ kind: 'ready', subscription, busy: false, note });
  };

  useEffect(() => {
    const id = queryParam('id') ?? '';
    const token = queryParam('token') ?? '';
    if (!id || !token) return setState({ kind: 'invalid', message: incomplete });
    const path = `/subscriptions/${encodeURIComponent(id)}`;
    const query = `?token=${encodeURIComponent(token)}`;
    setLink({ path, query });
    void (async () => {
      const result = mode === 'confirm' ? await apiRequest('POST', `${path}/confirm${query}`, subscriptionResponse) : await apiRequest('GET', `${path}${query}`, subscriptionResponse);
      if (result.ok) show(result.data.subscription, mode === 'confirm' ? 'Your subscription is confirmed. Welcome! You can fine-tune it below.' : undefined);
      else setState({ kind: 'invalid', message: result.kind === 'unavailable' ? unavailableMessage : result.error.message });
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once, from the link
  }, []);

  if (!hydrated || state.kind === 'loading') return <Fallback>{children}</Fallback>;
  if (state.kind === 'invalid') {
    return (
      <FormAlert title="We could not open your subscription">
        <p>{state.message}</p>
        <p>
          <a href="/newsletter/">Subscribe again</a>
        </p>
      </FormAlert>
    );
  }
  const { subscription, busy, note, problem } = state;
  if (subscription.status === 'unsubscribed') {
    return (
      <div className="form-closed" data-outcome="unsubscribed">
        <h3>You are unsubscribed</h3>
        <p>
          We will not send you the newsletter again, and we keep nothing of your address or preferences. Changed your mind? You can always <a href="/newsletter/">subscribe again</a>.
        </p>
      </div>
    );
  }

  const send = async (method: 'PATCH' | 'DELETE') => {
    setState({ ...state, busy: true, problem: undefined, note: undefined });
    const body = method === 'PATCH' ? { topics: draft.topics, regions: draft.regions, frequency: draft.frequency, ...(draft.timeZone ? { timeZone: draft.timeZone } : {}) } : undefined;
    const result = await apiRequest(method, `${path}${query}`, subscriptionResponse, body ? { body } : {});
    if (result.ok) show(result.data.subscription, method === 'PATCH' ? 'Saved. The next newsletter follows your new choices.' : undefined);
    else setState({ ...state, busy: false, problem: result.kind === 'unavailable' ? unavailableMessage : result.error.message });
  };
  const zones = [...new Set([draft.timeZone, readerTimeZone() ?? '', ...Intl.supportedValuesOf('timeZone')].filter(Boolean))];

  return (
    <div className="form">
      {note && <FormAlert tone="info">{note}</FormAlert>}
      {subscription.status === 'pending' && <FormAlert tone="info">Your subscription is not confirmed yet: follow the link in the confirmation email to start it.</FormAlert>}
      <NewsletterChoices topics={topics} regions={regions} value={draft} onChange={(changed) => setDraft({ ...draft, ...changed })} />
      <SelectField
        name="timeZone"
        label="Time zone for event times"
        optional
        value={draft.timeZone}
        onChange={(v) => setDraft({ ...draft, timeZone: v })}
        options={[{ value: '', label: 'Each event’s own time zone' }, ...zones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }))]}
      />
      <div className="form__problem">{problem && <FormAlert>{problem}</FormAlert>}</div>
      <div className="form__actions">
        <button type="button" className="button" aria-disabled={busy || undefined} onClick={() => void send('PATCH')}>
          {busy ? 'Saving…' : 'Save my choices'}
        </button>
      </div>
      <section id="unsubscribe" aria-labelledby="unsubscribe-title">
        <h3 id="unsubscribe-title">Unsubscribe</h3>
        <p>One click, no questions: you will get no more newsletters, and we keep nothing of your address or preferences.</p>
        <button type="button" className="button button--danger" aria-disabled={busy || undefined} onClick={() => void send('DELETE')}>
          Unsubscribe
        </button>
      </section>
    </div>
  );
}
