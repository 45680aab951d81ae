/**
 * `npm run new`: every field of the schema is in the new file, each with a
 * comment, and the file passes the content checks as written except for its
 * example values, which are findings until replaced (editor-mistakes.test.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkContent, formatFinding, type Finding } from '../../site/content-check/index';
import { fieldGuide } from '../../site/content-check/field-guide';
import { collectionNames } from '../../site/content-files';
import { nodeSchemas } from '../../site/manifest/read-content';
import { link, mentorOffer } from '../../site/schemas';
import { newItem } from '../../site/scaffold/new-item';
import { kinds, slugFor, type Kind } from '../../site/scaffold/templates';
import { contentRoot, removeRoots } from './fixtures';

afterAll(removeRoots);

function fieldsOf(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return fieldsOf(schema.in as z.ZodType);
  throw new Error('not an object schema');
}

/** Findings other than the example values `npm run new` writes on purpose. */
const realProblems = (findings: Finding[]) => findings.filter((f) => !/is still the example|still has the example text/.test(f.problem)).map(formatFinding);

const titles: Record<Kind, string> = { story: 'Émile’s Road: From Lyon to Lagos', event: 'Lisbon Alumni Dinner', profile: 'Zoë Ngata', fund: 'Library Renewal Fund' };

describe.each(Object.keys(kinds) as Kind[])('npm run new -- %s', (kind) => {
  it('writes every field of the schema, each with a comment, and the file passes the checks but for its example values', async () => {
    const root = await contentRoot();
    const file = await newItem({ kind, title: titles[kind], root, today: new Date('2026-11-23T10:00:00Z') });
    expect(file).toBe(`content/${kinds[kind]}/${slugFor(titles[kind])}.md`);
    const text = await readFile(path.join(root, file), 'utf8');
    const lines = text.split('\n');
    for (const field of fieldsOf(nodeSchemas[kinds[kind]])) {
      const at = lines.findIndex((line) => new RegExp(`^(# )?${field}:`).test(line));
      expect(at, `${field} is in the template`).toBeGreaterThan(0);
      expect(lines.slice(0, at).findLast((line) => line.startsWith('# ') && !/^# \w+:/.test(line)), `${field} has a comment`).toBeDefined();
    }
    const { findings } = await checkContent({ root });
    expect(realProblems(findings)).toEqual([]);
  });
});

describe('npm run new', () => {
  it('makes the file name from the title: lower case, accents dropped, words joined by hyphens', () => {
    expect(slugFor('Émile’s Road: From Lyon to Lagos')).toBe('emiles-road-from-lyon-to-lagos');
    expect(slugFor('Class of 2017 — Ten-Year Reunion!')).toBe('class-of-2017-ten-year-reunion');
    expect(slugFor('A very long title that goes on and on about the many things alumni did this year')).toMatch(/^[a-z0-9-]{1,60}$/);
  });

  it('refuses to overwrite an existing item', async () => {
    const root = await contentRoot();
    await expect(newItem({ kind: 'event', title: 'Spring Reunion', root })).rejects.toThrow('content/events/spring-reunion.md already exists');
  });

  it('keeps a title with a colon or quotes as written', async () => {
    const root = await contentRoot();
    const file = await newItem({ kind: 'story', title: 'Webinar: "What I Wish I Knew"', root });
    const { findings } = await checkContent({ root });
    expect(realProblems(findings)).toEqual([]);
    expect(await readFile(path.join(root, file), 'utf8')).toContain('title: "Webinar: \\"What I Wish I Knew\\""');
  });
});

describe('the field guide behind hints and templates', () => {
  it('explains every field of every schema, and no field that does not exist', () => {
    // Fields inside a field (a profile's mentor offer and links, an event's materials) have help of their own.
    const nestedFields: Partial<Record<string, string[]>> = {
      profiles: [...fieldsOf(mentorOffer).map((f) => `mentor.${f}`), ...fieldsOf(link).map((f) => `links.${f}`)],
      events: fieldsOf(link).map((f) => `materials.${f}`),
    };
    for (const collection of collectionNames) {
      const nested = nestedFields[collection] ?? [];
      expect(Object.keys(fieldGuide[collection]).sort()).toEqual([...fieldsOf(nodeSchemas[collection]), ...nested].sort());
    }
  });
});
