// zod/mini, as in ./fields: the forms bundle only the checks these schemas use.
import * as z from 'zod/mini';
import { mentoringFormats } from '../../site/schemas/vocabularies';
import { classYear, consent, emailAddress, honeypot, line, optionalLine, personName, slugField, text, textList } from './fields';

export const mentoringRole = z.enum(['student', 'alumni'], { error: 'Choose student or alumni.' });
export type MentoringRole = z.infer<typeof mentoringRole>;
export const mentoringFormat = z.enum(mentoringFormats, { error: 'Choose one-off, short-term or long-term.' });

const listItem = (label: string) => line(60, label).check(z.refine((v) => v.length > 0, `${label} cannot be empty.`));

/** `POST /api/mentor-requests`. */
export const mentorRequest = z.strictObject({
  name: personName,
  email: emailAddress,
  role: mentoringRole,
  program: optionalLine(120, 'Programme'),
  classYear: z.optional(classYear),
  goals: text(2000, 'Your goals', 'Tell us what you hope to get from mentoring.').check(z.minLength(20, 'Tell us a little more about your goals: at least 20 characters.')),
  topics: textList(listItem('A topic'), 10, 'Topics').check(z.minLength(1, 'Choose at least one topic.')),
  industries: z.optional(textList(listItem('An industry'), 10, 'Industries')),
  languages: z.optional(textList(listItem('A language'), 10, 'Languages')),
  country: optionalLine(80, 'Country'),
  preferredMentor: z.optional(slugField('The mentor')),
  format: mentoringFormat,
  consent,
  company: honeypot,
});

export type MentorRequestInput = z.input<typeof mentorRequest>;
export type MentorRequest = z.output<typeof mentorRequest>;

/**
 * Where a mentor request stands: `pending` until the mentor answers (or it
 * `expired` unanswered after 7 days), `declined`, or `accepted`, which makes
 * it a mentorship until it is `ended`.
 */
export const mentorRequestStatus = z.enum(['pending', 'accepted', 'declined', 'expired', 'ended']);
export type MentorRequestStatus = z.infer<typeof mentorRequestStatus>;

/** A mentor who fits a request, with the plain reasons why (see functions/mentoring/matching.ts). */
export const mentorSuggestion = z.object({
  /** The mentor's profile slug. */
  mentor: z.string(),
  name: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
});
export type MentorSuggestion = z.infer<typeof mentorSuggestion>;

/** `POST /api/mentor-requests/{id}/accept|decline?token=…`: the request as it stands now. */
export const mentorAnswerResponse = z.object({
  request: z.object({ id: z.string(), status: mentorRequestStatus }),
});
export type MentorAnswerResponse = z.infer<typeof mentorAnswerResponse>;

/** `POST /api/mentor-requests` (201): the request and the mentors who fit it. */
export const mentorRequestResponse = z.extend(mentorAnswerResponse, {
  suggestions: z.array(mentorSuggestion),
});
export type MentorRequestResponse = z.infer<typeof mentorRequestResponse>;

/** What the `mentor_unavailable` error adds to the error object: mentors with free places to ask instead. */
export const mentorUnavailableDetails = z.object({
  suggestions: z._default(z.array(mentorSuggestion), []),
});
