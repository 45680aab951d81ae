/**
 * The checks beyond the schema: references between items, internal links,
 * images, the tag list, how date-times are written, and no email addresses in
 * profiles. One bad file per rule; the finding's message is checked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { change, event, expectFinding, findingsFor, lineOf, profile, removeRoots, story, svg, tagsYaml } from './fixtures';

afterAll(removeRoots);

const storyFile = 'content/stories/first-story.md';
const eventFile = 'content/events/spring-reunion.md';
const profileFile = 'content/profiles/ada-obi.md';
/** File line of a body line, in a fixture whose body starts after its front matter. */
const bodyLine = (text: string, start: string) => lineOf(text, start);

describe('references', () => {
  it('a story featuring a profile that does not exist, with the likely slug', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'profiles: [ada-obi]', 'profiles: [ada-obi, ben-itto]') });
    expectFinding(findings, { file: storyFile, field: 'profiles[1]', line: lineOf(story, 'profiles:'), problem: /"ben-itto" is not a profile/, fix: /did you mean "ben-ito"\?/ });
  });

  it('an event hosted by a profile that does not exist', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'hosts: [ben-ito]', 'hosts:\n  - someone-new') });
    expectFinding(findings, { file: eventFile, field: 'hosts[0]', line: lineOf(event, 'hosts:') + 1, problem: /"someone-new" is not a profile \(no content\/profiles\/someone-new\.md\)/, fix: /add the profile first/ });
  });

  it('the same person twice on a story or an event', async () => {
    const findings = await findingsFor({
      [storyFile]: change(story, 'profiles: [ada-obi]', 'profiles: [ada-obi, ben-ito, ada-obi]'),
      [eventFile]: change(event, 'hosts: [ben-ito]', 'hosts: [ben-ito, ben-ito]'),
    });
    expectFinding(findings, { file: storyFile, field: 'profiles[2]', line: lineOf(story, 'profiles:'), problem: /"ada-obi" is listed twice/, fix: /delete one of them/ });
    expectFinding(findings, { file: eventFile, field: 'hosts[1]', problem: /"ben-ito" is listed twice/, fix: /delete one of them/ });
    expect(findings.filter((f) => /listed twice/.test(f.problem))).toHaveLength(2);
  });

  it('a profile that is deleted while stories still feature it', async () => {
    const findings = await findingsFor({ [profileFile]: null });
    expectFinding(findings, { file: storyFile, field: 'profiles[0]', problem: /"ada-obi" is not a profile/, fix: /existing profile/ });
  });
});

