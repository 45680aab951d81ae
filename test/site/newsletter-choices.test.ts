/**
 * The newsletter pages offer the topics and regions the API checks choices
 * against: readDigestChoices (the pages, from the tag list and the events only)
 * gives the same as buildDigestContent (the digest content the functions
 * bundle), also when a draft or a scheduled event names a country of its own.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDigestContent, readDigestChoices } from '../../site/manifest/digest-content';

const repoContent = path.resolve(import.meta.dirname, '../../content');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'newsletter-choices-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const choicesOf = async (contentDir: string, now: Date) => {
  const all = await buildDigestContent(contentDir, now);
  return { topics: all.topics, regions: all.regions };
};

describe('newsletter choices', () => {
  it('are the digest content’s topics and regions for the project’s content', async () => {
    const now = new Date();
    const choices = await readDigestChoices(repoContent, now);
    expect(choices).toEqual(await choicesOf(repoContent, now));
    expect(choices.topics.length).toBeGreaterThan(0);
    expect(choices.regions).toContain('Europe');
  });

  it('leave out the country of a draft event and of one not yet published, as the digest content does, and name it once published', async () => {
    const content = path.join(scratch, 'content');
    cpSync(repoContent, content, { recursive: true });
    const sample = readFileSync(path.join(content, 'events/alumni-walk-lisbon-2027.md'), 'utf8');
    expect(sample).toMatch(/^country: Portugal$/m);
    writeFileSync(path.join(content, 'events/draft-walk.md'), sample.replace(/^country: Portugal$/m, 'country: Iceland').replace(/^---\n/, '---\ndraft: true\n'));
    writeFileSync(path.join(content, 'events/later-walk.md'), sample.replace(/^country: Portugal$/m, 'country: Malta').replace(/^---\n/, '---\npublishAt: 2027-01-01T09:00:00Z\n'));

    const before = new Date('2026-12-31T12:00:00Z');
    const early = await readDigestChoices(content, before);
    expect(early).toEqual(await choicesOf(content, before));
    expect(early.regions).not.toContain('Iceland');
    expect(early.regions).not.toContain('Malta');

    const after = new Date('2027-01-02T12:00:00Z');
    const later = await readDigestChoices(content, after);
    expect(later).toEqual(await choicesOf(content, after));
    expect(later.regions).toContain('Malta');
    expect(later.regions).not.toContain('Iceland');
  });
});
