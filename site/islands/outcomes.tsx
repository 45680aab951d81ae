/**
 * What the registration, donation and mentor request forms show once sent,
 * loaded only then (`successModule` in ./form/outcome): the form pages do not
 * download the calendar link, the pledge's reference or the suggested mentors
 * before anyone has sent anything.
 */
import type { PledgeResponse } from '../../functions/schemas/donation';
import type { MentorRequestResponse } from '../../functions/schemas/mentor-request';
import type { RegistrationResponse } from '../../functions/schemas/registration';
import { formatInstant, formatMoney } from '../lib/format';
import { FormOutcome } from './form/outcome';
import { Suggestions, type MentorOption } from './mentor-suggestions';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function RegistrationOutcome({ registration: done, event, title, email }: { registration: RegistrationResponse['registration']; event: string; title: string; email: string }) {
  const guests = done.seats - 1;
  if (done.status === 'held') {
    const by = done.heldUntil ? formatInstant(done.heldUntil) : undefined;
    return (
      <FormOutcome outcome="held" title="Check your email to confirm your place">
        <p>
          We are holding {guests > 0 ? `${done.seats} places` : 'a place'} at {title} for you{by ? ` until ${by}` : ''}. It is yours once you open the link we sent to {email} and confirm; if you do
          not confirm in time, it goes to the next person waiting. If the email does not arrive in a few minutes, check your spam folder.
        </p>
      </FormOutcome>
    );
  }
  return (
    <FormOutcome outcome={done.status} title={done.status === 'confirmed' ? 'You are registered' : `You are on the waitlist: number ${done.position ?? '?'}`}>
      {done.status === 'confirmed' ? (
        <p>
          Your place at {title} is confirmed{guests > 0 ? `, with ${plural(guests, 'guest', 'guests')}: ${done.seats} places in all` : ''}.
        </p>
      ) : (
        <p>
          All places are taken right now. Places that free up go to the waitlist in order: we email you as soon as you have one
          {guests > 0 ? ` (${done.seats} places together)` : ''}.
        </p>
      )}
      <p>
        <strong>Check your email.</strong> We have sent {done.status === 'confirmed' ? 'a confirmation' : 'a waitlist notice'} to {email}, with a private link to change or cancel your registration. If
        it does not arrive in a few minutes, check your spam folder.
      </p>
      {done.status === 'confirmed' && (
        <p>
          <a className="button button--ghost" href={`/events/${event}.ics`} download>
            Add to my calendar (.ics)
          </a>
        </p>
      )}
    </FormOutcome>
  );
}

export function DonationOutcome({ pledge, monthly, fundTitle, email, locale }: { pledge: PledgeResponse['donation']; monthly: boolean; fundTitle: string; email: string; locale: string }) {
  return (
    <FormOutcome outcome="pledged" title="Thank you for your gift">
      <p>
        You pledged <strong>{formatMoney(pledge.amount, pledge.currency, locale)}</strong>
        {monthly ? ' a month' : ''} to the {fundTitle}.
      </p>
      <p>
        Your pledge reference: <span data-reference>{pledge.reference}</span>
      </p>
      <p>
        <strong>Check your email:</strong> we have sent a receipt with this reference to {email}. Our team will be in touch to complete the payment.
      </p>
    </FormOutcome>
  );
}

export function MentorRequestOutcome({
  sent,
  preferred,
  mentors,
  email,
  onChoose,
}: {
  sent: MentorRequestResponse;
  /** The mentor it was sent to, or '' for the alumni office. */
  preferred: string;
  mentors: MentorOption[];
  email: string;
  onChoose: (slug: string) => void;
}) {
  const preferredName = mentors.find((m) => m.slug === preferred)?.name ?? preferred;
  return (
    <div className="mentor-sent">
      <FormOutcome outcome="sent" title="Your request is on its way">
        {preferred ? (
          <p>
            We have sent it to <strong>{preferredName}</strong>, who answers by email. When they accept, we introduce you to each other.
          </p>
        ) : (
          <p>The alumni office will look at it and help you find a mentor. You can also ask one of the mentors below yourself: we send them your request and they answer by email.</p>
        )}
        <p>
          <strong>Check your email:</strong> we have sent a confirmation to {email}.
        </p>
      </FormOutcome>
      <Suggestions
        heading={preferred ? 'Other mentors who fit' : 'Mentors who fit your request'}
        suggestions={sent.suggestions.filter((s) => s.mentor !== preferred)}
        mentors={mentors}
        {...(preferred ? {} : { onChoose })}
      />
    </div>
  );
}
