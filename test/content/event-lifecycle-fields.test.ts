/**
 * The event fields after registration (status, statusNote, reminders,
 * recordingUrl, materials, whosComing): defaults, and reminder offsets at
 * their edges, each refusal saying what to write.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { offsetMs } from '../../site/schemas/event-lifecycle';
import { eventSchema } from '../../site/schemas/event';

const schema = eventSchema(z.string());
const base = { title: 'Reunion', summary: 'A reunion.', start: '2027-06-12T17:00', end: '2027-06-12T23:00', timezone: 'Europe/Berlin', format: 'in-person', venue: 'Hall', city: 'Berlin', country: 'Germany' };
const messages = (extra: Record<string, unknown>) => {
  const result = schema.safeParse({ ...base, ...extra });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('event lifecycle fields', () => {
  it('default to a scheduled event, reminded 2 days and 2 hours before, without recording, materials or list', () => {
    const parsed = schema.parse(base);
    expect(parsed).toMatchObject({ status: 'scheduled', reminders: ['2d', '2h'], materials: [], whosComing: false });
    expect(parsed.recordingUrl).toBeUndefined();
  });

  it('take reminder offsets in days, hours and minutes, up to 60 days, or none', () => {
    expect(schema.parse({ ...base, reminders: ['1d', '90m', '60d'] }).reminders).toEqual(['1d', '90m', '60d']);
    expect(schema.parse({ ...base, reminders: [] }).reminders).toEqual([]);
    expect([offsetMs('2d'), offsetMs('2h'), offsetMs('30m')]).toEqual([172_800_000, 7_200_000, 1_800_000]);
  });

  it.each([
    ['0h', 'is not a reminder time'],
    ['-1d', 'is not a reminder time'],
    ['2x', 'is not a reminder time'],
    ['2 d', 'is not a reminder time'],
    ['400d', 'more than 60 days'],
    ['61d', 'more than 60 days'],
  ])('refuse the offset %s, saying what to write', (offset, problem) => {
    const found = messages({ reminders: [offset] });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('reminders.0');
    expect(found[0]).toContain(problem);
  });

  it('refuse an unknown status, a recording link that is not https and materials without a label', () => {
    expect(messages({ status: 'moved' })[0]).toContain('Write one of: scheduled, postponed, cancelled.');
    expect(messages({ recordingUrl: 'http://video.example.org/x' })[0]).toContain('starting with https://');
    expect(messages({ materials: [{ url: 'https://files.example.org/s.pdf' }] })[0]).toContain('materials.0.label');
    expect(messages({ whosComing: 'yes' })[0]).toContain('Write true or false.');
  });
});
