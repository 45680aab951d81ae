/**
 * Reads `content/` for the checks: every Markdown file of every collection with
 * its front matter text, the YAML parsed by the `yaml` library (with the
 * position of every field) and the body. A file whose YAML does
 * not parse is kept, with the finding that says why.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { collectionDir, collectionNames, isIgnoredName, type CollectionName } from '../content-files';
import { splitFrontMatter } from '../manifest/read-content';
import type { Finding } from './finding';
import { fieldLocator } from './lines';

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
  /** The parsed YAML document, with the position of every node. */
  document?: Document;
  /** The file line of a field path (["links", 1, "url"]); for a field not written, its parent's line, or the closing --- for a top-level one. */
  lineOf(path: readonly PropertyKey[]): number;
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
  const yamlLines = parts ? parts.yaml.split(/\r?\n/).length : 0;
  const base: ContentFile = {
    collection,
    slug: path.basename(full, '.md'),
    path: full,
    file,
    yaml: parts?.yaml,
    yamlFirstLine: 2,
    data: undefined,
    body: parts?.body ?? source,
    bodyFirstLine: parts ? yamlLines + 3 : 1,
    unreadable: undefined,
    // Without front matter every field is missing: point at the first line.
    lineOf: () => 1,
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
  // YAML 1.2's core schema, as js-yaml (Astro's reader) reads it, except that dates stay as written, so a day that
  // does not exist is a finding instead of rolling over to another day.
  const lineCounter = new LineCounter();
  const document = parseDocument(parts.yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = fieldLocator(document, lineCounter, base.yamlFirstLine, base.yamlFirstLine + yamlLines);
  const error = document.errors[0];
  if (error) {
    const offset = (error.code === 'DUPLICATE_KEY' ? duplicateKeyOffset(document) : undefined) ?? error.pos[0];
    const line = base.yamlFirstLine + lineCounter.linePos(offset).line - 1;
    const text = parts.yaml.split(/\r?\n/)[line - base.yamlFirstLine] ?? '';
    return { ...base, lineOf, unreadable: { file, line, field: /^\s*([\w-]+)\s*:/.exec(text)?.[1] ?? '(front matter)', ...yamlAdvice(error) } };
  }
  const data: unknown = document.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ...base,
      lineOf,
      unreadable: {
        file,
        line: base.yamlFirstLine,
        field: '(front matter)',
        problem: 'the front matter holds no fields',
        fix: 'write one field per line between the --- lines, e.g. `title: My title`',
      },
    };
  }
  return { ...base, lineOf, document, data: data as Record<string, unknown> };
}

/** The offset of the second of two top-level fields with the same name (the parser reports the mapping's start). */
function duplicateKeyOffset(document: Document): number | undefined {
  const seen = new Set<unknown>();
  if (!isMap(document.contents)) return undefined;
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (seen.has(key) && isNode(pair.key) && pair.key.range) return pair.key.range[0];
    seen.add(key);
  }
  return undefined;
}

/** The YAML parser's reasons, said for editors. */
function yamlAdvice(error: YAMLError): { problem: string; fix: string } {
  const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return { problem: 'this field is written twice', fix: 'keep one of the two lines' };
    case 'TAB_AS_INDENT':
      return { problem: 'the line is indented with a tab', fix: 'indent with spaces, not tabs' };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return {
        problem: `the YAML cannot be read (${reason})`,
        fix: 'a value containing ": " or starting with a quote, [ or { must be put in double quotes, e.g. title: "Webinar: Changing Careers"; also check that every field starts at the beginning of its line',
      };
    default:
      return { problem: `the YAML cannot be read (${reason})`, fix: 'check the quotes, colons and indentation on this line and the one above' };
  }
}
