/**
 * The newsletter's emails: the subscription confirmation (double opt-in) and
 * the digest. The digest has its own layout: it declares light and dark
 * colour schemes and restyles itself for dark mode where mail clients honour
 * `prefers-color-scheme` (Apple Mail, iOS, Outlook for Mac); elsewhere the
 * inline light styles hold, and Gmail's own dark inversion keeps them legible.
 * No tracking pixel, no rewritten links: every link is the page itself.
 */
import { SITE } from '../../../site/consts';
import { formatDate, formatEventTime, formatMoney, formatPlace } from '../../../site/lib/format';
import type { EmailJobKinds } from '../../shared/email-jobs';
import type { DigestEventItem, NewsletterEmailData } from '../../newsletter/emails';
import { button, html, Html, layout, type RenderedEmail } from './layout';

function confirmation(d: EmailJobKinds['subscription-confirm']): RenderedEmail {
  const hello = d.name ? `Hello ${d.name},` : 'Hello,';
  if (d.status === 'active' || !d.confirmUrl) {
    const intro = `This address is already subscribed to the ${SITE.name} newsletter. Someone (probably you) asked to subscribe it again. To change your topics, regions or how often you hear from us, or to unsubscribe, use your preferences page.`;
    return {
      subject: `You are already subscribed to the ${SITE.name} newsletter`,
      text: [hello, '', intro, '', `Your preferences: ${d.preferencesUrl}`].join('\n'),
      html: layout({
        title: 'You are already subscribed',
        body: html`<p>${hello}</p>
          <p>${intro}</p>
          ${button(d.preferencesUrl, 'Your preferences')}`,
        footer: 'If you did not ask for this, you can ignore this email: nothing has changed.',
      }),
    };
  }
  const intro = `Please confirm that you want the ${SITE.name} newsletter at this address: new stories in your topics, events near you and ways to help. Nothing is sent until you confirm.`;
  // Keep this email: until the first issue arrives, it is the only way back to the preferences.
  const later = 'Once confirmed, change your topics, regions or how often, or unsubscribe, from this link at any time';
  return {
    subject: `Confirm your subscription to the ${SITE.name} newsletter`,
    text: [hello, '', intro, '', `Confirm: ${d.confirmUrl}`, '', `${later}: ${d.preferencesUrl}`, '', 'If you did not ask for this, ignore this email: you will not hear from us again.'].join('\n'),
    html: layout({
      title: 'Confirm your subscription',
      body: html`<p>${hello}</p>
        <p>${intro}</p>
        ${button(d.confirmUrl, 'Confirm my subscription')}
        <p style="font-size:14px">Or copy this address into your browser: <br />${d.confirmUrl}</p>
        <p style="font-size:14px">${later}: <a href="${d.preferencesUrl}">your preferences</a>.</p>`,
      footer: 'If you did not ask for this, ignore this email: you will not hear from us again and we keep nothing after seven days.',
    }),
  };
}

function place(e: DigestEventItem): string {
  if (e.format === 'online') return 'Online';
  const where = formatPlace(e.city, e.country);
  return e.format === 'hybrid' ? `${where} and online` : where;
}

/** "from 12 donors", "from one donor"; a new fund says so rather than "from 0 donors". */
const donorsOf = (n: number) => (n === 0 ? ', no donors yet' : n === 1 ? ' from one donor' : ` from ${n} donors`);

function eventWhen(e: DigestEventItem, zone: string | undefined): string {
  return formatEventTime(e.startsAt, e.endsAt, zone ?? e.timezone);
}

const css = `
  :root { color-scheme: light dark; supported-color-schemes: light dark; }
  @media (prefers-color-scheme: dark) {
    .nl-body { background: #111318 !important; }
    .nl-card { background: #1c1f26 !important; color: #e7e9ee !important; }
    .nl-card h1, .nl-card h2, .nl-card h3, .nl-card p, .nl-card li, .nl-card td { color: #e7e9ee !important; }
    .nl-muted { color: #a9afbc !important; }
    .nl-card a { color: #9db8ff !important; }
    .nl-rule { border-color: #343a46 !important; }
    .nl-bar { background: #343a46 !important; }
    .nl-fill { background: #9db8ff !important; }
  }`;

function section(title: string, items: Html[]): Html {
  if (items.length === 0) return html``;
  return html`<h2 style="font-size:18px;margin:28px 0 8px">${title}</h2>
    ${items}`;
}

