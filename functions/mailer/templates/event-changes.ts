/**
 * The emails after a registration: a change to the event (with a calendar
 * file that updates or removes the entry the confirmation made), reminders,
 * the thank-you with rating links, the recording, and staff announcements.
 */
import { eventTimes, formatPlace } from '../../../site/lib/format';
import type { EmailJobKinds, EventSnapshot } from '../../shared/email-jobs';
import type { EventChangeData, EventMaterial, ToldEvent } from '../../shared/event-email-data';
import { calendarAttachment } from '../calendar';
import { button, html, layout, type Html, type RenderedEmail } from './layout';

const footer = 'You receive this email because this address is registered for an event on our alumni site. Your registration page, linked above, lets you change or cancel it.';

const afterFooter = 'You receive this email because this address was registered for this event on our alumni site.';

const th = 'text-align:left;padding:4px 16px 4px 0;vertical-align:top;white-space:nowrap';
const td = 'padding:4px 0';

function place(e: Pick<EventSnapshot, 'format' | 'venue' | 'city' | 'country'>): string {
  const where = formatPlace(e.venue, e.city, e.country);
  if (e.format === 'online') return 'Online';
  if (e.format === 'hybrid') return `${where}, or online`;
  return where;
}

/** "When" in the event's zone, and in the reader's when it differs. */
function when(e: Pick<EventSnapshot, 'startsAt' | 'endsAt' | 'timezone'>, readerZone: string | undefined): string[] {
  const t = eventTimes(e, readerZone);
  return t.reader ? [t.event, `your time: ${t.reader}`] : [t.event];
}

interface Row {
  label: string;
  before?: string[] | undefined;
  now: string[];
}

function rowsHtml(rows: Row[]): Html {
  return html`<table role="presentation" style="border-collapse:collapse;margin:16px 0">
    ${rows.map(
      (r) =>
        html`<tr>
          <th scope="row" style="${th}">${r.label}</th>
          <td style="${td}">
            ${
              r.before
                ? html`<span style="color:#71717a"><s>${r.before.join(' — ')}</s></span
                    ><br />`
                : ''
            }<strong>${r.now.join(' — ')}</strong>
          </td>
        </tr>`,
    )}
  </table>`;
}

function rowsText(rows: Row[]): string[] {
  return rows.flatMap((r) => (r.before ? [`${r.label}: ${r.now.join(' / ')}`, `  (was: ${r.before.join(' / ')})`] : [`${r.label}: ${r.now.join(' / ')}`]));
}

const statusWords = { scheduled: 'Going ahead as planned', postponed: 'Postponed', cancelled: 'Cancelled' } as const;

function changed(d: EventChangeData): RenderedEmail {
  const e = d.event;
  const now: ToldEvent = e;
  const status = e.status ?? 'scheduled';
  const has = (f: (typeof d.changed)[number]) => d.changed.includes(f);
  const cancelledNow = status === 'cancelled';
  const rows: Row[] = [];
  if (has('status')) rows.push({ label: 'Status', before: [statusWords[d.previous.status ?? 'scheduled']], now: [statusWords[status]] });
  if (has('startsAt') || has('endsAt') || has('timezone')) rows.push({ label: 'When', before: when(d.previous, d.timeZone), now: when(now, d.timeZone) });
  else rows.push({ label: 'When', now: when(now, d.timeZone) });
  if (has('format') || has('venue') || has('city') || has('country')) rows.push({ label: 'Where', before: [place(d.previous)], now: [place(now)] });
  // The join link goes to those with a place only (as in their confirmation).
  if (has('onlineUrl') && e.onlineUrl && d.registrationStatus === 'confirmed') rows.push({ label: 'Join online', now: [e.onlineUrl] });

  const [heading, intro] = cancelledNow
    ? [
        'Cancelled',
        `We are sorry: ${e.title} is cancelled, so there is nothing you need to do.${d.registrationStatus === 'confirmed' ? ' The attached calendar file removes the event from your calendar.' : ''}`,
      ]
    : status === 'postponed' && has('status')
      ? ['Postponed', `${e.title} is postponed. Your registration stays as it is; we will email you again when there is news.`]
      : [
          'Changed',
          `The details of ${e.title} have changed. Your registration stays as it is; ${d.registrationStatus === 'confirmed' ? 'the attached calendar file updates the entry in your calendar.' : 'you keep your place on the waitlist.'}`,
        ];
  const note = e.statusNote ? [e.statusNote] : [];
  return {
    subject: `${heading}: ${e.title}`,
    text: [`Hello ${d.name},`, '', intro, ...note.flatMap((n) => ['', n]), '', ...rowsText(rows), '', `Your registration: ${d.manageUrl}`, `About the event: ${e.url}`].join('\n'),
    html: layout({
      title: `${heading}: ${e.title}`,
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        ${note.map((n) => html`<p style="border-left:4px solid #1f3a8a;padding-left:12px">${n}</p>`)}${rowsHtml(rows)}${cancelledNow ? '' : button(d.manageUrl, 'See, change or cancel your registration')}
        <p><a href="${e.url}">About the event</a></p>`,
      footer,
    }),
    // Only a confirmed place has an entry in the person's calendar to update (waitlist emails carry no calendar file).
    attachments: d.registrationStatus === 'confirmed' ? [calendarAttachment(e, d.registrationId, { method: cancelledNow ? 'CANCEL' : 'REQUEST', sequence: d.sequence ?? 1 })] : [],
  };
}

const offsetWords = (offset: string): string => {
  const n = Number(offset.slice(0, -1));
  const unit = { d: 'day', h: 'hour', m: 'minute' }[offset.at(-1) as 'd' | 'h' | 'm'];
  return `in ${n} ${unit}${n === 1 ? '' : 's'}`;
};

function reminder(d: EmailJobKinds['event-reminder']): RenderedEmail {
  const e = d.event;
  const rows: Row[] = [
    { label: 'When', now: when(e, d.timeZone) },
    { label: 'Where', now: [place(e)] },
  ];
  if (e.format !== 'in-person' && e.onlineUrl) rows.push({ label: 'Join online', now: [e.onlineUrl] });
  const intro = `A reminder: ${e.title} starts ${offsetWords(d.offset)}.`;
  return {
    subject: `Reminder: ${e.title} starts ${offsetWords(d.offset)}`,
    text: [`Hello ${d.name},`, '', intro, '', ...rowsText(rows), '', `Cannot come after all? Please cancel so that someone waiting gets your place: ${d.manageUrl}`, `About the event: ${e.url}`].join(
      '\n',
    ),
    html: layout({
      title: `See you soon: ${e.title}`,
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        ${rowsHtml(rows)}${e.format !== 'in-person' && e.onlineUrl ? button(e.onlineUrl, 'Join online') : ''}
        <p>Cannot come after all? Please <a href="${d.manageUrl}">cancel your registration</a> so that someone waiting gets your place.</p>
        <p><a href="${e.url}">About the event</a></p>`,
      footer,
    }),
  };
}

