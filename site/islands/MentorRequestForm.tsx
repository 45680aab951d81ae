/**
 * Mentor request on /mentoring/ (and from a profile: /mentoring/?mentor={slug}
 * chooses that mentor). After sending, the suggested mentors with the plain
 * reasons they fit; a chosen mentor without free places is explained, with
 * suggestions to choose from instead. Mentors who are full or paused right
 * now (`GET /api/mentors/availability`) are not offered as a choice; one
 * chosen on a profile who has since become unavailable is explained instead.
 */
import './zod-jitless';
import '../styles/forms.css';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import {
  mentoringFormat,
  mentoringRole,
  mentorRequest,
  mentorRequestResponse,
  mentorUnavailableDetails,
  type MentorRequestResponse,
  type MentorSuggestion,
} from '../../functions/schemas/mentor-request';
import { mentorsAvailabilityResponse, type MentorAvailability } from '../../functions/schemas/mentorship';
import { AlsoSubscribe, subscribeAlso } from './also-subscribe';
import { Suggestions, type MentorOption } from './mentor-suggestions';
import { apiRequest } from './api-client';
import { Checkbox, CheckboxGroup, FormAlert, Honeypot, ProblemSlot, RadioGroup, SelectField, SubmitButton, TextField } from './form/fields';
import { Fallback, queryParam, useHydrated } from './form/hydrated';
import { SentFallback, successModule } from './form/outcome';
import { problemMessage, useFormValues, useSubmission } from './form/use-form';

type Suggestion = MentorSuggestion;
type Sent = MentorRequestResponse;
type Outcomes = typeof import('./outcomes');
/** The sent state with the suggested mentors, loaded when the form is sent. */
const loadOutcomes = successModule(() => import('./outcomes'));

interface Props {
  mentors: MentorOption[];
  topics: string[];
  industries: string[];
  languages: string[];
  children?: ReactNode;
}

/** How each choice reads on the form; the choices themselves are the contract's. */
const formatChoices: Record<(typeof mentoringFormat.options)[number], { label: string; description: string }> = {
  'one-off': { label: 'One conversation', description: 'Advice before a decision' },
  'short-term': { label: 'A few sessions', description: 'Over one to three months' },
  'long-term': { label: 'Regular mentoring', description: 'Through a longer change' },
};
const roleChoices: Record<(typeof mentoringRole.options)[number], { label: string; description: string }> = {
  student: { label: 'A student', description: 'Studying at Northbridge now' },
  alumni: { label: 'A graduate', description: 'Northbridge alumni' },
};
const formats = mentoringFormat.options.map((value) => ({ value, ...formatChoices[value] }));
const roles = mentoringRole.options.map((value) => ({ value, ...roleChoices[value] }));
const topicsShownFirst = 12;

const initial = {
  name: '',
  email: '',
  role: '',
  program: '',
  classYear: '',
  goals: '',
  topics: [] as string[],
  otherTopics: '',
  industries: [] as string[],
  languages: [] as string[],
  country: '',
  preferredMentor: '',
  format: '',
  consent: false,
  newsletter: false,
  company: '',
};