describe('internal links in bodies', () => {
  const withLink = (link: string) => change(story, 'Ada\'s story.', `Ada's story. ${link}`);
  const line = bodyLine(story, 'Ada\'s story');

  it.each([
    ['a story', '[x](/stories/no-such-story/)', /there is no story "no-such-story"/, /link to an existing item/],
    ['an event', '[x](/events/spring-reunon/)', /there is no event "spring-reunon"/, /did you mean \/events\/spring-reunion\/\?/],
    ['a profile', '[x](/profiles/ada-obbi/)', /there is no profile "ada-obbi"/, /did you mean \/profiles\/ada-obi\/\?/],
    ['a fund', '[x](/funds/library/)', /there is no fund "library"/, /add content\/funds\/library\.md/],
    ['a tag page without stories', '[x](/stories/tags/reunion/)', /no published story is tagged "reunion"/, /\/stories\/tags\/(mentoring|careers)\//],
    ['a page of the site', '[x](/mentorship/)', /there is no page at \/mentorship\//, /did you mean \/mentoring\/\?/],
    ['an address without its trailing slash', '[x](/profiles/ada-obi)', /lacks the trailing slash/, /write \/profiles\/ada-obi\//],
    ['a link to a Markdown file', '[x](../profiles/ben-ito.md)', /is not an address from the site root/, /write \/profiles\/ben-ito\//],
    ['a reference-style link', '[x][ref]\n\n[ref]: /events/nope/\n\n', /there is no event "nope"/, /link to an existing item/],
    ['an HTML link', '<a href="/funds/nope/">give</a>', /there is no fund "nope"/, /link to an existing item/],
  ])('to %s that does not exist is flagged', async (_what, link, problem, fix) => {
    const text = withLink(link);
    const findings = await findingsFor({ [storyFile]: text });
    const expectedLine = link.includes('[ref]:') ? lineOf(text, '[ref]:') : line;
    expectFinding(findings, { file: storyFile, field: 'body', line: expectedLine, problem, fix });
  });

  it('to a draft story is flagged, because its page is not published', async () => {
    const draft = change(story, 'imageAlt: A lantern-lit market at dusk', 'imageAlt: A lantern-lit market at dusk\ndraft: true');
    const findings = await findingsFor({ 'content/stories/second-story.md': draft, [eventFile]: change(event, '/stories/first-story/', '/stories/second-story/') });
    expectFinding(findings, { file: eventFile, field: 'body', problem: /"second-story" is a draft/, fix: /once it is published/ });
  });

  it('to pages, feeds, items, anchors and other websites passes', async () => {
    const text = withLink('[home](/), [events](/events/), [feed](/events.ics), [cal](/events/spring-reunion.ics), [give](/give/#funds), [ext](https://example.org/x), [top](#giving), `[code](/nowhere/)`');
    expect(await findingsFor({ [storyFile]: text })).toEqual([]);
  });

  it('inside code blocks is ignored', async () => {
    expect(await findingsFor({ [storyFile]: `${story}\n\`\`\`\n[x](/nowhere/)\n\`\`\`\n` })).toEqual([]);
  });
});

describe('images', () => {
  it('an image file that does not exist', async () => {
    const findings = await findingsFor({ 'content/images/cover.svg': null });
    expectFinding(findings, { file: storyFile, field: 'image', line: lineOf(story, 'image:'), problem: /\.\.\/images\/cover\.svg: there is no such file/, fix: /check the spelling/ });
  });

  it('an image outside the Markdown\'s folder and content/images/', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'image: ../images/cover.svg', 'image: ../events/cover.svg'), 'content/events/cover.svg': svg });
    expectFinding(findings, { file: storyFile, field: 'image', problem: /neither next to this file nor under content\/images\//, fix: /move the picture to content\/images\/ and write \.\.\/images\/cover\.svg/ });
  });

  it('an image next to the Markdown passes', async () => {
    expect(await findingsFor({ [storyFile]: change(story, 'image: ../images/cover.svg', 'image: ./cover.svg'), 'content/stories/cover.svg': svg })).toEqual([]);
  });

  it('an image path that is not relative, and one on another website', async () => {
    expectFinding(await findingsFor({ [storyFile]: change(story, 'image: ../images/cover.svg', 'image: images/cover.svg') }), { file: storyFile, field: 'image', problem: /not a path relative to this file/, fix: /\.\.\/images\/cover\.svg for one in content\/images\// });
    expectFinding(await findingsFor({ [storyFile]: change(story, 'image: ../images/cover.svg', 'image: https://cdn.example.com/cover.jpg') }), { file: storyFile, field: 'image', problem: /on another website/, fix: /save the picture in content\/images\// });
  });

  it('a file that is not a web image', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'image: ../images/cover.svg', 'image: ../images/cover.pdf'), 'content/images/cover.pdf': '%PDF-1.4' });
    expectFinding(findings, { file: storyFile, field: 'image', problem: /cover\.pdf is not a web image/, fix: /jpg, jpeg, png, webp, avif, gif, svg/ });
  });

  it('an image over 1.5 MB', async () => {
    const big = new Uint8Array(1.6 * 1024 * 1024);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const findings = await findingsFor({ [storyFile]: change(story, 'cover.svg', 'huge.png'), 'content/images/huge.png': big });
    expectFinding(findings, { file: storyFile, field: 'image', problem: /the file is 1\.6 MB, over the 1\.5 MB limit/, fix: /export it smaller/ });
  });

  it('an image whose dimensions cannot be read', async () => {
    const findings = await findingsFor({ 'content/images/cover.svg': '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>' });
    expectFinding(findings, { file: storyFile, field: 'image', problem: /width and height cannot be read/, fix: /viewBox/ });
  });

  it('alt text that does not describe the picture', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'imageAlt: A lantern-lit market at dusk', 'imageAlt: image') });
    expectFinding(findings, { file: storyFile, field: 'imageAlt', line: lineOf(story, 'imageAlt:'), problem: /"image" does not describe the picture/, fix: /a sentence saying what the picture shows/ });
  });

  it('an image in the body without alt text, and one that is missing', async () => {
    const text = `${story}\n![](../images/cover.svg)\n\n![The hall](./hall.jpg)\n`;
    const findings = await findingsFor({ [storyFile]: text });
    expectFinding(findings, { file: storyFile, field: 'body', line: lineOf(text, '![]('), problem: /has no alt text/, fix: /between the square brackets/ });
    expectFinding(findings, { file: storyFile, field: 'body', line: lineOf(text, '![The hall]'), problem: /\.\/hall\.jpg: there is no such file/, fix: /upload the picture/ });
  });
});

