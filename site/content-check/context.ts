/** What every rule gets: the content as read, the tag list, and helpers to point at a field. */
import path from 'node:path';
import type { Finding } from './finding';
import { fieldName } from './finding';
import type { Content, ContentFile } from './load';
import type { TagList } from './tag-list';

export interface CheckContext {
  content: Content;
  tags: TagList;
  /** The site's `pages` folder, for links to pages that are not content items. */
  pagesDir: string;
}

export type Rule = (context: CheckContext) => Finding[] | Promise<Finding[]>;

/** A finding about a front-matter field, on that field's line. */
export function at(file: ContentFile, fieldPath: readonly PropertyKey[], problem: string, fix: string): Finding {
  return { file: file.file, line: file.lineOf(fieldPath), field: fieldName(fieldPath) || '(front matter)', problem, fix };
}

/** A finding about the body, on a line counted from the body's first line (1-based). */
export function inBody(file: ContentFile, bodyLine: number, problem: string, fix: string): Finding {
  return { file: file.file, line: file.bodyFirstLine + bodyLine - 1, field: 'body', problem, fix };
}

/** Readable front matter of the files of one collection. */
export const readable = (content: Content, collection: ContentFile['collection']) =>
  content.files.filter((f): f is ContentFile & { data: Record<string, unknown> } => f.collection === collection && f.data !== undefined);

/** A list of strings as written, with their indexes; other values are the schema's concern. */
export function stringsIn(value: unknown): Array<[index: number, text: string]> {
  return Array.isArray(value) ? value.flatMap((item, i) => (typeof item === 'string' ? [[i, item] as [number, string]] : [])) : [];
}

export const contentPath = (content: Content, ...parts: string[]) => path.join(content.contentDir, ...parts);
