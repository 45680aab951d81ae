/**
 * RFC 5545 checks of an iCalendar file, on ical.js (the parser of the RFC's
 * grammar): what a calendar program relies on and a generator can get wrong.
 * Returns the problems found, none for a valid file.
 */
import ICAL from 'ical.js';

/** Properties of RFC 7986 (new calendar properties), which ical.js's design does not list. */
const rfc7986 = new Set(['name', 'refresh-interval', 'source', 'color', 'image', 'conference']);
const known = (name: string) => name in ICAL.design.icalendar.property || rfc7986.has(name) || name.startsWith('x-');

export function rfc5545Problems(text: string): string[] {
  const problems: string[] = [];
  if (!/\r\n$/.test(text) || /[^\r]\n/.test(text)) problems.push('lines must end in CRLF');
  for (const line of text.split('\r\n')) if (Buffer.byteLength(line) > 75) problems.push(`line longer than 75 octets: ${line.slice(0, 40)}…`);
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    return [...problems, `does not parse: ${(error as Error).message}`];
  }
  if (calendar.name !== 'vcalendar') problems.push('not a VCALENDAR');
  if (calendar.getFirstPropertyValue('version') !== '2.0') problems.push('VERSION:2.0 missing');
  if (calendar.getAllProperties('prodid').length !== 1) problems.push('PRODID must appear once');

  const zones = new Set(calendar.getAllSubcomponents('vtimezone').map((z) => String(z.getFirstPropertyValue('tzid'))));
  const walk = (component: ICAL.Component) => {
    for (const property of component.getAllProperties()) {
      if (!known(property.name)) problems.push(`${component.name.toUpperCase()}: non-standard property ${property.name.toUpperCase()} (not X-)`);
      const tzid = property.getParameter('tzid');
      if (typeof tzid === 'string' && !zones.has(tzid)) problems.push(`${property.name.toUpperCase()}: TZID ${tzid} has no VTIMEZONE`);
    }
    component.getAllSubcomponents().forEach(walk);
  };
  walk(calendar);

  for (const event of calendar.getAllSubcomponents('vevent')) {
    for (const name of ['uid', 'dtstamp', 'dtstart']) if (event.getAllProperties(name).length !== 1) problems.push(`VEVENT: ${name.toUpperCase()} must appear once`);
    const stamp = event.getFirstPropertyValue('dtstamp') as ICAL.Time | null;
    if (stamp && stamp.zone !== ICAL.Timezone.utcTimezone) problems.push(`VEVENT: DTSTAMP must be in UTC (ends in Z), got ${stamp.toString()}`);
    const start = event.getFirstProperty('dtstart');
    const end = event.getFirstProperty('dtend');
    if (start && end && String(start.getParameter('tzid')) !== String(end.getParameter('tzid'))) problems.push('VEVENT: DTSTART and DTEND in different zones');
    if (start && end && (end.getFirstValue() as ICAL.Time).compare(start.getFirstValue() as ICAL.Time) <= 0) problems.push('VEVENT: DTEND must be after DTSTART');
  }
  return problems;
}
