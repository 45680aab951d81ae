/**
 * The editors' guide stays true: its templates pass the checks when pasted
 * into content/, its field tables cover every field of every schema, and the
 * finding it shows as an example is what the check really prints.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkContent, formatFinding, projectRoot } from '../../site/content-check/index';
import { nodeSchemas } from '../../site/manifest/read-content';
import { mentorOffer } from '../../site/schemas';

let guide: string;
let root: string;
beforeAll(async () => {
  guide = await readFile(path.join(projectRoot, 'content/EDITORS.md'), 'utf8');
  root = await mkdtemp(path.join(os.tmpdir(), 'editors-guide-'));
  await cp(path.join(projectRoot, 'content'), path.join(root, 'content'), { recursive: true });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** The ```markdown blocks under a heading of the guide, by the heading above each. */
function templates(): Record<string, string> {
  const section = guide.slice(guide.indexOf('## Templates to copy'), guide.indexOf('## On your own computer'));
  return Object.fromEntries([...section.matchAll(/### (\w+)\n\n```markdown\n([\s\S]*?)```/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

const fileFor = { Story: 'stories/from-lyon-to-lagos.md', Event: 'events/lisbon-alumni-dinner.md', Profile: 'profiles/ines-carvalho.md', Fund: 'funds/library-renewal-fund.md' } as const;

const fieldsOf = (schema: z.ZodType): string[] =>
  schema instanceof z.ZodObject ? Object.keys(schema.shape) : schema instanceof z.ZodPipe ? fieldsOf(schema.in as z.ZodType) : [];

describe('content/EDITORS.md', () => {
  it('has a template for each kind, and each passes the checks as pasted', async () => {
    const found = templates();
    expect(Object.keys(found).sort()).toEqual(Object.keys(fileFor).sort());
    for (const [kind, file] of Object.entries(fileFor)) await writeFile(path.join(root, 'content', file), found[kind] ?? '');
    const { findings, counts } = await checkContent({ root });
    expect(findings.map(formatFinding)).toEqual([]);
    expect(counts['events']).toBeGreaterThan(8);
  });

  it('shows the example finding exactly as the check prints it', async () => {
    const event = templates()['Event'] ?? '';
    await writeFile(path.join(root, 'content', fileFor.Event), event.replace('capacity: 40', 'capacity: lots'));
    const { findings } = await checkContent({ root });
    const printed = findings.map(formatFinding).find((line) => line.includes('capacity'));
    expect(printed).toBeDefined();
    expect(guide).toContain(`\`\`\`text\n${printed}\n\`\`\``);
    await writeFile(path.join(root, 'content', fileFor.Event), event);
  });

  it('explains every field of every kind in its tables', () => {
    const sections = { stories: '### Stories', events: '### Events', profiles: '### Profiles', funds: '### Funds' } as const;
    for (const [collection, heading] of Object.entries(sections)) {
      const start = guide.indexOf(heading, guide.indexOf('## Every field'));
      const section = guide.slice(start, guide.indexOf('\n### ', start + 1) === -1 ? undefined : guide.indexOf('\n### ', start + 1));
      const documented = [...section.matchAll(/^\| `([\w.]+)` \|/gm)].map((m) => m[1]);
      const fields = fieldsOf(nodeSchemas[collection as keyof typeof sections]);
      const expected = collection === 'profiles' ? [...fields, ...fieldsOf(mentorOffer).map((f) => `mentor.${f}`)] : fields;
      expect(documented.sort(), collection).toEqual(expected.sort());
    }
  });
});
