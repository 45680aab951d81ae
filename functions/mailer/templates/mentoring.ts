/**
 * The emails about mentor requests: the request to the mentor (and its
 * reminder), the acknowledgement, the introduction, a decline and an expiry.
 * Every mentoring email links to the guidelines; every email a mentor gets
 * alone carries their pause link. Emails about a running mentorship are in
 * mentorships.ts.
 */
import { formatList } from '../../../site/lib/format';
import type { MentoringFormat } from '../../../site/schemas/vocabularies';
import type { EmailJobKinds, MentorPauseLinks, MentorRequestEmailData, SuggestionSnapshot } from '../../shared/email-jobs';
import { button, html, layout, type Html, type RenderedEmail } from './layout';

const requesterFooter = 'You receive this email because this address was used to ask for a mentor on our alumni site. If that was not you, you can ignore this email.';
const mentorFooter = 'You receive this email because you are listed as a mentor on our alumni site. To change your availability or capacity, reply to the alumni office.';

/** The closing lines of a mentoring email: the guidelines, and for a mentor alone their pause link. */
export function mentoringLinks(d: { guidelinesUrl?: string | undefined } & Partial<MentorPauseLinks>): { text: string[]; html: Html } {
  const text = [
    ...(d.pauseUrl ? [`Away for a while? Pause new requests: ${d.pauseUrl}`, `Back again: ${d.resumeUrl}`] : []),
    ...(d.guidelinesUrl ? [`Guidelines for mentors and mentees (what to expect, ending well, reporting a problem): ${d.guidelinesUrl}`] : []),
  ];
  const small = 'font-size:14px;color:#3f3f46;margin:16px 0 0';
  return {
    text: text.length ? ['', ...text] : [],
    html: html`${d.pauseUrl ? html`<p style="${small}">Away for a while? <a href="${d.pauseUrl}">Pause new requests</a>, and <a href="${d.resumeUrl}">take requests again</a> when you are back.</p>` : ''}${
      d.guidelinesUrl ? html`<p style="${small}"><a href="${d.guidelinesUrl}">Guidelines for mentors and mentees</a>: what to expect, how to end well, how to report a problem.</p>` : ''
    }`,
  };
}

export const formatWords = { 'one-off': 'a one-off conversation', 'short-term': 'short-term mentoring (a few weeks)', 'long-term': 'long-term mentoring (several months)' } as const satisfies Record<
  MentoringFormat,
  string
>;
export const firstName = (name: string) => name.split(/\s+/)[0] ?? name;
const th = 'text-align:left;padding:4px 16px 4px 0;vertical-align:top;white-space:nowrap';

/** The request as the requester described it, as label/value pairs (empty values left out). */
function aboutRequester(d: MentorRequestEmailData): [string, string][] {
  const who = d.role === 'student' ? 'Student' : 'Alumna or alumnus';
  const rows: [string, string | undefined][] = [
    ['Who', [who, d.program, d.classYear ? `class of ${d.classYear}` : undefined].filter(Boolean).join(', ')],
    ['Country', d.country],
    ['Topics', d.topics.join(', ')],
    ['Industries', d.industries?.join(', ')],
    ['Languages', d.languages?.join(', ')],
    ['Looking for', formatWords[d.format]],
  ];
  return rows.filter((r): r is [string, string] => Boolean(r[1]));
}

function detailsTable(rows: [string, string][]): Html {
  return html`<table role="presentation" style="border-collapse:collapse;margin:16px 0">
    ${rows.map(
      ([label, value]) =>
        html`<tr>
          <th scope="row" style="${th}">${label}</th>
          <td style="padding:4px 0">${value}</td>
        </tr>`,
    )}
  </table>`;
}

function goalsBlock(goals: string): { text: string; html: Html } {
  return {
    text: `In their words:\n${goals
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n')}`,
    html: html`<p style="margin:16px 0 4px"><strong>In their words</strong></p>
      <blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #c7d2fe;background:#f5f7ff;white-space:pre-line">${goals}</blockquote>`,
  };
}

