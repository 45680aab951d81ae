/**
 * Front matter against the schemas, as editors meet it: good files pass, and
 * each check of the content spec rejects a bad file with a finding that names
 * the file, the line of the field, what is wrong and what to write.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkContent } from '../../site/content-check/index';
import { change, contentRoot, event, expectFinding, findingsFor, fund, lineOf, page, profile, removeRoots, story } from './fixtures';

afterAll(removeRoots);

const storyFile = 'content/stories/first-story.md';
const eventFile = 'content/events/spring-reunion.md';
const profileFile = 'content/profiles/ada-obi.md';
const fundFile = 'content/funds/scholarships.md';

describe('good front matter', () => {
  it('passes every check for a story, an event, two profiles, a fund and the mentoring guidelines page', async () => {
    const result = await checkContent({ root: await contentRoot() });
    expect(result.findings).toEqual([]);
    expect(result.counts).toEqual({ stories: 1, events: 1, profiles: 2, funds: 1, pages: 1 });
  });

  it('accepts an online event without a venue, with its join link, and an offset instead of wall-clock time', async () => {
    const online = event
      .replace(/venue: .*\ncity: .*\ncountry: .*\n/, 'onlineUrl: https://meet.example.com/reunion\n')
      .replace('format: in-person', 'format: online')
      .replace('start: 2027-06-12T17:00', 'start: 2027-06-12T17:00+02:00');
    expect(await findingsFor({ [eventFile]: online })).toEqual([]);
  });
});

describe('each schema check rejects a bad file with a clear finding', () => {
  it('a missing required field: named, with a line to add, on the closing --- where it can go', async () => {
    const text = change(story, 'author: Alumni Office\n', '');
    const findings = await findingsFor({ [storyFile]: text });
    expectFinding(findings, { file: storyFile, field: 'author', line: text.split('\n').indexOf('---', 1) + 1, problem: /^is missing$/, fix: /add `author: …`.*who wrote the story/ });
  });

  it('an empty value', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'author: Alumni Office', 'author:') });
    expectFinding(findings, { file: storyFile, field: 'author', line: lineOf(story, 'author:'), problem: /^is empty$/, fix: /write `author: / });
  });

  it('an unknown or misspelt field, with the likely spelling', async () => {
    const text = change(story, 'summary:', 'sumary:');
    const findings = await findingsFor({ [storyFile]: text });
    expectFinding(findings, { file: storyFile, field: 'sumary', line: lineOf(text, 'sumary:'), problem: /is not a field of a story/, fix: /did you mean "summary"\?/ });
    expectFinding(findings, { file: storyFile, field: 'summary', problem: /is missing/, fix: /add `summary: …`/ });
  });

  it('a summary over 200 characters', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'summary: How', `summary: ${'Very '.repeat(40)}How`) });
    expectFinding(findings, { file: storyFile, field: 'summary', line: lineOf(story, 'summary:'), problem: /is 2\d\d characters long; the limit is 200/, fix: /keep the summary to 200 characters/ });
  });

  it('a story date that is not YYYY-MM-DD', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'date: 2026-05-01', 'date: May 2026') });
    expectFinding(findings, { file: storyFile, field: 'date', line: lineOf(story, 'date:'), problem: /"May 2026"/, fix: /write a date as YYYY-MM-DD, e\.g\. 2026-03-14/ });
  });

  it('a single value where a list is expected', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'profiles: [ada-obi]', 'profiles: ada-obi') });
    expectFinding(findings, { file: storyFile, field: 'profiles', problem: /is a single value, not a list/, fix: /profiles: \[ada-obi\]/ });
  });

  it('a tag that is not lower-case words with hyphens, with its right spelling', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'tags: [mentoring, careers]', 'tags: [mentoring, Career Change]') });
    expectFinding(findings, { file: storyFile, field: 'tags[1]', line: lineOf(story, 'tags:'), problem: /"Career Change"/, fix: /lower case with hyphens.*"career-change"/ });
  });

  it('an image without alt text', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'imageAlt: A lantern-lit market at dusk\n', '') });
    expectFinding(findings, { file: storyFile, field: 'imageAlt', problem: /the image has no alt text/, fix: /add `imageAlt:`.*what the picture shows/ });
  });

  it('featured that is not true or false', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'imageAlt:', 'featured: yes please\nimageAlt:') });
    expectFinding(findings, { file: storyFile, field: 'featured', problem: /"yes please" is not true or false/, fix: /write true or false/ });
  });

  it('an event capacity that is not a whole number', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'capacity: 40', 'capacity: forty') });
    expectFinding(findings, { file: eventFile, field: 'capacity', line: lineOf(event, 'capacity:'), problem: /"forty" is not a whole number/, fix: /whole number, e\.g\. 120, or leave it out for unlimited/ });
  });

  it('a negative capacity and too many guests', async () => {
    const findings = await findingsFor({ [eventFile]: change(change(event, 'capacity: 40', 'capacity: -5'), 'maxGuests: 1', 'maxGuests: 50') });
    expectFinding(findings, { file: eventFile, field: 'capacity', problem: /"-5" is less than 0/, fix: /0 or more/ });
    expectFinding(findings, { file: eventFile, field: 'maxGuests', problem: /"50" is more than 10/, fix: /at most 10/ });
  });

  it('an event format that is not in-person, online or hybrid', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'format: in-person', 'format: virtual') });
    expectFinding(findings, { file: eventFile, field: 'format', line: lineOf(event, 'format:'), problem: /"virtual" is not one of the choices/, fix: /in-person, online, hybrid/ });
  });

  it('a time zone that is not an IANA name', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'timezone: Europe/Berlin', 'timezone: CET') });
    expectFinding(findings, { file: eventFile, field: 'timezone', line: lineOf(event, 'timezone:'), problem: /"CET" is not a time zone name/, fix: /IANA time-zone name, e\.g\. "Europe\/Berlin"/ });
  });

  it('a date-time that is not a date-time', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'start: 2027-06-12T17:00', 'start: 12 June 2027, 5pm') });
    expectFinding(findings, { file: eventFile, field: 'start', line: lineOf(event, 'start:'), problem: /"12 June 2027, 5pm"/, fix: /YYYY-MM-DDTHH:MM, e\.g\. 2027-06-12T18:00/ });
  });

  it('an in-person event without a venue', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'venue: Old Library Hall\n', '') });
    expectFinding(findings, { file: eventFile, field: 'venue', problem: /an in-person event needs a venue/, fix: /add `venue:`/ });
  });

  it('an online event without its join link', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'format: in-person', 'format: hybrid') });
    expectFinding(findings, { file: eventFile, field: 'onlineUrl', problem: /a hybrid event needs its join link/, fix: /onlineUrl: https:\/\/.*never shown on the page/ });
  });

  it('an end that is not after the start', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'end: 2027-06-12T23:00', 'end: 2027-06-12T16:00') });
    expectFinding(findings, { file: eventFile, field: 'end', line: lineOf(event, 'end:'), problem: /the end is not after the start/, fix: /later than `start`/ });
  });

  it('registration that closes after the event starts', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'registrationCloses: 2027-06-05T23:59', 'registrationCloses: 2027-06-13T12:00') });
    expectFinding(findings, { file: eventFile, field: 'registrationCloses', line: lineOf(event, 'registrationCloses:'), problem: /closes after the event starts/, fix: /before `start`/ });
  });

  it('registration that opens after it closes', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'registrationCloses:', 'registrationOpens: 2027-06-06T09:00\nregistrationCloses:') });
    expectFinding(findings, { file: eventFile, field: 'registrationOpens', problem: /opens after it closes/, fix: /before `registrationCloses`/ });
  });

  it('reports schema problems and date order in one pass', async () => {
    const text = change(change(event, 'title: Spring Reunion\n', ''), 'end: 2027-06-12T23:00', 'end: 2027-06-11T23:00');
    const findings = await findingsFor({ [eventFile]: text });
    expect(findings.map((f) => f.field).sort()).toEqual(['end', 'title']);
  });

  it('a profile without languages', async () => {
    const findings = await findingsFor({ [profileFile]: change(profile, 'languages: [English, Yoruba]', 'languages: []') });
    expectFinding(findings, { file: profileFile, field: 'languages', line: lineOf(profile, 'languages:'), problem: /lists nothing/, fix: /at least one language, e\.g\. \[English\]/ });
  });

  it('a class year that is not a year', async () => {
    const findings = await findingsFor({ [profileFile]: change(profile, 'classYear: 2012', 'classYear: 12') });
    expectFinding(findings, { file: profileFile, field: 'classYear', problem: /"12" is less than 1900/, fix: /four-digit year, e\.g\. 2012/ });
  });

  it('a mentor capacity that is not a number, and a misspelt mentor field, each on its own line', async () => {
    const text = change(profile, '  capacity: 2\n', '  capacity: two\n  availble: true\n');
    const findings = await findingsFor({ [profileFile]: text });
    expectFinding(findings, { file: profileFile, field: 'mentor.capacity', line: lineOf(text, '  capacity:'), problem: /"two" is not a whole number/, fix: /e\.g\. 3/ });
    expectFinding(findings, { file: profileFile, field: 'mentor.availble', line: lineOf(text, '  availble:'), problem: /is not a field of `mentor`/, fix: /did you mean "available"\?/ });
  });

  it('a mentoring format that does not exist', async () => {
    const findings = await findingsFor({ [profileFile]: change(profile, 'formats: [one-off]', 'formats: [one-off, weekly]') });
    expectFinding(findings, { file: profileFile, field: 'mentor.formats[1]', line: lineOf(profile, '  formats:'), problem: /"weekly" is not one of the choices/, fix: /one-off, short-term, long-term/ });
  });

  it('a link without https://', async () => {
    const text = change(profile, 'url: https://obi.example.com', 'url: obi.example.com');
    const findings = await findingsFor({ [profileFile]: text });
    expectFinding(findings, { file: profileFile, field: 'links[0].url', line: lineOf(text, '    url:'), problem: /"obi\.example\.com" is not a full web address/, fix: /starting with https:\/\// });
  });

  it('a photo without alt text', async () => {
    const findings = await findingsFor({ [profileFile]: change(profile, 'photoAlt: Ada Obi smiling at her desk\n', '') });
    expectFinding(findings, { file: profileFile, field: 'photoAlt', problem: /the photo has no alt text/, fix: /add `photoAlt:`/ });
  });

  it('a fund currency in lower case, and one that does not exist', async () => {
    expectFinding(await findingsFor({ [fundFile]: change(fund, 'currency: EUR', 'currency: eur') }), { file: fundFile, field: 'currency', line: lineOf(fund, 'currency:'), problem: /"eur"/, fix: /ISO 4217 currency code in capitals/ });
    expectFinding(await findingsFor({ [fundFile]: change(fund, 'currency: EUR', 'currency: ABC') }), { file: fundFile, field: 'currency', problem: /"ABC" is not accepted/, fix: /currency code that exists/ });
  });

  it('a fund goal with decimals or separators, a goal of zero, and one over the limit', async () => {
    expectFinding(await findingsFor({ [fundFile]: change(fund, 'goal: 50000', 'goal: 50000.50') }), { file: fundFile, field: 'goal', line: lineOf(fund, 'goal:'), problem: /"50000\.5" is not a whole number/, fix: /whole amount in the fund's currency.*250000 for 250,000/ });
    expectFinding(await findingsFor({ [fundFile]: change(fund, 'goal: 50000', 'goal: 50,000') }), { file: fundFile, field: 'goal', problem: /"50,000" is read as|"50,000" is not a whole number/, fix: /without separators/ });
    expectFinding(await findingsFor({ [fundFile]: change(fund, 'goal: 50000', 'goal: 0') }), { file: fundFile, field: 'goal', problem: /"0" is not more than 0/, fix: /above zero/ });
    expectFinding(await findingsFor({ [fundFile]: change(fund, 'goal: 50000', 'goal: 1000000001') }), { file: fundFile, field: 'goal', problem: /"1000000001" is more than 1000000000/, fix: /at most 1000000000/ });
    expect(await findingsFor({ [fundFile]: change(fund, 'goal: 50000', 'goal: 1000000000') })).toEqual([]);
  });

  it('a title YAML reads as a number, with the quotes to add', async () => {
    const findings = await findingsFor({ [fundFile]: change(fund, 'title: Scholarships', 'title: 2027') });
    expectFinding(findings, { file: fundFile, field: 'title', problem: /"2027" is read as a number, not as text/, fix: /title: "2027"/ });
  });
});

describe('files that cannot be read as items', () => {
  it('YAML that does not parse: the line, and the quotes to add', async () => {
    const text = change(story, 'title: A Founder\'s First Raise', 'title: Webinar: How to Raise');
    const findings = await findingsFor({ [storyFile]: text });
    expect(findings).toEqual([
      expect.objectContaining({ file: storyFile, line: lineOf(text, 'title:'), field: 'title', problem: expect.stringMatching(/YAML cannot be read/), fix: expect.stringMatching(/in double quotes/) }),
    ]);
  });

  it('a field written twice', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'author: Alumni Office', 'author: Alumni Office\nauthor: Someone Else') });
    expectFinding(findings, { file: storyFile, field: 'author', problem: /written twice/, fix: /keep one of the two lines/ });
  });

  it('a file without front matter', async () => {
    const findings = await findingsFor({ 'content/stories/notes.md': 'Just some notes.\n' });
    expectFinding(findings, { file: 'content/stories/notes.md', field: '(front matter)', line: 1, problem: /does not start with front matter/, fix: /three dashes/ });
  });

  it('a file name that is not a web address', async () => {
    const findings = await findingsFor({ 'content/stories/My Story.md': story.replace('[her profile](/profiles/ada-obi/)', 'her profile') });
    expectFinding(findings, { file: 'content/stories/My Story.md', field: '(file)', line: 1, problem: /not a web address/, fix: /rename the file to my-story\.md/ });
  });

  it('Markdown in a sub-folder or with another extension', async () => {
    const findings = await findingsFor({ 'content/stories/2026/old.md': story, 'content/events/party.markdown': event });
    expectFinding(findings, { file: 'content/stories/2026/old.md', field: '(file)', problem: /sub-folder/, fix: /move it to content\/stories\/old\.md/ });
    expectFinding(findings, { file: 'content/events/party.markdown', field: '(file)', problem: /only files ending in \.md/, fix: /rename it to content\/events\/party\.md/ });
  });

  it('the mentoring guidelines page missing, renamed, or without its description', async () => {
    const guidelines = 'content/pages/mentoring-guidelines.md';
    expect(await findingsFor({ [guidelines]: null })).toEqual([
      { file: guidelines, line: 1, field: '(file)', problem: 'this page is missing: the site shows it at /mentoring/guidelines/ and emails link to it', fix: expect.stringMatching(/put the file back/) },
    ]);
    const renamed = await findingsFor({ [guidelines]: null, 'content/pages/mentor-guidelines.md': page });
    expectFinding(renamed, { file: 'content/pages/mentor-guidelines.md', field: '(file)', line: 1, problem: /no place for a page called "mentor-guidelines"/, fix: /did you mean content\/pages\/mentoring-guidelines\.md\?/ });
    expectFinding(renamed, { file: guidelines, field: '(file)', problem: /this page is missing/, fix: /put the file back/ });
    const text = change(page, 'description: What to expect from a mentorship, how to end it well, and how to tell us about a problem.\n', '');
    expectFinding(await findingsFor({ [guidelines]: text }), { file: guidelines, field: 'description', problem: /^is missing$/, fix: /add `description: …`/ });
  });
});
