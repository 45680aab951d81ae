/**
 * The page behind the private links in mentoring emails after a request
 * (/mentoring/manage/?action=…): end or extend a mentorship, answer a check-in
 * or the end survey, ask another mentor with the same request, and a mentor's
 * pause and resume. Nothing happens until the person confirms on the page, so
 * an email scanner that follows a link changes nothing.
 *
 *   ?action=end|extend|feedback|again&id={id}&as=mentor|mentee&token={token}  (feedback: &met=yes|no&rating=1–5; again: &mentor={slug})
 *   ?action=pause|resume&mentor={slug}&token={token}
 */
import './zod-jitless';
import '../styles/forms.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type * as z from 'zod/mini';
import { mentorRequestResponse, mentorUnavailableDetails, type MentorSuggestion } from '../../functions/schemas/mentor-request';
import { mentorPauseResponse, mentorshipFeedback, mentorshipFeedbackResponse, mentorshipResponse } from '../../functions/schemas/mentorship';
import { formatDate } from '../lib/format';
import { apiRequest, SubmissionKeys, unavailableMessage, type ApiResult } from './api-client';
import { FormAlert, RadioGroup, TextField } from './form/fields';
import { Fallback, queryParam, useHydrated } from './form/hydrated';

export interface MentorName {
  slug: string;
  name: string;
}

type Link =
  | { action: 'end' | 'extend' | 'feedback'; id: string; as: 'mentor' | 'mentee'; token: string }
  | { action: 'again'; id: string; as: 'mentee'; token: string; mentor: string }
  | { action: 'pause' | 'resume'; mentor: string; token: string };

type Done = { title: string; text: ReactNode; tone: 'success' | 'closed' };

const incomplete = 'This page opens from the links in the emails we send about a mentorship. The link you followed is incomplete: please open it again from the email.';
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The link's parameters, or undefined when they do not make a link this page knows. */
function readLink(): Link | undefined {
  const action = queryParam('action');
  const token = queryParam('token');
  const id = queryParam('id');
  const as = queryParam('as');
  const mentor = queryParam('mentor');
  if (!token) return undefined;
  if ((action === 'pause' || action === 'resume') && mentor && slugPattern.test(mentor)) return { action, mentor, token };
  if (!id || !idPattern.test(id)) return undefined;
  if (action === 'again') return as === 'mentee' && mentor && slugPattern.test(mentor) ? { action, id, as, token, mentor } : undefined;
  if ((action === 'end' || action === 'feedback') && (as === 'mentor' || as === 'mentee')) return { action, id, as, token };
  if (action === 'extend' && as === 'mentor') return { action, id, as, token };
  return undefined;
}

const ratingChoices = [
  { value: '1', label: '1', description: 'Not well' },
  { value: '2', label: '2' },
  { value: '3', label: '3' },
  { value: '4', label: '4' },
  { value: '5', label: '5', description: 'Very well' },
];
const metChoices = [
  { value: 'yes', label: 'Yes, we have met' },
  { value: 'no', label: 'Not yet' },
];

