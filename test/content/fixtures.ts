/**
 * A small, valid content folder written to a temporary directory, which each
 * test changes one file of: the real content/ is never touched.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { checkContent, type Finding } from '../../site/content-check/index';
import { contentPages } from '../../site/content-files';

export const tagsYaml = '- careers\n- mentoring\n- reunion\n';

export const profile = `---
name: Ada Obi
classYear: 2012
degree: BSc Economics
role: Founder
organization: Obi Payments
industry: Financial Services
city: Lagos
country: Nigeria
languages: [English, Yoruba]
photo: ../images/portrait.svg
photoAlt: Ada Obi smiling at her desk
links:
  - label: Website
    url: https://obi.example.com
mentor:
  available: true
  capacity: 2
  topics: [fundraising]
  formats: [one-off]
tags: [mentoring]
---
Ada mentors founders.
`;

export const host = `---
name: Ben Ito
classYear: 2017
degree: MEng Electrical Engineering
role: Engineer
organization: Grid Co
industry: Energy
city: Berlin
country: Germany
languages: [German, English]
---
Ben organises reunions.
`;

export const story = `---
title: A Founder's First Raise
summary: How Ada Obi raised her first round with help from the alumni network.
date: 2026-05-01
author: Alumni Office
tags: [mentoring, careers]
profiles: [ada-obi]
image: ../images/cover.svg
imageAlt: A lantern-lit market at dusk
---
Ada's story. See [her profile](/profiles/ada-obi/) and the [reunion](/events/spring-reunion/).

## Giving

Give to [scholarships](/funds/scholarships/) or read [more stories](/stories/tags/mentoring/), or ask on the [mentoring page](/mentoring/).
`;

export const event = `---
title: Spring Reunion
summary: Back on campus for a dinner.
start: 2027-06-12T17:00
end: 2027-06-12T23:00
timezone: Europe/Berlin
format: in-person
venue: Old Library Hall
city: Berlin
country: Germany
capacity: 40
maxGuests: 1
registrationCloses: 2027-06-05T23:59
tags: [reunion]
hosts: [ben-ito]
---
The programme. Read [a founder's story](/stories/first-story/).
`;

export const fund = `---
title: Scholarships
summary: Scholarships for first-generation students.
goal: 50000
currency: EUR
closes: 2027-06-30
---
What the fund does.
`;

/** A valid page of content/pages/, as an editor writes one. */
export const page = `---
title: Guidelines for mentors and mentees
description: What to expect from a mentorship, how to end it well, and how to tell us about a problem.
updated: 2026-12-01
---
Mentors give advice, not jobs. Read more on the [mentoring page](/mentoring/).
`;

/**
 * One valid file for every page the site fixes an address for (contentPages):
 * the checks require each of them, so a content folder without them is not a
 * good one. A test of a missing page deletes its file (`null`).
 */
export function pageFiles(): Record<string, string> {
  return Object.fromEntries(Object.keys(contentPages).map((name) => [`content/pages/${name}.md`, page]));
}

export const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80"><rect width="120" height="80" fill="#036"/></svg>\n';

export const baseFiles: Record<string, string> = {
  'content/tags.yaml': tagsYaml,
  'content/profiles/ada-obi.md': profile,
  'content/profiles/ben-ito.md': host,
  'content/stories/first-story.md': story,
  'content/events/spring-reunion.md': event,
  'content/funds/scholarships.md': fund,
  'content/images/cover.svg': svg,
  'content/images/portrait.svg': svg,
  ...pageFiles(),
};

const roots: string[] = [];

/** A temporary project root holding the base content with `changes` applied (`null` deletes a file). */
export async function contentRoot(changes: Record<string, string | Uint8Array | null> = {}): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'content-check-'));
  roots.push(root);
  const files: Record<string, string | Uint8Array | null> = { ...baseFiles, ...changes };
  for (const [name, text] of Object.entries(files)) {
    if (text === null) continue;
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}

export async function removeRoots(): Promise<void> {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}

/** The findings for the base content with `changes` applied. */
export async function findingsFor(changes: Record<string, string | Uint8Array | null>): Promise<Finding[]> {
  return (await checkContent({ root: await contentRoot(changes) })).findings;
}

/** `text` with `from` replaced by `to`; fails loudly if `from` is not there, so fixtures cannot drift silently. */
export function change(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The 1-based line of the first line of `text` that starts with `start`. */
export function lineOf(text: string, start: string): number {
  const index = text.split('\n').findIndex((line) => line.startsWith(start));
  if (index === -1) throw new Error(`no line starts with ${JSON.stringify(start)}`);
  return index + 1;
}

/** Asserts one finding with these parts (strings must match exactly, regexes match). */
export function expectFinding(findings: Finding[], expected: { file: string; field: string; line?: number; problem: RegExp; fix: RegExp }): void {
  expect(findings).toContainEqual(
    expect.objectContaining({
      file: expected.file,
      field: expected.field,
      ...(expected.line !== undefined && { line: expected.line }),
      problem: expect.stringMatching(expected.problem),
      fix: expect.stringMatching(expected.fix),
    }),
  );
}
