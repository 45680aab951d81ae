/**
 * Date-times as written. YAML reads `2027-06-12T18:00:00` (with seconds, no
 * offset) as UTC before any schema sees it, so the event would silently move;
 * the fix is to leave out the seconds (then the time is read in `timezone`)
 * or to say the offset. A date without a time would likewise be midnight UTC.
 */
import { isTimeZone, toInstant } from '../../schemas';
import { at, readable, type Rule } from '../context';
import type { Finding } from '../finding';
import { fieldLine } from '../lines';

const eventDateTimes = ['start', 'end', 'registrationOpens', 'registrationCloses'] as const;
const dateOnly = /^\d{4}-\d{2}-\d{2}\s*(#.*)?$/;
const secondsWithoutOffset = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}):(\d{2})(\.\d+)?\s*(#.*)?$/;

export const dates: Rule = ({ content }) => {
  const findings: Finding[] = [];
  for (const file of readable(content, 'events')) {
    const lines = (file.yaml ?? '').split(/\r?\n/);
    const zone = typeof file.data['timezone'] === 'string' && isTimeZone(file.data['timezone']) ? file.data['timezone'] : undefined;
    for (const field of eventDateTimes) {
      if (!(file.data[field] instanceof Date)) continue;
      const line = fieldLine(file.yaml ?? '', [field], file.yamlFirstLine);
      const written = (lines[line - file.yamlFirstLine] ?? '').replace(new RegExp(`^\\s*${field}\\s*:\\s*`), '').replace(/^["']|["']$/g, '');
      if (dateOnly.test(written)) {
        findings.push(at(file, [field], `${written.trim()} has no time of day, so it would be read as midnight UTC`, `write the local time too, e.g. ${written.trim().slice(0, 10)}T09:00 (read in ${zone ?? '`timezone`'})`));
        continue;
      }
      const match = secondsWithoutOffset.exec(written);
      if (!match) continue;
      const wallClock = `${match[1]}T${match[2]}`;
      const offset = zone ? offsetAt(toInstant(wallClock, zone), zone) : '+00:00';
      findings.push(
        at(file, [field], `${written.trim()} has seconds but no offset, so it would be read as UTC, not as ${zone ?? 'the event\'s timezone'}`, `write ${wallClock} (read in ${zone ?? '`timezone`'}) or add an offset, e.g. ${wallClock}:${match[3]}${offset}`),
      );
    }
  }
  return findings;
};

/** The zone's UTC offset at an instant, as +02:00. */
function offsetAt(instant: Date, timeZone: string): string {
  const name = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}
