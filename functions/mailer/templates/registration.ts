/** The emails about event registrations: confirmed, waitlisted, promoted, cancelled, and the manage link again. */
import type { EmailJobKinds, RegistrationEmailData } from '../../shared/email-jobs';
import { calendarAttachment as calendarFile } from '../calendar';
import { eventTimes } from '../../../site/lib/format';
import { button, html, layout, type Html, type RenderedEmail } from './layout';

const footer = 'You receive this email because this address was used to register for an event on our alumni site. If that was not you, you can cancel the registration with the link above.';

function where(d: RegistrationEmailData): string {
  const e = d.event;
  const place = [e.venue, e.city, e.country].filter(Boolean).join(', ');
  if (e.format === 'online') return 'Online: the link to join is below.';
  if (e.format === 'hybrid') return `${place}, or online: the link to join is below.`;
  return place;
}

function seatsLine(d: RegistrationEmailData): string {
  return d.guests === 0 ? 'A place for you.' : `${d.seats} places: you and ${d.guests} ${d.guests === 1 ? 'guest' : 'guests'}.`;
}

function details(d: RegistrationEmailData, withJoinLink: boolean): { text: string[]; html: Html } {
  const times = eventTimes(d.event, d.timeZone);
  const text = [
    `When: ${times.event}`,
    ...(times.reader ? [`Your time: ${times.reader}`] : []),
    `Where: ${where(d)}`,
    ...(withJoinLink && d.event.onlineUrl ? [`Join online: ${d.event.onlineUrl}`] : []),
    `Booked: ${seatsLine(d)}`,
  ];
  const rows = html`<table role="presentation" style="border-collapse:collapse;margin:16px 0">
    <tr>
      <th scope="row" style="text-align:left;padding:4px 16px 4px 0;vertical-align:top;white-space:nowrap">When</th>
      <td style="padding:4px 0">${times.event}</td>
    </tr>
    ${
      times.reader
        ? html`<tr>
            <th scope="row" style="text-align:left;padding:4px 16px 4px 0;vertical-align:top;white-space:nowrap">Your time</th>
            <td style="padding:4px 0">${times.reader}</td>
          </tr>`
        : ''
    }
    <tr>
      <th scope="row" style="text-align:left;padding:4px 16px 4px 0;vertical-align:top;white-space:nowrap">Where</th>
      <td style="padding:4px 0">${where(d)}</td>
    </tr>
    ${
      withJoinLink && d.event.onlineUrl
        ? html`<tr>
            <th scope="row" style="text-align:left;padding:4px 16px 4px 0;vertical-align:top;white-space:nowrap">Join online</th>
            <td style="padding:4px 0"><a href="${d.event.onlineUrl}">${d.event.onlineUrl}</a></td>
          </tr>`
        : ''
    }
    <tr>
      <th scope="row" style="text-align:left;padding:4px 16px 4px 0;vertical-align:top;white-space:nowrap">Booked</th>
      <td style="padding:4px 0">${seatsLine(d)}</td>
    </tr>
  </table>`;
  return { text, html: rows };
}

function calendarAttachment(d: RegistrationEmailData) {
  return [calendarFile(d.event, d.registrationId, { sequence: d.sequence ?? 0 })];
}

function confirmed(d: RegistrationEmailData, heading: string, intro: string): RenderedEmail {
  const info = details(d, true);
  return {
    subject: `${heading}: ${d.event.title}`,
    text: [
      `Hello ${d.name},`,
      '',
      intro,
      '',
      ...info.text,
      '',
      'The event is attached as a calendar file.',
      '',
      `See or cancel your registration: ${d.manageUrl}`,
      `About the event: ${d.event.url}`,
    ].join('\n'),
    html: layout({
      title: heading,
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        ${info.html}
        <p>The event is attached as a calendar file for your calendar app.</p>
        ${button(d.manageUrl, 'See or cancel your registration')}
        <p><a href="${d.event.url}">About the event</a></p>`,
      footer,
    }),
    attachments: calendarAttachment(d),
  };
}

function waitlisted(d: RegistrationEmailData, heading: string, intro: string): RenderedEmail {
  const info = details(d, false);
  const next = 'If a place opens up, we give it to the waitlist in the order people joined, and email you at once. Your current place in the queue is on your registration page.';
  return {
    subject: `${heading}: ${d.event.title}`,
    text: [`Hello ${d.name},`, '', intro, next, '', ...info.text, '', `See your place or leave the waitlist: ${d.manageUrl}`, `About the event: ${d.event.url}`].join('\n'),
    html: layout({
      title: heading,
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        <p>${next}</p>
        ${info.html}${button(d.manageUrl, 'See your place or leave the waitlist')}
        <p><a href="${d.event.url}">About the event</a></p>`,
      footer,
    }),
  };
}

function cancelled(d: RegistrationEmailData): RenderedEmail {
  const intro = `Your registration for ${d.event.title} is cancelled, and your ${d.seats === 1 ? 'place goes' : 'places go'} to the next person waiting. You can register again while registration is open.`;
  return {
    subject: `Registration cancelled: ${d.event.title}`,
    text: [`Hello ${d.name},`, '', intro, '', `About the event: ${d.event.url}`].join('\n'),
    html: layout({
      title: 'Registration cancelled',
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        <p><a href="${d.event.url}">About the event</a></p>`,
      footer,
    }),
    // A confirmed place's cancellation (it has a sequence) removes the entry its confirmation made (same UID, a higher SEQUENCE).
    ...(d.sequence !== undefined ? { attachments: [calendarFile(d.event, d.registrationId, { method: 'CANCEL', sequence: d.sequence })] } : {}),
  };
}

export const registrationTemplates = {
  'registration-confirmed': (d) => confirmed(d, 'You are registered', `Your registration for ${d.event.title} is confirmed. We look forward to seeing you.`),
  'registration-promoted': (d) =>
    confirmed(d, 'A place opened up: you are registered', `Good news: a place opened up and your registration for ${d.event.title} moved from the waitlist to confirmed.`),
  'registration-waitlisted': (d) => waitlisted(d, 'You are on the waitlist', `${d.event.title} is full at the moment, so we put you on the waitlist.`),
  'registration-cancelled': cancelled,
  'registration-manage-link': (d) =>
    d.status === 'confirmed'
      ? confirmed(
          d,
          'Your registration',
          `Someone (we hope you) tried to register this address for ${d.event.title} again. You are already registered: here are the details and your link to manage the registration.`,
        )
      : waitlisted(
          d,
          'Your place on the waitlist',
          `Someone (we hope you) tried to register this address for ${d.event.title} again. You are already on the waitlist: here is your link to manage it.`,
        ),
} satisfies { [K in keyof EmailJobKinds as K extends `registration-${string}` ? K : never]: (data: EmailJobKinds[K]) => RenderedEmail };
