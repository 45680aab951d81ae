/**
 * The change form on the manage page: guests, dietary and accessibility
 * needs, and (for events that list who is coming) whether to be listed.
 * Sends only what changed, as `PATCH /api/registrations/{id}?token=…`,
 * checked with the same zod schema as the API.
 */
import { useRef, useState } from 'react';
import { editRegistrationRequest, manageRegistrationResponse, type ManageRegistrationResponse } from '../../functions/schemas/registration';
import { apiRequest, SubmissionKeys, unavailableMessage } from './api-client';
import { Checkbox, FormAlert, SelectField, SubmitButton, TextField } from './form/fields';

type RegistrationView = ManageRegistrationResponse['registration'];

interface Props {
  registration: RegistrationView;
  link: { id: string; token: string };
  maxGuests: number;
  whosComing: boolean;
  onSaved: (registration: RegistrationView) => void;
}

export default function EditRegistration({ registration: r, link, maxGuests, whosComing, onSaved }: Props) {
  const [guests, setGuests] = useState(String(r.guests ?? r.seats - 1));
  const [dietary, setDietary] = useState(r.dietary ?? '');
  const [accessibility, setAccessibility] = useState(r.accessibility ?? '');
  const [listed, setListed] = useState(r.showInAttendees ?? false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'error' | 'info'; text: string } | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const keys = useRef(new SubmissionKeys());

  const changes = {
    ...(Number(guests) !== (r.guests ?? r.seats - 1) ? { guests: Number(guests) } : {}),
    ...(dietary.trim() !== (r.dietary ?? '') ? { dietary } : {}),
    ...(accessibility.trim() !== (r.accessibility ?? '') ? { accessibility } : {}),
    ...(whosComing && listed !== (r.showInAttendees ?? false) ? { showInAttendees: listed } : {}),
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setOutcome(undefined);
    if (Object.keys(changes).length === 0) {
      setOutcome({ tone: 'info', text: 'Nothing to save: your registration is as shown.' });
      return;
    }
    const checked = editRegistrationRequest.safeParse(changes);
    if (!checked.success) {
      setErrors(Object.fromEntries(checked.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await apiRequest('PATCH', `/registrations/${encodeURIComponent(link.id)}?token=${encodeURIComponent(link.token)}`, manageRegistrationResponse, {
      body: changes,
      idempotencyKey: keys.current.keyFor(changes),
    });
    setBusy(false);
    if (result.ok) {
      keys.current.settle();
      onSaved(result.data.registration);
      setOutcome({ tone: 'info', text: 'Saved. Your registration is updated.' });
    } else if (result.kind === 'unavailable') setOutcome({ tone: 'error', text: unavailableMessage });
    else {
      setErrors(result.error.fields ?? {});
      setOutcome({ tone: 'error', text: result.error.message });
    }
  };

  const guestOptions = Array.from({ length: maxGuests + 1 }, (_, n) => ({ value: String(n), label: n === 0 ? 'No guests' : n === 1 ? '1 guest' : `${n} guests` }));
  return (
    <form className="form edit-registration" noValidate onSubmit={(e) => void save(e)} aria-labelledby="edit-title">
      <h2 id="edit-title">Change your registration</h2>
      {maxGuests > 0 && (
        <SelectField
          name="guests"
          label="Guests"
          value={guests}
          onChange={setGuests}
          options={guestOptions}
          hint={r.status === 'waitlisted' ? 'Your place on the waitlist stays the same.' : 'More guests only if places are free now; fewer give places to the waitlist.'}
          error={errors.guests}
        />
      )}
      <TextField name="dietary" label="Dietary needs" value={dietary} onChange={setDietary} optional maxLength={200} error={errors.dietary} />
      <TextField name="accessibility" label="Accessibility needs" value={accessibility} onChange={setAccessibility} optional maxLength={200} error={errors.accessibility} />
      {whosComing && (
        <Checkbox
          name="showInAttendees"
          label="List my name and class year on the event page"
          checked={listed}
          onChange={setListed}
          hint="Only people with a confirmed place are listed, never your email address. Untick to be removed at once."
          error={errors.showInAttendees}
        />
      )}
      <div aria-live="polite">{outcome && <FormAlert tone={outcome.tone}>{outcome.text}</FormAlert>}</div>
      <div className="form__actions">
        <SubmitButton busy={busy} busyLabel="Saving…">
          Save changes
        </SubmitButton>
      </div>
    </form>
  );
}