export default function MentorshipManage({ mentors, children }: { mentors: MentorName[]; children?: ReactNode }) {
  const hydrated = useHydrated();
  const [link, setLink] = useState<Link | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [suggestions, setSuggestions] = useState<MentorSuggestion[]>([]);
  const [met, setMet] = useState('');
  const [rating, setRating] = useState('');
  const [comment, setComment] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const keys = useRef(new SubmissionKeys());
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const read = readLink();
    setLink(read ?? null);
    if (read?.action === 'feedback') {
      const m = queryParam('met');
      const r = queryParam('rating');
      if (m === 'yes' || m === 'no') setMet(m);
      if (r && /^[1-5]$/.test(r)) setRating(r);
    }
  }, []);
  useEffect(() => {
    if (done || invalid) headingRef.current?.focus();
  }, [done, invalid]);

  if (!hydrated || link === undefined) return <Fallback>{children}</Fallback>;
  if (link === null || invalid) {
    return (
      <FormAlert title="We could not open this link">
        <p>{invalid ?? incomplete}</p>
        <p>
          <a href="/mentoring/">About mentoring at Northbridge</a>
        </p>
      </FormAlert>
    );
  }
  if (done) {
    return (
      <div className={done.tone === 'success' ? 'form-success' : 'form-closed'} data-outcome={link.action}>
        <h3 ref={headingRef} tabIndex={-1} className={done.tone === 'success' ? 'form-success__title' : undefined}>
          {done.title}
        </h3>
        {done.text}
        <p>
          <a href="/mentoring/guidelines/">Guidelines for mentors and mentees</a>
        </p>
      </div>
    );
  }

  const mentorName = (slug: string) => mentors.find((m) => m.slug === slug)?.name ?? 'this mentor';
  const path = (what: string) =>
    'id' in link
      ? `/mentor-requests/${encodeURIComponent(link.id)}/${what}?token=${encodeURIComponent(link.token)}`
      : `/mentors/${encodeURIComponent(link.mentor)}/${what}?token=${encodeURIComponent(link.token)}`;

  /** Sends once; an answer settles the attempt, a lost one keeps its key for the retry. */
  async function send<S extends z.ZodMiniType>(response: S, body: unknown, onOk: (data: z.output<S>) => void, onRefused?: (result: Extract<ApiResult<z.output<S>>, { kind: 'error' }>) => boolean) {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    const result = await apiRequest('POST', path(link!.action), response, { ...(body === undefined ? {} : { body }), idempotencyKey: keys.current.keyFor({ link, body }) });
    setBusy(false);
    if (result.ok) {
      keys.current.settle();
      onOk(result.data);
    } else if (result.kind === 'unavailable') {
      setProblem(unavailableMessage);
    } else {
      keys.current.settle();
      if (onRefused?.(result)) return;
      if (result.status === 403) setInvalid(result.error.message);
      else setProblem(result.error.message);
    }
  }

  const button = (label: string, onClick: () => void, danger = false) => (
    <div className="form__actions">
      <button type="button" className={`button${danger ? ' button--danger' : ''}`} aria-disabled={busy || undefined} onClick={onClick}>
        {busy ? 'Sending…' : label}
      </button>
    </div>
  );
  const alert = <div className="form__problem">{problem && <FormAlert>{problem}</FormAlert>}</div>;

  switch (link.action) {
    case 'end':
      return (
        <div className="respond-answer">
          <p className="respond-answer__question">End this mentorship?</p>
          <p>
            {link.as === 'mentor'
              ? 'We tell your mentee kindly that it has ended, and your place is free for someone new at once.'
              : 'We tell your mentor kindly that it has ended. You can ask a mentor again whenever you like.'}{' '}
            You need not give a reason. If something went wrong, you can also tell us about it: see the guidelines below.
          </p>
          {alert}
          {button(
            'Yes, end the mentorship',
            () =>
              void send(mentorshipResponse, undefined, () =>
                setDone({ tone: 'success', title: 'The mentorship has ended', text: <p>We have emailed you both, with one last question about how it went. Thank you for taking part.</p> }),
              ),
            true,
          )}
        </div>
      );
    case 'extend':
      return (
        <div className="respond-answer">
          <p className="respond-answer__question">Extend this mentorship?</p>
          <p>It goes on for the same span again, once. A week before the new end we remind you both; you can still end it sooner at any time.</p>
          {alert}
          {button(
            'Yes, extend it',
            () =>
              void send(mentorshipResponse, undefined, (data) =>
                setDone({
                  tone: 'success',
                  title: 'The mentorship is extended',
                  text: <p>{data.request.endsAt ? `It now runs until ${formatDate(new Date(data.request.endsAt))}.` : 'It goes on for another span.'} Nothing else changes.</p>,
                }),
              ),
          )}
        </div>
      );
    case 'feedback': {
      const submit = () => {
        const body = { met: met === 'yes' ? true : met === 'no' ? false : undefined, rating: rating ? Number(rating) : undefined, ...(comment.trim() ? { comment } : {}) };
        const parsed = mentorshipFeedback.safeParse(body);
        if (!parsed.success) {
          setFieldErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
          return;
        }
        setFieldErrors({});
        void send(mentorshipFeedbackResponse, parsed.data, (data) =>
          setDone({
            tone: 'success',
            title: 'Thank you for your answer',
            text: <p>{data.feedback.stage === 'end' ? 'It helps us run the programme well.' : 'It helps us see how mentorships are going.'} It is kept apart from your name.</p>,
          }),
        );
      };
      return (
        <form
          className="form"
          noValidate
          aria-label="How is your mentorship going?"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <RadioGroup name="met" legend="Have you met?" value={met} onChange={setMet} options={metChoices} layout="pills" error={fieldErrors['met']} />
          <RadioGroup
            name="rating"
            legend={met === 'no' ? 'How is it going so far?' : 'How is it going?'}
            value={rating}
            onChange={setRating}
            options={ratingChoices}
            layout="pills"
            error={fieldErrors['rating']}
          />
          <TextField
            name="comment"
            type="textarea"
            label="Anything to add?"
            optional
            value={comment}
            onChange={setComment}
            maxLength={1000}
            rows={3}
            error={fieldErrors['comment']}
            hint="Your answers are kept apart from your name."
          />
          {alert}
          <div className="form__actions">
            <button type="submit" className="button" aria-disabled={busy || undefined}>
              {busy ? 'Sending…' : 'Send my answer'}
            </button>
          </div>
        </form>
      );
    }
    case 'again':
      return (
        <div className="respond-answer">
          <p className="respond-answer__question">Send your request to {mentorName(link.mentor)}?</p>
          <p>We send them the request you wrote before, as it was, and they answer by email.</p>
          {alert}
          {suggestions.length > 0 && (
            <ul className="suggestions__list">
              {suggestions.map((s) => (
                <li key={s.mentor} className="suggestion">
                  <a href={`/profiles/${s.mentor}/`}>{s.name}</a>: {s.reasons.join('; ')}
                </li>
              ))}
            </ul>
          )}
          {button(
            `Yes, ask ${mentorName(link.mentor).split(' ')[0]}`,
            () =>
              void send(
                mentorRequestResponse,
                { mentor: link.mentor },
                (data) =>
                  setDone({
                    tone: 'success',
                    title: data.request.status === 'pending' ? 'Your request is on its way' : 'This request was already sent',
                    text: <p>{data.request.status === 'pending' ? `We have sent it to ${mentorName(link.mentor)}, who answers by email.` : `Its status is: ${data.request.status}.`}</p>,
                  }),
                (refused) => {
                  if (refused.error.code !== 'mentor_unavailable') return false;
                  const details = mentorUnavailableDetails.safeParse(refused.error);
                  setSuggestions(details.success ? details.data.suggestions : []);
                  setProblem(`${refused.error.message} You can also send a new request from the mentoring page.`);
                  return true;
                },
              ),
          )}
        </div>
      );
    case 'pause':
    case 'resume': {
      const pausing = link.action === 'pause';
      return (
        <div className="respond-answer">
          <p className="respond-answer__question">{pausing ? 'Pause new mentoring requests?' : 'Take mentoring requests again?'}</p>
          <p>
            {pausing
              ? 'Your profile then shows that you are not taking requests right now, and nobody can ask you. Mentorships already running go on as they are.'
              : 'Your profile shows your free places again, and people can ask you.'}
          </p>
          {alert}
          {button(
            pausing ? 'Yes, pause requests' : 'Yes, take requests again',
            () =>
              void send(mentorPauseResponse, undefined, (data) =>
                setDone({
                  tone: 'success',
                  title: pausing ? 'New requests are paused' : 'You are taking requests again',
                  text: pausing ? (
                    <p>Nobody can ask you until you take requests again, with the link beside this one in any email we send you.</p>
                  ) : (
                    <p>
                      {data.mentor.accepting
                        ? 'Your free places show on your profile again.'
                        : 'Your profile is not listed as available, so the alumni office needs to list you again before people can ask you.'}
                    </p>
                  ),
                }),
              ),
          )}
        </div>
      );
    }
  }
}
