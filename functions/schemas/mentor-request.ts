// A namespace import lets esbuild drop the parts of zod we do not use (the named `z` export bundles all of it).
import * as z from 'zod';
import { classYear, consent, emailAddress, honeypot, optionalText, personName, slugField, text, textList } from './fields';

export const mentoringRole = z.enum(['student', 'alumni'], { error: 'Choose student or alumni.' });
export const mentoringFormat = z.enum(['one-off', 'short-term', 'long-term'], { error: 'Choose one-off, short-term or long-term.' });

const listItem = (label: string) => text(60, label).refine((v) => v.length > 0, `${label} cannot be empty.`);

/** `POST /api/mentor-requests`. */
export const mentorRequest = z.strictObject({
  name: personName,
  email: emailAddress,
  role: mentoringRole,
  program: optionalText(120, 'Programme'),
  classYear: classYear.optional(),
  goals: text(2000, 'Your goals', 'Tell us what you hope to get from mentoring.').min(20, 'Tell us a little more about your goals: at least 20 characters.'),
  topics: textList(listItem('A topic'), 10, 'Topics').min(1, 'Choose at least one topic.'),
  industries: textList(listItem('An industry'), 10, 'Industries').optional(),
  languages: textList(listItem('A language'), 10, 'Languages').optional(),
  country: optionalText(80, 'Country'),
  preferredMentor: slugField('The mentor').optional(),
  format: mentoringFormat,
  consent,
  company: honeypot,
});

export type MentorRequestInput = z.input<typeof mentorRequest>;
export type MentorRequest = z.output<typeof mentorRequest>;