describe('tags', () => {
  it('a tag that is not in content/tags.yaml, with the likely one', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'tags: [reunion]', 'tags: [reunion, reunions, carers]') });
    expectFinding(findings, { file: eventFile, field: 'tags[1]', line: lineOf(event, 'tags:'), problem: /"reunions" is not in content\/tags\.yaml/, fix: /did you mean "reunion"\?.*add the new topic there/ });
    expectFinding(findings, { file: eventFile, field: 'tags[2]', problem: /"carers" is not in content\/tags\.yaml/, fix: /did you mean "careers"\?/ });
  });

  it('a profile tag that is not in the list', async () => {
    const findings = await findingsFor({ [profileFile]: change(profile, 'tags: [mentoring]', 'tags: [fintech]') });
    expectFinding(findings, { file: profileFile, field: 'tags[0]', problem: /"fintech" is not in content\/tags\.yaml/, fix: /use a tag from content\/tags\.yaml/ });
  });

  it('the same tag twice on an item', async () => {
    const findings = await findingsFor({ [storyFile]: change(story, 'tags: [mentoring, careers]', 'tags: [mentoring, careers, mentoring]') });
    expectFinding(findings, { file: storyFile, field: 'tags[2]', problem: /"mentoring" is listed twice/, fix: /delete one of them/ });
  });

  it('tags.yaml with a badly written tag and a duplicate', async () => {
    const findings = await findingsFor({ 'content/tags.yaml': `${tagsYaml}- Career Change\n- careers\n` });
    expectFinding(findings, { file: 'content/tags.yaml', field: '[3]', line: 4, problem: /"Career Change" is not a tag name/, fix: /lower case with hyphens/ });
    expectFinding(findings, { file: 'content/tags.yaml', field: '[4]', line: 5, problem: /"careers" is listed twice/, fix: /delete one of the two lines/ });
  });

  it('a missing tags.yaml', async () => {
    const findings = await findingsFor({ 'content/tags.yaml': null });
    expectFinding(findings, { file: 'content/tags.yaml', field: '(file)', problem: /the tag list is missing/, fix: /create content\/tags\.yaml/ });
  });
});

