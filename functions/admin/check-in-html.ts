/**
 * The printable check-in list of an event (`events registrations <event>
 * --format html`): one self-contained page that prints cleanly on A4 and US
 * Letter: the event and its date at the top, confirmed people sorted by
 * surname, each with a box to tick, their guests, class year and needs, then
 * the waitlist in its order. Table headers repeat on every printed page and
 * rows are not split across pages.
 */
import type { ManifestEvent } from '../shared/content-index';
import type { CheckInRow } from './events';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The name a list is sorted by: the last word of the name as the person wrote it ("Ana María de la Cruz" → "Cruz"). */
export function surnameOf(name: string): string {
  const words = name.trim().split(/\s+/);
  return words[words.length - 1] ?? name;
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });
export const bySurname = (a: string, b: string) => collator.compare(surnameOf(a), surnameOf(b)) || collator.compare(a, b);

export function checkInHtml(event: ManifestEvent | undefined, slug: string, rows: readonly CheckInRow[], now: Date): string {
  const confirmed = rows.filter((r) => r.registration.status === 'confirmed').sort((a, b) => bySurname(a.registration.name, b.registration.name));
  const waitlisted = rows.filter((r) => r.registration.status === 'waitlisted');
  const seats = confirmed.reduce((n, r) => n + r.registration.seats, 0);
  const when = event
    ? new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: event.timezone, timeZoneName: 'short' }).format(
        new Date(event.startsAt),
      )
    : '';
  const where = event ? [event.venue, event.city].filter(Boolean).join(', ') || (event.format === 'online' ? 'Online' : '') : '';
  const row = (r: CheckInRow, mark: string) => {
    const g = r.registration;
    const needs = [g.dietary && `Diet: ${g.dietary}`, g.accessibility && `Access: ${g.accessibility}`].filter(Boolean).join(' · ');
    return `<tr><td class="tick">${mark}</td><td class="name"><strong>${escapeHtml(g.name)}</strong></td><td>${g.classYear ?? ''}</td><td class="num">${g.guests > 0 ? `+${g.guests}` : ''}</td><td>${escapeHtml(needs)}</td></tr>`;
  };
  const table = (items: readonly CheckInRow[], mark: (r: CheckInRow) => string) =>
    `<table><thead><tr><th class="tick" scope="col"><span class="visually-hidden">Arrived</span></th><th scope="col">Name</th><th scope="col">Class</th><th scope="col" class="num">Guests</th><th scope="col">Dietary and access needs</th></tr></thead><tbody>${items.map((r) => row(r, mark(r))).join('')}</tbody></table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Check-in: ${escapeHtml(event?.title ?? slug)}</title>
<style>
  @page { margin: 14mm 12mm; }
  * { box-sizing: border-box; }
  body { font: 11pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #000; margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
  h1 { font-size: 17pt; margin: 0 0 2mm; }
  h2 { font-size: 12.5pt; margin: 7mm 0 2mm; }
  p.meta { margin: 0 0 1mm; }
  p.note { font-size: 9pt; color: #333; }
  table { width: 100%; border-collapse: collapse; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, td { border-bottom: 0.3mm solid #777; padding: 2.2mm 2mm; text-align: left; vertical-align: top; }
  th { font-size: 9pt; text-transform: uppercase; letter-spacing: 0.03em; border-bottom: 0.5mm solid #000; }
  td.tick, th.tick { width: 10mm; }
  td.tick { font-size: 15pt; line-height: 1; }
  td.name { width: 62mm; }
  .num { text-align: right; width: 15mm; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  @media print { body { padding: 0; max-width: none; } }
</style>
</head>
<body>
<h1>${escapeHtml(event?.title ?? slug)}</h1>
${when ? `<p class="meta">${escapeHtml(when)}${where ? ` · ${escapeHtml(where)}` : ''}</p>` : ''}
<p class="meta"><strong>${confirmed.length}</strong> confirmed ${confirmed.length === 1 ? 'registration' : 'registrations'}, <strong>${seats}</strong> ${seats === 1 ? 'seat' : 'seats'} with guests${event?.capacity != null ? ` (capacity ${event.capacity})` : ''}; ${waitlisted.length} on the waitlist.</p>
<h2>Confirmed, by surname</h2>
${confirmed.length ? table(confirmed, () => '☐') : '<p>No confirmed registrations.</p>'}
${waitlisted.length ? `<h2>Waitlist, in order</h2>${table(waitlisted, (r) => String(r.position ?? ''))}` : ''}
<p class="note">Printed ${escapeHtml(new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(now))}. Personal data: shred after the event.</p>
</body>
</html>
`;
}