export default function MentorRequestForm({ mentors, topics, industries, languages, children }: Props) {
  const hydrated = useHydrated();
  const { values, setValues, set, errors, setErrors } = useFormValues(initial);
  const { formRef, alertRef, busy, problem, setProblem, submit } = useSubmission(setErrors);
  const [sent, setSent] = useState<{ data: Sent; preferred: string; outcomes: Outcomes | null } | null>(null);
  const [unavailable, setUnavailable] = useState<{ message: string; suggestions: Suggestion[] } | null>(null);
  const [allTopics, setAllTopics] = useState(false);
  const [chosenNote, setChosenNote] = useState<string | null>(null);
  /** Live availability by mentor; until it arrives (or if it never does) every listed mentor is offered and the API has the last word. */
  const [availability, setAvailability] = useState<Record<string, MentorAvailability> | null>(null);
  const [unavailableChoice, setUnavailableChoice] = useState<string | null>(null);

  useEffect(() => {
    const slug = queryParam('mentor');
    if (slug && mentors.some((m) => m.slug === slug)) setValues((v) => ({ ...v, preferredMentor: slug }));
  }, [mentors, setValues]);
  useEffect(() => {
    let live = true;
    void apiRequest('GET', '/mentors/availability', mentorsAvailabilityResponse).then((result) => {
      if (live && result.ok) setAvailability(result.data.mentors);
    });
    return () => {
      live = false;
    };
  }, []);
  // A mentor chosen (on a profile) who is full or paused now is not kept as the choice: the form says why instead.
  useEffect(() => {
    const chosen = values.preferredMentor;
    const a = chosen && availability ? availability[chosen] : undefined;
    if (!a || (a.accepting && a.free > 0)) return;
    const name = mentors.find((m) => m.slug === chosen)?.name ?? chosen;
    setUnavailableChoice(a.accepting ? `${name} has no free mentoring place right now.` : `${name} is not taking mentoring requests right now.`);
    setValues((v) => ({ ...v, preferredMentor: '' }));
  }, [availability, values.preferredMentor, mentors, setValues]);

  if (!hydrated) return <Fallback>{children}</Fallback>;

  const mentorName = (slug: string) => mentors.find((m) => m.slug === slug)?.name ?? slug;

  const choose = (slug: string) => {
    setSent(null);
    setUnavailable(null);
    setProblem(null);
    setValues((v) => ({ ...v, preferredMentor: slug }));
    setChosenNote(slug ? `${mentorName(slug)} is now your chosen mentor. Check your request and send it.` : 'No mentor is chosen now. Check your request and send it.');
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('.form__submit')?.focus());
  };

  if (sent) {
    return sent.outcomes ? (
      <sent.outcomes.MentorRequestOutcome sent={sent.data} preferred={sent.preferred} mentors={mentors} email={values.email.trim()} onChoose={choose} />
    ) : (
      <SentFallback outcome="sent" email={values.email.trim()} />
    );
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void loadOutcomes();
    setUnavailable(null);
    setChosenNote(null);
    const typedTopics = values.otherTopics
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const body = {
      name: values.name,
      // Left out when empty, so the message asks for it rather than calling it invalid.
      ...(values.email.trim() ? { email: values.email } : {}),
      ...(values.role ? { role: values.role } : {}),
      program: values.program,
      ...(values.classYear.trim() ? { classYear: /^\s*\d+\s*$/.test(values.classYear) ? Number(values.classYear) : values.classYear } : {}),
      goals: values.goals,
      topics: [...values.topics, ...typedTopics.filter((t) => !values.topics.includes(t))],
      ...(values.industries.length ? { industries: values.industries } : {}),
      ...(values.languages.length ? { languages: values.languages } : {}),
      country: values.country,
      ...(values.preferredMentor ? { preferredMentor: values.preferredMentor } : {}),
      ...(values.format ? { format: values.format } : {}),
      consent: values.consent,
      company: values.company,
    };
    void submit({
      schema: mentorRequest,
      body,
      send: (b, key) => apiRequest('POST', '/mentor-requests', mentorRequestResponse, { body: b, idempotencyKey: key, proofOfWork: true }),
      onSuccess: async (data) => {
        if (values.newsletter) void subscribeAlso(values.email, values.name);
        setSent({ data, preferred: values.preferredMentor, outcomes: await loadOutcomes() });
      },
      onApiError: (error) => {
        if (error.code !== 'mentor_unavailable') return false;
        const details = mentorUnavailableDetails.safeParse(error);
        setUnavailable({ message: error.message, suggestions: details.success ? details.data.suggestions : [] });
        requestAnimationFrame(() => alertRef.current?.focus());
        return true;
      },
    });
  };

  const topicOptions = [...topics.filter((t) => values.topics.includes(t)), ...topics.filter((t) => !values.topics.includes(t))];
  const shownTopics = allTopics ? topics : topicOptions.slice(0, Math.max(topicsShownFirst, values.topics.length));
  const canAsk = (slug: string) => {
    const a = availability?.[slug];
    return availability === null || (a !== undefined && a.accepting && a.free > 0);
  };
  const mentorOptions = [
    { value: '', label: 'No preference: suggest mentors to me' },
    ...mentors.filter((m) => canAsk(m.slug)).map((m) => ({ value: m.slug, label: `${m.name} (${m.role}, ${m.country})` })),
  ];

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit} aria-label="Request a mentor">
      <ProblemSlot alertRef={alertRef}>
        {unavailable && (
          <FormAlert tone="info" title="Your request was not sent yet">
            <p>{unavailable.message}</p>
            <p>
              {unavailable.suggestions.length > 0 ? 'Ask one of the mentors below instead, or ' : 'You can '}
              <button type="button" className="link-button" onClick={() => choose('')}>
                send your request without a chosen mentor
              </button>
              : the alumni office will help you find one.
            </p>
          </FormAlert>
        )}
        {problem && <FormAlert>{problemMessage(problem)}</FormAlert>}
        {chosenNote && (
          <FormAlert tone="info">
            <p>{chosenNote}</p>
          </FormAlert>
        )}
        {unavailableChoice && !values.preferredMentor && (
          <FormAlert tone="info" title="Choose another mentor">
            <p>{unavailableChoice} Choose another mentor below, or send your request without one and we suggest mentors with free places.</p>
          </FormAlert>
        )}
      </ProblemSlot>
      {unavailable && <Suggestions heading="Mentors with free places who fit" suggestions={unavailable.suggestions} mentors={mentors} onChoose={choose} />}

      <SelectField
        name="preferredMentor"
        label="Mentor"
        value={values.preferredMentor}
        onChange={(v) => set('preferredMentor', v)}
        options={mentorOptions}
        error={errors['preferredMentor']}
        hint="Choose someone you would like to ask, or let us suggest mentors who fit."
      />
      <div className="field-row">
        <TextField name="name" label="Your name" value={values.name} onChange={(v) => set('name', v)} error={errors['name']} autoComplete="name" maxLength={100} />
        <TextField name="email" label="Email address" type="email" value={values.email} onChange={(v) => set('email', v)} error={errors['email']} autoComplete="email" spellCheck={false} />
      </div>
      <RadioGroup name="role" legend="I am" value={values.role} onChange={(v) => set('role', v)} options={roles} layout="cards" error={errors['role']} />
      <div className="field-row">
        <TextField
          name="program"
          label="Programme"
          optional
          value={values.program}
          onChange={(v) => set('program', v)}
          error={errors['program']}
          maxLength={120}
          hint="For example BSc Computer Science."
        />
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
      </div>
      <TextField
        name="goals"
        type="textarea"
        label="What do you hope to get from mentoring?"
        value={values.goals}
        onChange={(v) => set('goals', v)}
        error={errors['goals']}
        maxLength={2000}
        rows={5}
        hint={`A few sentences about where you are and where you want to go (at least 20 characters). ${values.goals.trim().length} of 2000 characters.`}
      />
      <div className="field-group">
        <CheckboxGroup
          name="topics"
          legend="Topics"
          options={shownTopics.map((t) => ({ value: t, label: t }))}
          values={values.topics}
          onChange={(v) => set('topics', v)}
          error={errors['topics']}
          hint="Choose at least one, or write your own below. Up to 10."
        />
        {!allTopics && topics.length > shownTopics.length && (
          <p className="choices__more">
            <button type="button" className="link-button" onClick={() => setAllTopics(true)}>
              Show all {topics.length} topics
            </button>
          </p>
        )}
        <TextField name="otherTopics" label="Other topics" optional value={values.otherTopics} onChange={(v) => set('otherTopics', v)} hint="Separate topics with commas." maxLength={300} />
      </div>
      <CheckboxGroup
        name="industries"
        legend="Industries"
        optional
        options={industries.map((t) => ({ value: t, label: t }))}
        values={values.industries}
        onChange={(v) => set('industries', v)}
        error={errors['industries']}
      />
      <CheckboxGroup
        name="languages"
        legend="Languages you would like to talk in"
        optional
        options={languages.map((t) => ({ value: t, label: t }))}
        values={values.languages}
        onChange={(v) => set('languages', v)}
        error={errors['languages']}
      />
      <TextField
        name="country"
        label="Country you live in"
        optional
        value={values.country}
        onChange={(v) => set('country', v)}
        error={errors['country']}
        autoComplete="country-name"
        maxLength={80}
        hint="Mentors in other countries are welcome matches too."
      />
      <RadioGroup name="format" legend="How much time would you like?" value={values.format} onChange={(v) => set('format', v)} options={formats} layout="cards" error={errors['format']} />
      <Checkbox
        name="consent"
        label="I agree that the alumni office may share my request, name and email with the mentor I am matched with, and email me about it."
        checked={values.consent}
        onChange={(v) => set('consent', v)}
        error={errors['consent']}
      />
      <AlsoSubscribe checked={values.newsletter} onChange={(v) => set('newsletter', v)} />
      <Honeypot value={values.company} onChange={(v) => set('company', v)} />
      <div className="form__actions">
        <SubmitButton busy={busy} busyLabel="Sending…">
          {values.preferredMentor ? `Send my request to ${mentorName(values.preferredMentor).split(' ')[0]}` : 'Send my request'}
        </SubmitButton>
      </div>
    </form>
  );
}
