/**
 * `npm run new -- story|event|profile|fund "Title"`: writes
 * content/<collection>/<slug>.md with every field, commented, ready to fill in.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { projectRoot } from '../content-check/index';
import { kinds, slugFor, template, type Kind } from './templates';

export interface NewItem {
  kind: Kind;
  title: string;
  root?: string;
  today?: Date;
}

/** Writes the file and returns its path from the root; refuses to overwrite. */
export async function newItem({ kind, title, root = projectRoot, today = new Date() }: NewItem): Promise<string> {
  const slug = slugFor(title);
  if (!slug) throw new UsageError(`"${title}" has no letters or digits to make a file name from.`);
  const file = path.join('content', kinds[kind], `${slug}.md`);
  let tags: string[] = [];
  try {
    const list = yaml.load(await readFile(path.join(root, 'content/tags.yaml'), 'utf8'));
    if (Array.isArray(list)) tags = list.map(String);
  } catch {
    // no tag list yet: the template's comment just lists none
  }
  await mkdir(path.join(root, 'content', kinds[kind]), { recursive: true });
  try {
    await writeFile(path.join(root, file), template(kind, { title, today, tags }), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${file} already exists: edit it, or choose another title.`);
    throw error;
  }
  return file.split(path.sep).join('/');
}

export class UsageError extends Error {}

const usage = `Usage: npm run new -- story|event|profile|fund "Title"

Writes content/<stories|events|profiles|funds>/<title-as-file-name>.md with every field, each explained in a comment.
Example: npm run new -- event "Lisbon Alumni Dinner"`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const [kind, ...words] = process.argv.slice(2);
  const title = words.join(' ').trim();
  if (kind === '--help' || kind === '-h') {
    console.log(usage);
  } else if (!kind || !(kind in kinds) || !title) {
    console.error(usage);
    process.exitCode = 2;
  } else {
    try {
      const file = await newItem({ kind: kind as Kind, title });
      console.log(`Wrote ${file}. Fill in the fields (each has a comment), write the body, then run npm run content:check.`);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(error.message);
      process.exitCode = 1;
    }
  }
}