function suggestionsBlock(suggestions: SuggestionSnapshot[]): { text: string[]; html: Html } {
  if (suggestions.length === 0) return { text: [], html: html`` };
  return {
    text: suggestions.flatMap((s) => [`- ${s.name}: ${s.reasons.join('; ')}`, `  ${s.url}`, ...(s.askUrl ? [`  Ask ${firstName(s.name)} with the same request: ${s.askUrl}`] : [])]),
    html: html`<ul style="padding-left:20px;margin:8px 0 16px">
      ${suggestions.map(
        (s) =>
          html`<li style="margin:0 0 12px">
            <a href="${s.url}">${s.name}</a><br /><span style="color:#52525b">${s.reasons.join('; ')}</span>${
              s.askUrl ? html`<br /><a href="${s.askUrl}" style="font-weight:600">Ask ${firstName(s.name)} with the same request</a>` : ''
            }
          </li>`,
      )}
    </ul>`,
  };
}

function requestToMentor(d: EmailJobKinds['mentor-request'], reminder = false): RenderedEmail {
  const intro = reminder
    ? `${d.name} asked you to be their mentor three days ago and is waiting for your answer. If we hear nothing within four more days, the request closes and we suggest other mentors to them; a quick "no" helps them just as much.`
    : `${d.name} would like you as their mentor and wrote to you through the alumni site.`;
  const links = mentoringLinks(d);
  const next =
    'Accept, and we introduce you both by email so you can agree how and when to meet; it takes one of your mentoring places. Decline, and we tell them kindly and suggest other mentors. Your address stays private until you accept.';
  const rows = aboutRequester(d);
  const goals = goalsBlock(d.goals);
  return {
    subject: reminder ? `Reminder: ${d.name} is waiting for your answer` : `Mentoring request from ${d.name}`,
    text: [
      `Hello ${firstName(d.mentor.name)},`,
      '',
      intro,
      '',
      ...rows.map(([label, value]) => `${label}: ${value}`),
      '',
      goals.text,
      '',
      next,
      '',
      `Accept: ${d.acceptUrl}`,
      `Decline: ${d.declineUrl}`,
      ...links.text,
    ].join('\n'),
    html: layout({
      title: reminder ? 'A mentoring request is waiting for you' : 'A mentoring request for you',
      body: html`<p>Hello ${firstName(d.mentor.name)},</p>
        <p>${intro}</p>
        ${detailsTable(rows)}${goals.html}
        <p>${next}</p>
        ${button(d.acceptUrl, 'Accept the request')}
        <p><a href="${d.declineUrl}">Decline the request</a></p>
        ${links.html}`,
      footer: mentorFooter,
    }),
  };
}

/** The day a queued request goes to the mentor, e.g. 'Tuesday 14 May (08:00 UTC)'. */
const formatQueuedDay = (iso: string) => `${new Date(iso).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })} (${iso.slice(11, 16)} UTC)`;