describe('date-times', () => {
  it('seconds without an offset, which YAML would read as UTC: the fix keeps the wall-clock time or adds the zone\'s offset', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'start: 2027-06-12T17:00', 'start: 2027-06-12T17:00:00') });
    expectFinding(findings, {
      file: eventFile,
      field: 'start',
      line: lineOf(event, 'start:'),
      problem: /2027-06-12T17:00:00 has seconds but no offset, so it would be read as UTC, not as Europe\/Berlin/,
      fix: /^write 2027-06-12T17:00 \(read in Europe\/Berlin\) or add an offset, e\.g\. 2027-06-12T17:00:00\+02:00$/,
    });
  });

  it('the offset in the fix is the zone\'s offset on that day (winter time)', async () => {
    const text = change(change(change(event, 'start: 2027-06-12T17:00', 'start: 2027-01-12T17:00:00'), 'end: 2027-06-12T23:00', 'end: 2027-01-12T23:00'), 'registrationCloses: 2027-06-05T23:59\n', '');
    expectFinding(await findingsFor({ [eventFile]: text }), { file: eventFile, field: 'start', problem: /has seconds but no offset/, fix: /2027-01-12T17:00:00\+01:00$/ });
  });

  it('a date without a time of day, which YAML would read as midnight UTC', async () => {
    const findings = await findingsFor({ [eventFile]: change(event, 'end: 2027-06-12T23:00', 'end: 2027-06-13') });
    expectFinding(findings, { file: eventFile, field: 'end', line: lineOf(event, 'end:'), problem: /2027-06-13 has no time of day, so it would be read as midnight UTC/, fix: /write the local time too, e\.g\. 2027-06-13T09:00 \(read in `timezone`\)/ });
  });

  it('seconds with an offset pass', async () => {
    expect(await findingsFor({ [eventFile]: change(event, 'start: 2027-06-12T17:00', 'start: 2027-06-12T17:00:00+02:00') })).toEqual([]);
  });
});

describe('privacy', () => {
  it('an email address in a profile', async () => {
    const text = `${profile}\nWrite to ada@obi.example.com for advice.\n`;
    const findings = await findingsFor({ [profileFile]: text });
    expectFinding(findings, { file: profileFile, field: 'body', line: lineOf(text, 'Write to'), problem: /contains an email address \(ada@obi\.example\.com\)/, fix: /delete the address/ });
  });
});

describe('an event\'s join link', () => {
  it('written in the event\'s text, where every visitor would see it', async () => {
    const online = change(change(event, 'format: in-person', 'format: hybrid'), 'capacity: 40', 'onlineUrl: https://meet.example.com/reunion\ncapacity: 40');
    const text = `${online}\nJoin at https://meet.example.com/reunion on the day.\n`;
    const findings = await findingsFor({ [eventFile]: text });
    expectFinding(findings, { file: eventFile, field: 'body', line: lineOf(text, 'Join at'), problem: /shows the join link, which is for registrants only/, fix: /emailed to people who register/ });
  });
});

describe('one spelling per value across profiles', () => {
  it('an industry, country or language spelt differently from other profiles', async () => {
    const other = (name: string) => change(change(profile, 'name: Ada Obi', `name: ${name}`), 'photo: ../images/portrait.svg\nphotoAlt: Ada Obi smiling at her desk\n', '');
    const odd = change(change(change(other('Chidi Eze'), 'industry: Financial Services', 'industry: financial services'), 'country: Nigeria', 'country: nigeria'), 'languages: [English, Yoruba]', 'languages: [english, Yoruba]');
    const findings = await findingsFor({ 'content/profiles/chidi-eze.md': odd, 'content/profiles/ngozi-ade.md': other('Ngozi Ade') });
    const file = 'content/profiles/chidi-eze.md';
    expectFinding(findings, { file, field: 'industry', line: lineOf(odd, 'industry:'), problem: /"financial services" is spelt differently from "Financial Services"/, fix: /write "Financial Services", so the directory's industry filter shows one choice/ });
    expectFinding(findings, { file, field: 'country', problem: /"nigeria" is spelt differently from "Nigeria"/, fix: /write "Nigeria"/ });
    expectFinding(findings, { file, field: 'languages[0]', problem: /"english" is spelt differently from "English"/, fix: /write "English"/ });
    expect(findings.filter((f) => f.file !== file)).toEqual([]);
  });
});

describe('all findings at once', () => {
  it('reports problems in several files and rules in one run, sorted by file and line', async () => {
    const findings = await findingsFor({
      [storyFile]: change(story, 'profiles: [ada-obi]', 'profiles: [nobody]'),
      [eventFile]: change(event, 'capacity: 40', 'capacity: many'),
      'content/images/portrait.svg': null,
    });
    expect(findings.map((f) => `${f.file}  ${f.field}`)).toEqual([
      `${eventFile}  capacity`,
      `${profileFile}  photo`,
      `${storyFile}  profiles[0]`,
    ]);
  });
});
