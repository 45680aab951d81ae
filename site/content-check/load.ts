/**
 * Reads `content/` for the checks: every Markdown file of every collection with
 * its front matter text, parsed YAML (as Astro parses it, with js-yaml) and
 * body, plus the line numbers needed to point at fields. A file whose YAML does
 * not parse is kept, with the finding that says why.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { collectionDir, collectionNames, isIgnoredName, type CollectionName } from '../content-files';
import { splitFrontMatter } from '../manifest/read-content';
import type { Finding } from './finding';

export { collectionNames, type CollectionName };

export interface ContentFile {
  collection: CollectionName;
  /** The file name without `.md`: the item's address. */
  slug: string;
  /** Absolute path. */
  path: string;
  /** Path from the project root, with forward slashes. */
  file: string;
  /** The front matter text, when the file has front matter. */
  yaml: string | undefined;
  /** File line of the first line of `yaml`. */
  yamlFirstLine: number;
  /** The parsed front matter; undefined when it is missing or does not parse. */
  data: Record<string, unknown> | undefined;
  body: string;
  /** File line of the first line of `body`. */
  bodyFirstLine: number;
  /** Why the front matter could not be read, if so. */
  unreadable: Finding | undefined;
}

export interface Content {
  root: string;
  contentDir: string;
  files: ContentFile[];
  /** Other files in the collection folders (paths from the root), e.g. images next to the Markdown. */
  otherFiles: string[];
}

export const relative = (root: string, file: string): string => path.relative(root, file).split(path.sep).join('/');

export async function loadContent(root: string): Promise<Content> {
  const contentDir = path.join(root, 'content');
  const files: ContentFile[] = [];
  const otherFiles: string[] = [];
  await Promise.all(
    collectionNames.map(async (collection) => {
      const dir = collectionDir(contentDir, collection);
      let names: string[];
      try {
        names = await readdir(dir, { recursive: true });
      } catch {
        return; // an empty collection has no folder
      }
      await Promise.all(
        names.sort().map(async (name) => {
          const full = path.join(dir, name);
          if (!name.endsWith('.md')) {
            otherFiles.push(relative(root, full));
            return;
          }
          // Not items (site/content-files.ts), so not checked; Markdown in sub-folders is kept, for the finding that says the site does not read it.
          if (isIgnoredName(path.basename(name))) return;
          files.push(readItem(collection, full, relative(root, full), await readFile(full, 'utf8')));
        }),
      );
    }),
  );
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { root, contentDir, files, otherFiles: otherFiles.sort() };
}

export function readItem(collection: CollectionName, full: string, file: string, raw: string): ContentFile {
  const source = raw.replace(/^\uFEFF/, '');
  const parts = splitFrontMatter(source);
  const base: ContentFile = {
    collection,
    slug: path.basename(full, '.md'),
    path: full,
    file,
    yaml: parts?.yaml,
    yamlFirstLine: 2,
    data: undefined,
    body: parts?.body ?? source,
    bodyFirstLine: parts ? parts.yaml.split(/\r?\n/).length + 3 : 1,
    unreadable: undefined,
  };
  if (!parts) {
    return {
      ...base,
      unreadable: {
        file,
        line: 1,
        field: '(front matter)',
        problem: 'the file does not start with front matter',
        fix: 'begin the file with a line of three dashes (---), the fields, and another --- line; `npm run new` writes one for you',
      },
    };
  }
  try {
    const data = yaml.load(parts.yaml);
    if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
      return { ...base, unreadable: { file, line: 1, field: '(front matter)', problem: 'the front matter holds no fields', fix: 'write one field per line between the --- lines, e.g. `title: My title`' } };
    }
    return { ...base, data: data as Record<string, unknown> };
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    const lineInYaml = error.mark?.line ?? 0;
    const text = parts.yaml.split(/\r?\n/)[lineInYaml] ?? '';
    return { ...base, unreadable: { file, line: base.yamlFirstLine + lineInYaml, field: /^\s*([\w-]+)\s*:/.exec(text)?.[1] ?? '(front matter)', ...yamlAdvice(error.reason ?? error.message) } };
  }
}

/** js-yaml's reasons, said for editors. */
function yamlAdvice(reason: string): { problem: string; fix: string } {
  if (/mapping values are not allowed|bad indentation of a mapping entry|end of the stream or a document separator/.test(reason)) {
    return {
      problem: `the YAML cannot be read (${reason})`,
      fix: 'a value containing ": " or starting with a quote, [ or { must be put in double quotes, e.g. title: "Webinar: Changing Careers"; also check that every field starts at the beginning of its line',
    };
  }
  if (/duplicated mapping key/.test(reason)) return { problem: 'this field is written twice', fix: 'keep one of the two lines' };
  if (/tab characters/.test(reason)) return { problem: 'the line is indented with a tab', fix: 'indent with spaces, not tabs' };
  return { problem: `the YAML cannot be read (${reason})`, fix: 'check the quotes, colons and indentation on this line and the one above' };
}
