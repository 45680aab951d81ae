/**
 * The content the staff tool needs (event titles and capacities, mentors,
 * funds), read from `content/` as checked out, leniently: a file with a
 * problem is left out with a note on stderr, so a broken story or an unrelated
 * event never blocks a command. Nothing is read until a command needs it;
 * `--help` reads nothing at all.
 */
import path from 'node:path';
import { buildManifestLeniently } from '../../site/manifest/build-manifest';
import type { Finding } from '../../site/content-check/finding';
import { contentIndex, type ContentIndex } from '../shared/content-index';
import type { Writer } from './output';

export interface AdminContent {
  index: ContentIndex;
  /** Files left out because they could not be read. */
  skipped: Finding[];
}

export async function readAdminContent(contentDir: string, stderr: Writer): Promise<AdminContent> {
  const { manifest, skipped } = await buildManifestLeniently(contentDir);
  if (skipped.length > 0) {
    const files = [...new Set(skipped.map((f) => f.file))];
    stderr.write(
      `Note: left out ${files.length === 1 ? 'a content file that has' : `${files.length} content files that have`} problems (${files.join(', ')}); \`npm run content:check\` says what to fix. Everything else works.\n`,
    );
  }
  return { index: contentIndex(manifest), skipped };
}

/** The finding that explains why an item named on the command line is not in the content, if its file is one of those left out. */
export function skippedItem(content: AdminContent, collection: 'events' | 'funds' | 'profiles', slug: string): Finding | undefined {
  return content.skipped.find((f) => f.file === path.posix.join('content', collection, `${slug}.md`));
}
