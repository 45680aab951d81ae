/**
 * Which files in `content/` are items: the one rule the site build (Astro's
 * glob loader), the manifest writer, `content:check`, `npm run new` and the
 * tests share.
 *
 * An item is a Markdown file directly in its collection's folder,
 * `content/<collection>/<slug>.md`, whose name does not start with "_" (a
 * place for notes and drafts the site ignores). Markdown in a sub-folder is
 * not read: `content:check` says so.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export const collectionNames = ['stories', 'events', 'profiles', 'funds', 'pages'] as const;
export type CollectionName = (typeof collectionNames)[number];

/**
 * The pages of `content/pages/` and the address each is shown at: a page's
 * place on the site is fixed by the site (emails link to it), so a file here
 * that is not listed has no page, and a listed one must exist.
 */
export const contentPages = {
  'mentoring-guidelines': '/mentoring/guidelines/',
} as const satisfies Record<string, string>;
export type ContentPageName = keyof typeof contentPages;

/** The glob pattern of items inside a collection's folder (Astro's loader and anything else that globs). */
export const itemPattern = '[^_]*.md';

/** A name the site ignores even where it looks: "_notes.md". */
export const isIgnoredName = (fileName: string): boolean => fileName.startsWith('_');

/** Whether a path inside a collection's folder (forward or platform slashes) is an item. */
export function isItemFile(relativePath: string): boolean {
  return relativePath.endsWith('.md') && !/[\\/]/.test(relativePath) && !isIgnoredName(relativePath);
}

/** A collection's folder. */
export const collectionDir = (contentDir: string, collection: CollectionName): string => path.join(contentDir, collection);

/** The item file names of a collection, sorted; none when the folder does not exist yet. */
export async function contentFiles(contentDir: string, collection: CollectionName): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(collectionDir(contentDir, collection));
  } catch {
    return [];
  }
  return names.filter(isItemFile).sort();
}
