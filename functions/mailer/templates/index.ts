/** Every email template, by job kind. A new kind of email adds its template here (and its data in shared/email-jobs.ts). */
import type { EmailJobKinds } from '../../shared/email-jobs';
import type { RenderedEmail } from './layout';
import { donationTemplates } from './donations';
import { eventChangeTemplates } from './event-changes';
import { mentoringTemplates } from './mentoring';
import { mentorshipTemplates } from './mentorships';
import { newsletterTemplates } from './newsletter';
import { registrationTemplates } from './registration';

export const templates: { [K in keyof EmailJobKinds]: (data: EmailJobKinds[K]) => RenderedEmail } = {
  ...registrationTemplates,
  ...eventChangeTemplates,
  ...mentoringTemplates,
  ...mentorshipTemplates,
  ...donationTemplates,
  ...newsletterTemplates,
};

export function render<K extends keyof EmailJobKinds>(kind: K, data: EmailJobKinds[K]): RenderedEmail {
  const template = templates[kind] as ((data: EmailJobKinds[K]) => RenderedEmail) | undefined;
  if (!template) throw new Error(`No email template for job kind ${String(kind)}`);
  return template(data);
}
