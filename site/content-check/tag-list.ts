/** `content/tags.yaml`: the one spelling of each topic. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { tag as tagSchema } from '../schemas';
import type { Finding } from './finding';

export const tagsFile = 'content/tags.yaml';

export interface TagList {
  tags: Set<string>;
  /** Problems in tags.yaml itself. */
  findings: Finding[];
}

export async function readTagList(root: string): Promise<TagList> {
  let text: string;
  try {
    text = await readFile(path.join(root, tagsFile), 'utf8');
  } catch {
    return { tags: new Set(), findings: [{ file: tagsFile, line: 1, field: '(file)', problem: 'the tag list is missing', fix: 'create content/tags.yaml with one "- tag" line per topic' }] };
  }
  const lines = text.split(/\r?\n/);
  const lineOf = (tag: string, from = 0) => lines.findIndex((l, i) => i >= from && new RegExp(`^\\s*-\\s*["']?${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*(#.*)?$`).test(l)) + 1 || 1;
  let list: unknown;
  try {
    list = yaml.load(text);
  } catch (error) {
    const line = error instanceof yaml.YAMLException ? (error.mark?.line ?? 0) + 1 : 1;
    return { tags: new Set(), findings: [{ file: tagsFile, line, field: '(file)', problem: 'the tag list cannot be read', fix: 'write one tag per line as "- tag-name"' }] };
  }
  if (!Array.isArray(list)) {
    return { tags: new Set(), findings: [{ file: tagsFile, line: 1, field: '(file)', problem: 'the tag list is not a list', fix: 'write one tag per line as "- tag-name"' }] };
  }
  const tags = new Set<string>();
  const findings: Finding[] = [];
  for (const [i, item] of list.entries()) {
    const name = String(item);
    const line = lineOf(name);
    if (!tagSchema.safeParse(item).success) {
      findings.push({ file: tagsFile, line, field: `[${i}]`, problem: `"${name}" is not a tag name`, fix: 'write tags in lower case with hyphens between words, e.g. "career-change"' });
    } else if (tags.has(name)) {
      findings.push({ file: tagsFile, line: lineOf(name, line), field: `[${i}]`, problem: `"${name}" is listed twice`, fix: 'delete one of the two lines' });
    }
    tags.add(name);
  }
  return { tags, findings };
}
