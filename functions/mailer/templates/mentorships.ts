/**
 * The emails about a running mentorship, one copy to each side with that
 * side's own links: the start (the private link to end it), the check-in at
 * 30 days, the note a week before the end (the mentor may extend), and the
 * end with its short survey. Check-in and survey answers are one tap: a
 * rating link per score, and "not met yet".
 */
import { formatDate, formatList } from '../../../site/lib/format';
import type { EmailJobKinds, MentorshipEmailData } from '../../shared/email-jobs';
import { button, html, layout, type Html, type RenderedEmail } from './layout';
import { firstName, formatWords, mentoringLinks } from './mentoring';

const footer = 'You receive this email because you are in a mentorship made through our alumni site. Your links in it are private to you: please do not forward it.';
const day = (iso: string) => formatDate(new Date(iso));

/** The format without its usual length in brackets: it sits inside brackets here, and these emails give the end date. */
const formatInBrackets = (d: MentorshipEmailData) => formatWords[d.format].replace(/ \([^)]*\)$/, '');

function about(d: MentorshipEmailData): string {
  return d.role === 'mentor'
    ? `your mentorship of ${d.otherName} (${formatInBrackets(d)} on ${formatList(d.topics)})`
    : `your mentorship with ${d.otherName} (${formatInBrackets(d)} on ${formatList(d.topics)})`;
}

function feedbackBlock(d: MentorshipEmailData, question: string): { text: string[]; html: Html } {
  if (!d.feedback) return { text: [], html: html`` };
  const labels = ['1 (not well)', '2', '3', '4', '5 (very well)'];
  const cell =
    'display:inline-block;min-width:36px;padding:8px 10px;margin:0 6px 6px 0;border:1px solid #1f3a8a;border-radius:6px;text-align:center;text-decoration:none;font-weight:600;color:#1f3a8a';
  return {
    text: [
      '',
      question,
      ...d.feedback.ratings.map((url, i) => `${labels[i]}: ${url}`),
      `We have not met yet: ${d.feedback.notMet}`,
      'You can add a comment on the page that opens. Answers are kept apart from your name.',
    ],
    html: html`<p style="margin:16px 0 8px"><strong>${question}</strong></p>
      <p style="margin:0 0 8px">${d.feedback.ratings.map((url, i) => html`<a href="${url}" style="${cell}" aria-label="${labels[i]}">${i + 1}</a>`)}</p>
      <p style="margin:0 0 8px;font-size:14px;color:#52525b">
        1 is not well, 5 is very well. <a href="${d.feedback.notMet}">We have not met yet</a>. You can add a comment on the page that opens; answers are kept apart from your name.
      </p>`,
  };
}

function endBlock(d: MentorshipEmailData): { text: string[]; html: Html } {
  if (!d.endUrl) return { text: [], html: html`` };
  const line = `If it has run its course, or it is not working out, you can end it: ${d.role === 'mentor' ? 'your place comes back at once' : 'the mentor is told kindly'}.`;
  return { text: ['', line, `End the mentorship: ${d.endUrl}`], html: html`<p>${line} <a href="${d.endUrl}">End the mentorship</a>.</p>` };
}

function email(d: MentorshipEmailData, subject: string, title: string, paragraphs: string[], extra: { text: string[]; html: Html }[] = [], cta?: { url: string; label: string }): RenderedEmail {
  const links = mentoringLinks(d);
  return {
    subject,
    text: [`Hello ${firstName(d.name)},`, '', ...paragraphs.flatMap((p) => [p, '']), ...(cta ? [`${cta.label}: ${cta.url}`] : []), ...extra.flatMap((e) => e.text), ...links.text]
      .join('\n')
      // A block after the paragraphs opens with its own blank line: one blank line between them, not two.
      .replace(/\n{3,}/g, '\n\n'),
    html: layout({
      title,
      body: html`<p>Hello ${firstName(d.name)},</p>
        ${paragraphs.map((p) => html`<p>${p}</p>`)}${cta ? button(cta.url, cta.label) : ''}${extra.map((e) => e.html)}${links.html}`,
      footer,
    }),
  };
}

function started(d: MentorshipEmailData): RenderedEmail {
  return email(
    d,
    `Your mentorship with ${d.otherName}: keep this email`,
    'Your mentorship has started',
    [
      `We have introduced you to ${d.otherName} in a separate email. This one is only for you: keep it, it holds your private link for ${about(d)}.`,
      `It runs until ${day(d.endsAt)}. About 30 days in we ask you both how it is going, and a week before the end we remind you${d.role === 'mentor' ? ', and you can extend it' : ''}.`,
    ],
    [endBlock(d)],
  );
}

function checkIn(d: MentorshipEmailData): RenderedEmail {
  return email(
    d,
    `How is your mentorship with ${d.otherName} going?`,
    'A quick check-in',
    [`It has been about a month since ${about(d)} began. Two taps help us run the programme well: have you met, and how is it going?`],
    [feedbackBlock(d, 'Have you met, and how is it going?'), endBlock(d)],
  );
}

function endingSoon(d: MentorshipEmailData): RenderedEmail {
  const extend = d.extendUrl
    ? 'If you would both like to go on, you can extend it once by the same span again.'
    : d.role === 'mentor'
      ? 'It has already been extended once; to go on after that, simply stay in touch directly.'
      : 'If you would both like to go on, your mentor can extend it.';
  return email(
    d,
    `Your mentorship with ${d.otherName} ends on ${day(d.endsAt)}`,
    'Your mentorship ends in a week',
    [`${capitalised(about(d))} ends on ${day(d.endsAt)}; ${d.role === 'mentor' ? 'your place then comes back for someone new' : 'we will then ask you both for a short word on how it went'}.`, extend],
    [endBlock(d)],
    d.extendUrl ? { url: d.extendUrl, label: 'Extend the mentorship' } : undefined,
  );
}

const endedWords: Record<NonNullable<MentorshipEmailData['endedBy']>, (d: MentorshipEmailData) => string> = {
  mentor: (d) => (d.role === 'mentor' ? 'You ended it' : `${d.otherName} ended it`),
  mentee: (d) => (d.role === 'mentee' ? 'You ended it' : `${d.otherName} ended it`),
  staff: () => 'The alumni office ended it',
  schedule: () => 'It reached the end of its agreed span',
};

function ended(d: MentorshipEmailData): RenderedEmail {
  const how = d.endedBy ? endedWords[d.endedBy](d) : 'It has ended';
  return email(
    d,
    `Your mentorship with ${d.otherName} has ended`,
    'Thank you: your mentorship has ended',
    [
      `${how}. Thank you for the time you gave ${about(d)}.${d.role === 'mentor' ? ' Your place is free again for someone new.' : ' You can ask a mentor again whenever you like.'}`,
      'One last question, one tap:',
    ],
    [feedbackBlock(d, 'Did you meet, and how did it go?')],
  );
}

const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export const mentorshipTemplates = {
  'mentorship-started': started,
  'mentorship-check-in': checkIn,
  'mentorship-ending-soon': endingSoon,
  'mentorship-ended': ended,
} satisfies { [K in keyof EmailJobKinds as K extends `mentorship-${string}` ? K : never]: (data: EmailJobKinds[K]) => RenderedEmail };
