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
import type { Column, Writer } from './output';

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

/** What stands for a mentor's name when content has no mentor profile with their slug (the profile was removed, stopped mentoring, or has a problem). */
export const mentorNotInContent = '(no longer in content)';

export interface MentorNaming {
  slug: string;
  /** The display name from the profile, or `mentorNotInContent`. */
  name: string;
  /** How a table shows the mentor: "Li Wei Chen (li-wei-chen)", or "li-wei-chen (no longer in content)". */
  label: string;
}

/**
 * A mentor named the one way every staff command names them: in tables one
 * cell, the profile's display name and then the slug; in CSV and JSON two
 * fields, the slug (`mentor`) and the name (`mentorName`). A slug that
 * content no longer has as a mentor keeps its slug, marked.
 */
export function mentorNaming(mentors: ContentIndex['mentors'], slug: string): MentorNaming {
  const profile = mentors.get(slug);
  return profile ? { slug, name: profile.name, label: `${profile.name} (${slug})` } : { slug, name: mentorNotInContent, label: `${slug} ${mentorNotInContent}` };
}

/**
 * The columns that show a row's mentor (see `mentorNaming`): one table column
 * headed `header`, and for CSV and JSON `header` (the slug) and `header name`
 * (JSON `mentor` and `mentorName`; with header "first suggestion",
 * `firstSuggestion` and `firstSuggestionName`). A row without a mentor leaves
 * them empty.
 */
export function mentorColumns<Row>(mentors: ContentIndex['mentors'], slugOf: (row: Row) => string | undefined, header = 'mentor'): Column<Row>[] {
  const naming = (row: Row) => {
    const slug = slugOf(row);
    return slug ? mentorNaming(mentors, slug) : undefined;
  };
  return [
    { header, value: (row) => naming(row)?.label, data: false },
    { header, value: (row) => naming(row)?.slug, table: false },
    { header: `${header} name`, value: (row) => naming(row)?.name, table: false },
  ];
}
