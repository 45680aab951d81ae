/**
 * Reads `content/` the way Astro's glob loader does (front matter with js-yaml)
 * and validates each file with the same schemas, outside of Astro.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import { collectionDir, contentFiles, type CollectionName } from '../content-files';
import { eventSchema, fundSchema, pageSchema, profileSchema, storySchema } from '../schemas';

const imagePath = z.string().min(1);
export const nodeSchemas = {
  stories: storySchema(imagePath),
  events: eventSchema(imagePath),
  profiles: profileSchema(imagePath),
  funds: fundSchema(imagePath),
  pages: pageSchema,
} satisfies Record<CollectionName, unknown>;
export type { CollectionName };
export type Parsed<C extends CollectionName> = z.output<(typeof nodeSchemas)[C]>;

export interface RawEntry {
  collection: CollectionName;
  slug: string;
  file: string;
  source: string;
  frontMatter: unknown;
  body: string;
}

const frontMatterPattern = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export function splitFrontMatter(source: string): { yaml: string; body: string } | undefined {
  const match = frontMatterPattern.exec(source);
  return match ? { yaml: match[1] ?? '', body: match[2] ?? '' } : undefined;
}

export async function readCollection(contentDir: string, collection: CollectionName): Promise<RawEntry[]> {
  const dir = collectionDir(contentDir, collection);
  const names = await contentFiles(contentDir, collection);
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      const source = await readFile(file, 'utf8');
      const parts = splitFrontMatter(source);
      return {
        collection,
        slug: name.replace(/\.md$/, ''),
        file,
        source,
        frontMatter: parts ? yaml.load(parts.yaml) : undefined,
        body: parts?.body ?? source,
      };
    }),
  );
}

export class ContentError extends Error {
  constructor(readonly findings: string[]) {
    super(`Content has ${findings.length} problem(s):\n${findings.map((f) => `  ${f}`).join('\n')}`);
    this.name = 'ContentError';
  }
}

/** Parses every entry of a collection, or throws one ContentError naming every bad file and field. */
export function parseCollection<C extends CollectionName>(entries: RawEntry[], collection: C, root: string): Array<{ slug: string; data: Parsed<C> }> {
  const findings: string[] = [];
  const parsed: Array<{ slug: string; data: Parsed<C> }> = [];
  for (const entry of entries) {
    const result = nodeSchemas[collection].safeParse(entry.frontMatter ?? {});
    if (result.success) parsed.push({ slug: entry.slug, data: result.data as Parsed<C> });
    else for (const issue of result.error.issues) findings.push(`${path.relative(root, entry.file)}  ${issue.path.join('.') || '(front matter)'}  ${issue.message}`);
  }
  if (findings.length > 0) throw new ContentError(findings);
  return parsed;
}