function materialsBlock(recordingUrl: string | undefined, materials: EventMaterial[]): { text: string[]; html: Html } {
  const items = [...(recordingUrl ? [{ label: 'The recording', url: recordingUrl }] : []), ...materials];
  if (items.length === 0) return { text: [], html: html`` };
  return {
    text: ['', 'To watch or read again:', ...items.map((m) => `- ${m.label}: ${m.url}`)],
    html: html`<h2 style="font-size:18px;margin:24px 0 8px">To watch or read again</h2>
      <ul>
        ${items.map((m) => html`<li><a href="${m.url}">${m.label}</a></li>`)}
      </ul>`,
  };
}

function followUp(d: EmailJobKinds['event-follow-up']): RenderedEmail {
  const e = d.event;
  const more = materialsBlock(d.recordingUrl, d.materials);
  const labels = ['1 (poor)', '2', '3', '4', '5 (excellent)'];
  return {
    subject: `Thank you for coming: ${e.title}`,
    text: [
      `Hello ${d.name},`,
      '',
      `Thank you for joining ${e.title}. How was it? One tap rates it, and you can add a comment:`,
      ...d.ratings.map((url, i) => `${labels[i]}: ${url}`),
      ...more.text,
    ].join('\n'),
    html: layout({
      title: 'Thank you for coming',
      body: html`<p>Hello ${d.name},</p>
        <p>Thank you for joining ${e.title}. How was it? One tap rates it, and you can add a comment.</p>
        <p style="margin:16px 0">
          ${d.ratings.map(
            (url, i) =>
              html`<a
                href="${url}"
                style="display:inline-block;min-width:44px;padding:10px 0;margin:0 6px 6px 0;text-align:center;border:1px solid #1f3a8a;border-radius:6px;color:#1f3a8a;font-weight:600;text-decoration:none"
                aria-label="Rate ${i + 1} out of 5"
                >${i + 1}</a
              >`,
          )}
        </p>
        <p style="font-size:14px;color:#52525b">1 is poor, 5 is excellent.</p>
        ${more.html}`,
      footer: afterFooter,
    }),
  };
}

function recording(d: EmailJobKinds['event-recording']): RenderedEmail {
  const e = d.event;
  const more = materialsBlock(d.recordingUrl, d.materials);
  const intro = `The recording of ${e.title} is ready, for everyone who registered: watch it when it suits you, wherever you are.`;
  return {
    subject: `The recording: ${e.title}`,
    text: [`Hello ${d.name},`, '', intro, ...more.text, '', `About the event: ${e.url}`].join('\n'),
    html: layout({
      title: `The recording of ${e.title}`,
      body: html`<p>Hello ${d.name},</p>
        <p>${intro}</p>
        ${button(d.recordingUrl, 'Watch the recording')}${more.html}
        <p><a href="${e.url}">About the event</a></p>`,
      footer: afterFooter,
    }),
  };
}

function announcement(d: EmailJobKinds['event-announcement']): RenderedEmail {
  const paragraphs = d.message
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    subject: `${d.subject}: ${d.event.title}`,
    text: [`Hello ${d.name},`, '', ...paragraphs.flatMap((p) => [p, '']), `Your registration: ${d.manageUrl}`, `About the event: ${d.event.url}`].join('\n'),
    html: layout({
      title: d.subject,
      body: html`<p>Hello ${d.name},</p>
        ${paragraphs.map((p) => html`<p>${p}</p>`)}${button(d.manageUrl, 'Your registration')}
        <p><a href="${d.event.url}">About ${d.event.title}</a></p>`,
      footer,
    }),
  };
}

export const eventChangeTemplates = {
  'event-changed': changed,
  'event-reminder': reminder,
  'event-follow-up': followUp,
  'event-recording': recording,
  'event-announcement': announcement,
} satisfies { [K in keyof EmailJobKinds as K extends `event-${string}` ? K : never]: (data: EmailJobKinds[K]) => RenderedEmail };