function digest(d: NewsletterEmailData): RenderedEmail {
  const hello = d.name ? `Hello ${d.name},` : 'Hello,';
  const zoneNote = d.timeZone ? `Event times are in your time zone (${d.timeZone}).` : 'Event times are in each event’s own time zone.';
  const money = (minor: number, currency: string) => formatMoney(minor, currency);
  const stories = d.stories.map(
    (s) =>
      html`<div style="margin:0 0 16px">
        <h3 style="font-size:16px;margin:0"><a href="${s.url}" style="color:#1f3a8a">${s.title}</a></h3>
        <p style="margin:4px 0 0">${s.summary}</p>
        <p class="nl-muted" style="margin:2px 0 0;font-size:13px;color:#52525b">${formatDate(new Date(`${s.date}T00:00:00Z`))}</p>
      </div>`,
  );
  const events = d.events.map(
    (e) =>
      html`<div style="margin:0 0 16px">
        <h3 style="font-size:16px;margin:0"><a href="${e.url}" style="color:#1f3a8a">${e.title}</a></h3>
        <p style="margin:4px 0 0">${eventWhen(e, d.timeZone)}</p>
        <p class="nl-muted" style="margin:2px 0 0;font-size:14px;color:#52525b">${place(e)}</p>
      </div>`,
  );
  const mentors = d.mentors.map(
    (m) =>
      html`<li style="margin:0 0 8px">
        <a href="${m.url}" style="color:#1f3a8a">${m.name}</a>, ${m.role} at ${m.organization}:
        ${m.freePlaces === 1 ? 'one free place' : `${m.freePlaces} free places`}${m.topics.length ? html`<span class="nl-muted" style="color:#52525b"> (${m.topics.join(', ')})</span>` : ''}
      </li>`,
  );
  const funds = d.funds.map((f) => {
    const share = f.goal > 0 ? Math.min(100, Math.round((f.raised / f.goal) * 100)) : 0;
    return html`<div style="margin:0 0 16px">
      <h3 style="font-size:16px;margin:0"><a href="${f.url}" style="color:#1f3a8a">${f.title}</a></h3>
      <p style="margin:4px 0">${money(f.raised, f.currency)} of ${money(f.goal, f.currency)}${donorsOf(f.donors)} (${share}%)</p>
      <div class="nl-bar" role="presentation" style="background:#e4e4e7;border-radius:4px;height:8px;width:100%">
        <div class="nl-fill" style="background:#1f3a8a;border-radius:4px;height:8px;width:${share}%"></div>
      </div>
    </div>`;
  });
  const empty = d.stories.length + d.events.length + d.mentors.length === 0;
  const bodyHtml = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>${SITE.name}: ${d.title}</title>
        <style>
          ${new Html(css)}
        </style>
      </head>
      <body class="nl-body" style="margin:0;padding:0;background:#f4f4f5">
        <div
          class="nl-card"
          style="max-width:600px;margin:0 auto;padding:32px 24px;background:#ffffff;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#18181b"
        >
          <p class="nl-muted" style="margin:0 0 4px;font-size:13px;color:#52525b">${SITE.name} newsletter</p>
          <h1 style="font-size:24px;line-height:1.3;margin:0 0 16px">${d.title}</h1>
          <p>${hello}</p>
          <p>${empty ? 'A quieter spell: nothing new in your topics and regions this time. Here is how our funds are doing.' : 'Here is what is new in your topics and regions.'}</p>
          ${section('New stories', stories)} ${section('Upcoming events', events)}${events.length ? html`<p class="nl-muted" style="font-size:13px;color:#52525b;margin:0">${zoneNote}</p>` : ''}
          ${section(
            'Mentors with free places',
            mentors.length
              ? [
                  html`<ul style="padding-left:20px;margin:0">
                    ${mentors}
                  </ul>`,
                ]
              : [],
          )}
          ${section('Ways to help', funds)}
          <hr class="nl-rule" style="border:none;border-top:1px solid #e4e4e7;margin:32px 0 16px" />
          <p class="nl-muted" style="font-size:13px;color:#52525b;margin:0">
            You receive this because you subscribed at ${d.siteUrl}. <a href="${d.preferencesUrl}" style="color:#1f3a8a">Choose topics, regions and how often</a> or
            <a href="${d.preferencesUrl}#unsubscribe" style="color:#1f3a8a">unsubscribe</a>: no password needed.
          </p>
        </div>
      </body>
    </html>`;
  const lines = (title: string, items: string[]) => (items.length ? [title.toUpperCase(), '', ...items, ''] : []);
  const text = [
    `${SITE.name} newsletter: ${d.title}`,
    '',
    hello,
    '',
    empty ? 'A quieter spell: nothing new in your topics and regions this time.' : 'Here is what is new in your topics and regions.',
    '',
    ...lines(
      'New stories',
      d.stories.map((s) => `${s.title}\n${s.summary}\n${s.url}\n`),
    ),
    ...lines('Upcoming events', [...d.events.map((e) => `${e.title}\n${eventWhen(e, d.timeZone)}\n${place(e)}\n${e.url}\n`), ...(d.events.length ? [zoneNote, ''] : [])]),
    ...lines(
      'Mentors with free places',
      d.mentors.map((m) => `${m.name}, ${m.role} at ${m.organization}: ${m.freePlaces} free ${m.freePlaces === 1 ? 'place' : 'places'} ${m.url}`),
    ),
    ...lines(
      'Ways to help',
      d.funds.map((f) => `${f.title}: ${money(f.raised, f.currency)} of ${money(f.goal, f.currency)}${donorsOf(f.donors)}\n${f.url}\n`),
    ),
    '--',
    `Choose topics, regions and how often, or unsubscribe (no password needed): ${d.preferencesUrl}`,
  ].join('\n');
  return { subject: `${SITE.name}: ${d.title}`, text, html: bodyHtml.value, listUnsubscribe: d.unsubscribeUrl };
}

export const newsletterTemplates = {
  'subscription-confirm': confirmation,
  newsletter: digest,
} satisfies { [K in 'subscription-confirm' | 'newsletter']: (data: EmailJobKinds[K]) => RenderedEmail };
