/**
 * `content:check`: every rule of the content spec over `content/`, all findings
 * at once. The same function runs in `npm run content:check`, in the Astro build
 * (site/integrations/content-check.ts) and in the tests.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckContext, Rule } from './context';
import { sortFindings, type Finding } from './finding';
import { loadContent } from './load';
import { consistency } from './rules/consistency';
import { dates } from './rules/dates';
import { files } from './rules/files';
import { images } from './rules/images';
import { links } from './rules/links';
import { privacy } from './rules/privacy';
import { references } from './rules/references';
import { schema } from './rules/schema';
import { tags } from './rules/tags';
import { text } from './rules/text';
import { readTagList } from './tag-list';

export { formatFinding, type Finding } from './finding';

/** The rule families, in the order an editor would fix them. */
export const rules: Record<string, Rule> = { files, schema, dates, text, references, tags, links, images, privacy, consistency };

export interface CheckResult {
  findings: Finding[];
  /** Markdown files checked. */
  fileCount: number;
  /** Files per collection. */
  counts: Record<string, number>;
}

export interface CheckOptions {
  /** The project root: content is read from `<root>/content`. */
  root?: string;
  /** The site's pages folder, for links to pages that are not content items. Default: `<this project>/site/pages`. */
  pagesDir?: string;
}

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function checkContent(options: CheckOptions = {}): Promise<CheckResult> {
  const root = options.root ?? projectRoot;
  const [content, tagList] = await Promise.all([loadContent(root), readTagList(root)]);
  const context: CheckContext = { content, tags: tagList, pagesDir: options.pagesDir ?? path.join(projectRoot, 'site/pages') };
  const found = await Promise.all(Object.values(rules).map((rule) => rule(context)));
  const counts: Record<string, number> = {};
  for (const file of content.files) counts[file.collection] = (counts[file.collection] ?? 0) + 1;
  return { findings: sortFindings(found.flat()), fileCount: content.files.length, counts };
}

/** "3 problems in 2 files" */
export function summary(findings: readonly Finding[]): string {
  const fileCount = new Set(findings.map((f) => f.file)).size;
  return `${findings.length} ${findings.length === 1 ? 'problem' : 'problems'} in ${fileCount} ${fileCount === 1 ? 'file' : 'files'}`;
}
