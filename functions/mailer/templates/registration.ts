/**
 * The emails about event registrations: confirmed, waitlisted, promoted, cancelled, the manage link again, and
 * for events with `confirmWithin` the held place (confirm by …), its confirmation and its lapse.
 */
import type { EmailJobKinds, HeldRegistrationEmailData, RegistrationEmailData } from '../../shared/email-jobs';
import { calendarAttachment as calendarFile } from '../calendar';
import { eventTimes, formatDateTimeInZone, formatPlace } from '../../../site/lib/format';
import { button, html, layout, type Html, type RenderedEmail } from './layout';

const footer = 'You receive this email because this address was used to register for an event on our alumni site. If that was not you, you can cancel the registration with the link above.';

function where(d: RegistrationEmailData): string {
  const e = d.event;
  const place = formatPlace(e.venue, e.city, e.country);
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

/** "Saturday, 12 June 2027 at 17:00 (Europe/Berlin)", and the reader's own time when their zone differs. */
function holdEnds(d: RegistrationEmailData & { heldUntil: string }): string {
  const at = new Date(d.heldUntil);
  const inEventZone = formatDateTimeInZone(at, d.event.timezone);
  if (!d.timeZone || d.timeZone === d.event.timezone) return inEventZone;
  const own = formatDateTimeInZone(at, d.timeZone);
  return own.replace(/ \([^)]*\)$/, '') === inEventZone.replace(/ \([^)]*\)$/, '') ? inEventZone : `${inEventZone}; your time: ${own}`;
}

/** A held place: the one thing to do is to confirm it by the time its hold ends. No calendar file yet: it comes with the confirmation. */
function held(d: HeldRegistrationEmailData, heading: string, intro: string): RenderedEmail {
  const info = details(d, false);
  const by = holdEnds(d);
  const places = d.seats === 1 ? 'the place' : `the ${d.seats} places`;
  const action = `Confirm your place by ${by}`;
  const after = `If you do not confirm by then, ${places} will go to the next person waiting. Once you confirm, we send your confirmation with a calendar file${d.event.onlineUrl ? ' and the link to join' : ''}.`;
  return {
    subject: `Confirm your place by ${formatDateTimeInZone(new Date(d.heldUntil), d.event.timezone)}: ${d.event.title}`,
    text: [
      `Hello ${d.name},`,
      '',
      intro,
      '',
      `${action}: ${d.confirmUrl}`,
      '',
      after,
      '',
      ...info.text,
      '',
      `Cannot come after all? Cancel on the same page: ${d.manageUrl}`,
      `About the event: ${d.event.url}`,
    ].join('\n'),
    html: layout({
      title: heading,
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        <p><strong>${action}.</strong></p>
        ${button(d.confirmUrl, 'Confirm my place')}
        <p>${after}</p>
        ${info.html}
        <p>Cannot come after all? <a href="${d.manageUrl}">Cancel on the same page</a>.</p>
        <p><a href="${d.event.url}">About the event</a></p>`,
      footer,
    }),
  };
}

function holdLapsed(d: RegistrationEmailData & { heldUntil: string }): RenderedEmail {
  const places = d.seats === 1 ? 'a place' : `${d.seats} places`;
  const intro = `We held ${places} for you at ${d.event.title} until ${holdEnds(d)}, but it was not confirmed in time, so ${d.seats === 1 ? 'it has' : 'they have'} gone to the next person waiting.`;
  const again = 'If you still want to come, you can register again on the event page while registration is open.';
  return {
    subject: `Your place was not confirmed: ${d.event.title}`,
    text: [`Hello ${d.name},`, '', intro, again, '', `About the event: ${d.event.url}`].join('\n'),
    html: layout({
      title: 'Your place was not confirmed',
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        <p>${again}</p>
        <p><a href="${d.event.url}">About the event</a></p>`,
      footer,
    }),
  };
}

export const registrationTemplates = {
  'registration-confirmed': (d) => confirmed(d, 'You are registered', `Your registration for ${d.event.title} is confirmed. We look forward to seeing you.`),
  'registration-promoted': (d) =>
    confirmed(d, 'A place opened up: you are registered', `Good news: a place opened up and your registration for ${d.event.title} moved from the waitlist to confirmed.`),
  'registration-waitlisted': (d) => waitlisted(d, 'You are on the waitlist', `${d.event.title} is full at the moment, so we put you on the waitlist.`),
  'registration-cancelled': cancelled,
  'registration-held': (d) =>
    d.again
      ? held(d, 'Your held place', `Someone (we hope you) tried to register this address for ${d.event.title} again. We are already holding your place: here is your link to confirm it.`)
      : held(d, 'Confirm your place', `We are holding ${d.seats === 1 ? 'a place' : `${d.seats} places`} for you at ${d.event.title}. It is yours once you confirm.`),
  'registration-promoted-held': (d) => held(d, 'A place opened up: confirm it', `Good news: a place opened up at ${d.event.title}, and we are holding it for you. It is yours once you confirm.`),
  'registration-hold-confirmed': (d) => confirmed(d, 'You are registered', `Thank you for confirming: your place at ${d.event.title} is yours. We look forward to seeing you.`),
  'registration-hold-lapsed': holdLapsed,
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
