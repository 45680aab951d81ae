/**
 * "Also subscribe me to the newsletter" on the registration, mentoring and
 * donation forms: a box of its own, unticked, never part of the form's
 * consent. Ticked, and once the form's own write has succeeded, the address
 * is sent to `POST /api/subscriptions` as the newsletter page would send it
 * (its own proof of work, monthly, every topic and region), so the person
 * gets the usual confirmation link and nothing more until they follow it.
 * What the subscription answers never changes the form's outcome: the
 * answer is `202 pending` whatever the address, and a failure only means no
 * confirmation email (the newsletter page is always there).
 */
import { subscribeResponse, subscriptionRequest, type SubscriptionInput } from '../../functions/schemas/subscription';
import { readerTimeZone } from '../lib/format';
import { apiRequest } from './api-client';
import { Checkbox } from './form/fields';

export function AlsoSubscribe({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <Checkbox
      name="newsletter"
      label="Also subscribe me to the newsletter"
      checked={checked}
      onChange={onChange}
      hint="Optional, and separate from the agreement above. Stories, events and mentoring news once a month; we email you a link to confirm first, and you can unsubscribe from any issue."
    />
  );
}

/** Subscribes `email` after the form's own write succeeded; never throws. */
export async function subscribeAlso(email: string, name?: string): Promise<void> {
  const zone = readerTimeZone();
  const body: SubscriptionInput = {
    email,
    ...(name?.trim() ? { name: name.trim().slice(0, 100) } : {}),
    topics: [],
    regions: [],
    frequency: 'monthly',
    ...(zone ? { timeZone: zone } : {}),
    consent: true,
    company: '',
  };
  const checked = subscriptionRequest.safeParse(body);
  if (!checked.success) return;
  try {
    await apiRequest('POST', '/subscriptions', subscribeResponse, { body, proofOfWork: true, idempotencyKey: crypto.randomUUID() });
  } catch {
    // The form has already succeeded; the newsletter page remains for another try.
  }
}
