/**
 * Mistakes a new editor makes that used to get through the checks and break a
 * later step: days and times that do not exist, invisible characters, findings
 * on the wrong line, links the old line scanner missed, drafts and scheduled
 * items, the example values of `npm run new`, unsafe SVGs, and the manifest
 * step failing with a stack trace. Each against the real checks on a
 * temporary copy of the fixture content.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContent, formatFinding, projectRoot } from '../../site/content-check/index';
import { buildManifest, ManifestError } from '../../site/manifest/build-manifest';
import { newItem } from '../../site/scaffold/new-item';
import { placeholders } from '../../site/scaffold/templates';
import { change, contentRoot, event, expectFinding, findingsFor, fund, lineOf, profile, removeRoots, story, svg } from './fixtures';

afterAll(removeRoots);

const storyFile = 'content/stories/first-story.md';
const eventFile = 'content/events/spring-reunion.md';
const fundFile = 'content/funds/scholarships.md';
const profileFile = 'content/profiles/ada-obi.md';

describe('every date is checked as a date', () => {
  it.each([
    ['month 13', '2026-13-01', /2026-13-01 is not a date: there is no month 13/],
    ['30 February', '2026-02-30', /2026-02-30 is not a date: February 2026 has 28 days/],
    ['29 February outside a leap year', '2027-02-29', /February 2027 has 28 days/],
    ['31 April', '2026-04-31', /April 2026 has 30 days/],
    ['day 0', '2026-05-00', /May 2026 has 31 days/],
    ['a quoted impossible date', '"2026-02-30"', /February 2026 has 28 days/],
  ])('a story date on %s', async (_what, written, problem) => {
    const findings = await findingsFor({ [storyFile]: change(story, 'date: 2026-05-01', `date: ${written}`) });
    expectFinding(findings, { file: storyFile, field: 'date', line: lineOf(story, 'date:'), problem, fix: /write a day that exists, as YYYY-MM-DD/ });
  });

  it('29 February of a leap year passes', async () => {
    expect(await findingsFor({ [storyFile]: change(story, 'date: 2026-05-01', 'date: 2028-02-29') })).toEqual([]);
  });

  it('a fund closing on a day that does not exist', async () => {
    const findings = await findingsFor({ [fundFile]: change(fund, 'closes: 2027-06-30', 'closes: 2027-06-31') });
    expectFinding(findings, { file: fundFile, field: 'closes', line: lineOf(fund, 'closes:'), problem: /June 2027 has 30 days/, fix: /a day that exists/ });
  });

  it.each([
    ['30 February', 'start: 2027-02-30T19:30', /2027-02-30T19:30 is not a date-time: February 2027 has 28 days/],
    ['24:00', 'start: 2027-06-12T24:00', /24:00 is not a time of day/],
    ['minute 60', 'start: 2027-06-12T17:60', /there is no minute 60/],
    ['an offset beyond +14:00', 'start: 2027-06-12T17:00+15:00', /\+15:00 is not a UTC offset/],
    ['month 13 with seconds (which YAML would roll over)', 'start: 2027-13-12T17:00:00', /there is no month 13/],
  ])('an event start on %s', async (_what, written, problem) => {
    const findings = await findingsFor({ [eventFile]: change(event, 'start: 2027-06-12T17:00', written) });
    expectFinding(findings, { file: eventFile, field: 'start', line: lineOf(event, 'start:'), problem, fix: /a day and time that exist/ });
  });

  it('23:59 and 00:00 pass', async () => {
    const text = change(change(event, 'start: 2027-06-12T17:00', 'start: 2027-06-12T00:00'), 'end: 2027-06-12T23:00', 'end: 2027-06-12T23:59');
    expect(await findingsFor({ [eventFile]: change(text, 'registrationCloses: 2027-06-05T23:59', 'registrationCloses: 2027-06-05T23:59') })).toEqual([]);
  });
});

describe('text as written', () => {
  it('a control character in a title, and in the body', async () => {
    const text = `${change(event, 'title: Spring Reunion', 'title: "Spring\\u0007 Reunion"')}Bring a friend\u0008.\n`;
    const findings = await findingsFor({ [eventFile]: text });
    expectFinding(findings, { file: eventFile, field: 'title', line: lineOf(event, 'title:'), problem: /invisible control character \(U\+0007\)/, fix: /retype/ });
    expectFinding(findings, { file: eventFile, field: 'body', line: lineOf(text, 'Bring a friend'), problem: /U\+0008/, fix: /retype the line/ });
  });

  it('a summary of 200 characters passes and one of 201 does not', async () => {
    const at = (n: number) => change(story, 'summary: How Ada Obi raised her first round with help from the alumni network.', `summary: ${'a'.repeat(n)}`);
    expect(await findingsFor({ [storyFile]: at(200) })).toEqual([]);
    expectFinding(await findingsFor({ [storyFile]: at(201) }), { file: storyFile, field: 'summary', problem: /is 201 characters long; the limit is 200/, fix: /200 characters/ });
  });
});

describe('lines from the YAML parser', () => {
  it('a missing nested field points at its parent; a list item at its own line', async () => {
    const text = change(change(profile, '  capacity: 2\n', ''), 'links:\n  - label: Website\n    url: https://obi.example.com', 'links:\n  - label: Website\n    url: https://obi.example.com\n  - label: Blog\n    url: ftp://obi.example.com');
    const findings = await findingsFor({ [profileFile]: text });
    expectFinding(findings, { file: profileFile, field: 'mentor.capacity', line: lineOf(text, 'mentor:'), problem: /is missing/, fix: /add `capacity: …`/ });
    expectFinding(findings, { file: profileFile, field: 'links[1].url', line: lineOf(text, '    url: ftp'), problem: /is not a full web address|ftp/, fix: /https:\/\// });
  });

  it('a tag in a list written over several lines, on its line', async () => {
    const text = change(event, 'tags: [reunion]', 'tags:\n  - reunion\n  - reunions');
    expectFinding(await findingsFor({ [eventFile]: text }), { file: eventFile, field: 'tags[1]', line: lineOf(text, '  - reunions'), problem: /"reunions" is not in content\/tags\.yaml/, fix: /did you mean "reunion"/ });
  });
});

describe('links from the Markdown parser', () => {
  it('a link whose text wraps onto the next line is checked, on the line it starts', async () => {
    const text = `${story}\nRead about the [spring\nreunion dinner](/events/spring-reunon/) too.\n`;
    expectFinding(await findingsFor({ [storyFile]: text }), { file: storyFile, field: 'body', line: lineOf(text, 'Read about'), problem: /there is no event "spring-reunon"/, fix: /did you mean \/events\/spring-reunion\/\?/ });
  });

  it('a link in code is an example, not a link', async () => {
    const text = `${story}\nWrite links like \`[x](/events/nope/)\`:\n\n    [y](/funds/nope/)\n`;
    expect(await findingsFor({ [storyFile]: text })).toEqual([]);
  });
});

describe('drafts and scheduled publishing', () => {
  it('a draft event and a draft fund pass the checks, and links to them are findings', async () => {
    const draftEvent = change(event, 'hosts: [ben-ito]', 'hosts: [ben-ito]\ndraft: true');
    const findings = await findingsFor({ [eventFile]: draftEvent, [fundFile]: change(fund, 'currency: EUR', 'currency: EUR\ndraft: true') });
    expect(findings.map((f) => `${f.file} ${f.problem}`)).toEqual([
      `${storyFile} the event "spring-reunion" is a draft, so its page is not published yet`,
      `${storyFile} the fund "scholarships" is a draft, so its page is not published yet`,
    ]);
  });

  it('the manifest leaves out drafts and items whose publishAt is ahead, and takes them in once it has passed', async () => {
    const root = await contentRoot({
      [eventFile]: change(event, 'hosts: [ben-ito]', 'hosts: [ben-ito]\npublishAt: 2027-03-01T09:00'),
      [fundFile]: change(fund, 'currency: EUR', 'currency: EUR\ndraft: true'),
      'content/events/draft-dinner.md': change(event, 'hosts: [ben-ito]', 'hosts: [ben-ito]\ndraft: true'),
    });
    const before = await buildManifest(path.join(root, 'content'), { now: new Date('2027-03-01T07:59:00Z') });
    expect(before.events.map((e) => e.slug)).toEqual([]);
    expect(before.funds).toEqual([]);
    // 09:00 in Berlin is 08:00 UTC.
    const after = await buildManifest(path.join(root, 'content'), { now: new Date('2027-03-01T08:00:00Z') });
    expect(after.events.map((e) => e.slug)).toEqual(['spring-reunion']);
  });

  it('publishAt after the event starts, and seconds without an offset', async () => {
    const late = change(event, 'hosts: [ben-ito]', 'hosts: [ben-ito]\npublishAt: 2027-06-12T18:00');
    expectFinding(await findingsFor({ [eventFile]: late }), { file: eventFile, field: 'publishAt', line: lineOf(late, 'publishAt:'), problem: /published after it starts/, fix: /well before `start`/ });
    const seconds = change(story, 'imageAlt:', 'publishAt: 2026-06-01T09:00:00\nimageAlt:');
    expectFinding(await findingsFor({ [storyFile]: seconds }), { file: storyFile, field: 'publishAt', problem: /has seconds but no offset, so it would be read as UTC, not as the university's time zone/, fix: /write 2026-06-01T09:00/ });
  });
});

describe('fund goals as editors write money', () => {
  it('250000 in a fund is 250,000 in its currency: minor units in the manifest, by the currency\'s digits', async () => {
    const root = await contentRoot({
      [fundFile]: change(fund, 'goal: 50000', 'goal: 250000'),
      'content/funds/yen.md': change(change(fund, 'goal: 50000', 'goal: 250000'), 'currency: EUR', 'currency: JPY'),
    });
    const manifest = await buildManifest(path.join(root, 'content'));
    expect(manifest.funds.map((f) => [f.slug, f.goal, f.currency])).toEqual([
      ['scholarships', 25_000_000, 'EUR'],
      ['yen', 250_000, 'JPY'],
    ]);
  });
});

describe('npm run new writes a draft whose example values are findings until replaced', () => {
  it.each(['story', 'event', 'fund'] as const)('%s', async (kind) => {
    const root = await contentRoot();
    const file = await newItem({ kind, title: 'Lisbon Alumni Dinner', root, today: new Date('2026-11-23T10:00:00Z') });
    const written = await readFile(path.join(root, file), 'utf8');
    expect(written).toMatch(/^draft: true$/m);
    const { findings } = await checkContent({ root });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.file === file && /still (is )?(the example|has the example text)/.test(f.problem)), findings.map(formatFinding).join('\n')).toBe(true);
    if (kind === 'event') expectFinding(findings, { file, field: 'venue', problem: /is still the example "Venue name and address"/, fix: /write the real value/ });
    if (kind === 'story') expectFinding(findings, { file, field: 'author', problem: /is still the example "Your name"/, fix: /write the real value/ });

    // Filled in, it passes.
    let filled = written;
    for (const [field, examples] of Object.entries(placeholders)) for (const example of examples) filled = filled.replace(`${field}: ${JSON.stringify(example)}`, `${field}: "Real ${field}"`);
    filled = filled.replace(/^(Start with the moment|What the event is and who|What a gift to this fund makes).*$/m, 'The real first paragraph.');
    await writeFile(path.join(root, file), filled);
    expect((await checkContent({ root })).findings.map(formatFinding)).toEqual([]);
  });
});

describe('SVG pictures carry no script, event handler or external reference', () => {
  const withSvg = (source: string) => findingsFor({ 'content/images/cover.svg': source });
  const open = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="80" viewBox="0 0 120 80">';
  it.each([
    ['a script', `${open}<script>alert(1)</script></svg>`, /the SVG contains a script/],
    ['an event handler', `${open}<rect width="10" height="10" onload="alert(1)"/></svg>`, /event handler \(onload on <rect>\)/],
    ['an external image', `${open}<image href="https://tracker.example.com/p.png" width="10" height="10"/></svg>`, /refers to something outside the picture \(href="https:\/\/tracker/],
    ['an external xlink', `${open}<use xlink:href="https://example.com/sprite.svg#a"/></svg>`, /xlink:href="https:\/\/example\.com/],
    ['a stylesheet import', `${open}<style>@import url(https://fonts.example.com/a.css);</style></svg>`, /style loads something from elsewhere/],
    ['embedded HTML', `${open}<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`, /embeds HTML/],
    ['entities', `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]>${open}<text>&a;</text></svg>`, /declares XML entities/],
  ])('%s', async (_what, source, problem) => {
    expectFinding(await withSvg(source), { file: storyFile, field: 'image', line: lineOf(story, 'image:'), problem, fix: /./ });
  });

  it('internal references (#id) and the fixture\'s plain shapes pass', async () => {
    expect(await withSvg(`${open}<defs><linearGradient id="g"/></defs><rect width="120" height="80" fill="url(#g)"/><use href="#g"/></svg>`)).toEqual([]);
    expect(await withSvg(svg)).toEqual([]);
  });
});

describe('npm run manifest', () => {
  const tsx = path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs');
  const manifest = async (root: string) => {
    try {
      await promisify(execFile)(process.execPath, [tsx, path.join(projectRoot, 'site/manifest/write-manifest.ts'), root], { env: { ...process.env, NO_COLOR: '1' } });
      return { code: 0, stderr: '' };
    } catch (error) {
      return error as { code: number; stderr: string };
    }
  };

  it('a date-time that does not exist is a finding in the checks\' format, not a RangeError', async () => {
    const root = await contentRoot({ [eventFile]: change(event, 'start: 2027-06-12T17:00', 'start: 2027-02-30T19:30') });
    const { code, stderr } = await manifest(root);
    expect(code).toBe(1);
    expect(stderr).toContain(`${eventFile}:${lineOf(event, 'start:')}  start  2027-02-30T19:30 is not a date-time: February 2027 has 28 days`);
    expect(stderr).not.toMatch(/RangeError|\n\s+at /);
  });

  it('anything else that throws in the manifest step is a finding, with what to do', async () => {
    const root = await contentRoot();
    await expect(buildManifest(path.join(root, 'content'), { now: new Date(Number.NaN) })).rejects.toThrow(ManifestError);
    const error = (await buildManifest(path.join(root, 'content'), { now: new Date(Number.NaN) }).catch((e: unknown) => e)) as ManifestError;
    expect(error.findings.map(formatFinding)).toEqual([expect.stringMatching(/^content:1 {2}\(file\) {2}the manifest step failed here \(RangeError: Invalid time value\) {2}run `npm run content:check`/)]);
  });
});
