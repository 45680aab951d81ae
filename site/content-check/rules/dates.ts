/**
 * Date-times as written. Astro reads front matter with js-yaml, which turns
 * `2027-06-12T18:00:00` (seconds, no offset, unquoted) into UTC before any
 * schema sees it, so the event would silently move; the fix is to leave out the
 * seconds (then the time is read in `timezone`) or to say the offset. (Days and
 * times that do not exist, and dates without a time, are the schemas' findings.)
 */
import { isScalar } from 'yaml';
import { SITE } from '../../consts';
import { isTimeZone, toInstant } from '../../schemas';
import { at, type Rule } from '../context';
import type { Finding } from '../finding';

const dateTimeFields = { events: ['start', 'end', 'registrationOpens', 'registrationCloses', 'publishAt'], stories: ['publishAt'] } as const;
const secondsWithoutOffset = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}):(\d{2})(\.\d+)?$/;

export const dates: Rule = ({ content }) => {
  const findings: Finding[] = [];
  for (const file of content.files) {
    if (file.data === undefined || !file.document || !(file.collection in dateTimeFields)) continue;
    const zoneField = file.data['timezone'];
    const zone = file.collection === 'stories' ? SITE.timeZone : typeof zoneField === 'string' && isTimeZone(zoneField) ? zoneField : undefined;
    const zoneName = file.collection === 'stories' ? `the university's time zone (${SITE.timeZone})` : (zone ?? "the event's timezone");
    for (const field of dateTimeFields[file.collection as keyof typeof dateTimeFields]) {
      const node = file.document.get(field, true);
      // Only a plain (unquoted) value is turned into a UTC instant by Astro's YAML reader.
      if (!isScalar(node) || node.type !== 'PLAIN' || typeof node.value !== 'string') continue;
      const match = secondsWithoutOffset.exec(node.value);
      if (!match) continue;
      const wallClock = `${match[1]}T${match[2]}`;
      const offset = zone ? offsetAt(toInstant(wallClock, zone), zone) : '+00:00';
      findings.push(
        at(
          file,
          [field],
          `${node.value} has seconds but no offset, so it would be read as UTC, not as ${zoneName}`,
          `write ${wallClock} (read in ${zone ?? '`timezone`'}) or add an offset, e.g. ${wallClock}:${match[3]}${offset}`,
        ),
      );
    }
  }
  return findings;
};

/** The zone's UTC offset at an instant, as +02:00. */
function offsetAt(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) return '+00:00';
  const name = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}