function received(d: EmailJobKinds['mentor-request-received'] & { /** The request waits in the mentor queue until then (functions/mentoring/queue.ts). */ queuedUntil?: string }): RenderedEmail {
  const intro = d.mentor
    ? d.queuedUntil
      ? `Thank you for your mentoring request. ${d.mentor.name} has had as many new requests today as we send a mentor in a day, so yours waits in line and goes to them on ${formatQueuedDay(d.queuedUntil)}. From then they have a week to accept or decline it. If they accept, we introduce you both by email; if not, we tell you and suggest other mentors.`
      : `Thank you for your mentoring request. We have sent it to ${d.mentor.name}, who will accept or decline it. If they accept, we introduce you both by email; if not, we tell you and suggest other mentors.`
    : 'Thank you for your mentoring request. The alumni office will look at it and help you find a mentor; you can also ask one of the mentors below yourself, from their profile.';
  const suggestionsIntro = d.mentor ? 'Other mentors who fit what you asked for:' : 'Mentors who fit what you asked for:';
  const others = d.suggestions.filter((s) => s.mentor !== d.mentor?.slug);
  const hasOthers = others.length > 0;
  const shown = suggestionsBlock(others);
  return {
    subject: d.mentor ? `Your mentoring request to ${d.mentor.name}` : 'Your mentoring request',
    text: [
      `Hello ${d.name},`,
      '',
      intro,
      '',
      ...aboutRequester(d).map(([label, value]) => `${label}: ${value}`),
      ...(hasOthers || !d.mentor ? ['', suggestionsIntro, ...shown.text] : []),
      '',
      `Mentoring on the alumni site: ${d.mentoringUrl}`,
      ...mentoringLinks(d).text,
    ].join('\n'),
    html: layout({
      title: 'We have your mentoring request',
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        ${detailsTable(aboutRequester(d))}${
          hasOthers || !d.mentor
            ? html`<p>${suggestionsIntro}</p>
                ${shown.html}`
            : ''
        }
        <p><a href="${d.mentoringUrl}">Mentoring on the alumni site</a></p>
        ${mentoringLinks(d).html}`,
      footer: requesterFooter,
    }),
  };
}

function introduction(d: EmailJobKinds['mentor-introduction']): RenderedEmail {
  const requester = firstName(d.name);
  const mentor = firstName(d.mentor.name);
  const intro = `${d.mentor.name} has accepted ${d.name}'s mentoring request, so we would like to introduce you to each other. You are both on this email: reply to all to say hello and agree how and when to meet.`;
  const forMentor = `${mentor}, ${requester} (${d.requesterEmail}) asked for ${formatWords[d.format]} on ${formatList(d.topics)}.`;
  const forRequester = `${requester}, ${mentor}'s profile is here: ${d.mentor.url}`;
  const goals = goalsBlock(d.goals);
  return {
    subject: `Introduction: ${d.name} and ${d.mentor.name}`,
    text: [
      `Hello ${requester} and ${mentor},`,
      '',
      intro,
      '',
      forMentor,
      '',
      goals.text,
      '',
      forRequester,
      '',
      'We wish you both a good start.',
      ...mentoringLinks({ guidelinesUrl: d.guidelinesUrl }).text,
    ].join('\n'),
    html: layout({
      title: `${requester}, meet ${mentor}`,
      body: html`<p>Hello ${requester} and ${mentor},</p>
        <p>${intro}</p>
        <p>${mentor}, ${requester} (<a href="mailto:${d.requesterEmail}">${d.requesterEmail}</a>) asked for ${formatWords[d.format]} on ${formatList(d.topics)}.</p>
        ${goals.html}
        <p>${requester}, <a href="${d.mentor.url}">here is ${mentor}'s profile</a>.</p>
        <p>We wish you both a good start. Each of you also gets a short email of your own with your private link to end the mentorship when the time comes.</p>
        ${mentoringLinks({ guidelinesUrl: d.guidelinesUrl }).html}`,
      footer: 'You receive this email because a mentoring request between you was accepted on our alumni site.',
    }),
  };
}

function declined(d: EmailJobKinds['mentor-declined'], expired = false): RenderedEmail {
  const who = d.mentor?.name ?? 'The mentor you asked';
  const intro = expired
    ? `${who} has not been able to answer your mentoring request within a week, so we have closed it rather than keep you waiting. Mentors are busy people and this is rarely about you; other mentors may be a great fit.`
    : `${who} cannot take on your mentoring request at the moment. That is often about time rather than about you, and other mentors may be a great fit.`;
  const suggestions = suggestionsBlock(d.suggestions);
  const oneClick = d.suggestions.some((s) => s.askUrl) ? ' One click sends them your request as you wrote it:' : ' Open a profile to ask them:';
  const next = d.suggestions.length
    ? `These mentors have free places and fit what you asked for.${oneClick}`
    : 'No other mentor with a free place fits your request right now. New mentors join often: have a look at the mentoring page again soon, or reply to this email and the alumni office will help.';
  return {
    subject: expired ? `Your mentoring request to ${who} has closed: other mentors to ask` : `Your mentoring request to ${who}`,
    text: [`Hello ${d.name},`, '', intro, '', next, ...suggestions.text, '', `Mentoring on the alumni site: ${d.mentoringUrl}`, ...mentoringLinks(d).text].join('\n'),
    html: layout({
      title: 'About your mentoring request',
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        <p>${next}</p>
        ${suggestions.html}${button(d.mentoringUrl, 'Find a mentor')}${mentoringLinks(d).html}`,
      footer: requesterFooter,
    }),
  };
}

export const mentoringTemplates = {
  'mentor-request': (d) => requestToMentor(d),
  'mentor-request-reminder': (d) => requestToMentor(d, true),
  'mentor-request-received': received,
  'mentor-introduction': introduction,
  'mentor-declined': (d) => declined(d),
  'mentor-request-expired': (d) => declined(d, true),
} satisfies { [K in keyof EmailJobKinds as K extends `mentor-${string}` ? K : never]: (data: EmailJobKinds[K]) => RenderedEmail };
