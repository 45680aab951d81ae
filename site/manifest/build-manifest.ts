/**
 * The manifest from `content/`: what the API needs of each published event,
 * mentor and fund. Drafts, and items whose `publishAt` is still ahead, are left
 * out, so the API refuses registrations and gifts for them until the build
 * that publishes them. Fund goals are written by editors in the currency's
 * units and kept here in minor units, as the API counts.
 *
 * Any error while building an item, whatever throws it, becomes a finding on
 * that item's file in the content checks' format, never a stack trace.
 */
import path from 'node:path';
import type { Finding } from '../content-check/finding';
import { contentManifest, type ContentManifest } from './manifest-schema';
import { nodeSchemas, readCollection, type CollectionName, type Parsed, type RawEntry } from './read-content';
import { isPublished } from '../lib/published';

const iso = (d: Date) => d.toISOString();

export interface ManifestOptions {
  /** The build's clock, for `publishAt` (default: now). */
  now?: Date;
}

/** An item that could not be read into the manifest, said as content:check says it. */
export class ManifestError extends Error {
  constructor(readonly findings: Finding[]) {
    super(`The content manifest cannot be built:\n${findings.map((f) => `  ${f.file}:${f.line}  ${f.field}  ${f.problem}  ${f.fix}`).join('\n')}`);
    this.name = 'ManifestError';
  }
}

export interface LenientManifest {
  manifest: ContentManifest;
  /** The items left out because they could not be read, one finding each. */
  skipped: Finding[];
}

/** The manifest, or a ManifestError naming every item that could not be read. */
export async function buildManifest(contentDir: string, options: ManifestOptions = {}): Promise<ContentManifest> {
  let built: LenientManifest;
  try {
    built = await buildManifestLeniently(contentDir, options);
  } catch (error) {
    throw new ManifestError([failure(contentDir, path.dirname(contentDir), error)]);
  }
  const { manifest, skipped } = built;
  if (skipped.length > 0) throw new ManifestError(skipped);
  return manifest;
}

/** The manifest of every item that can be read; the others are left out and listed (the staff tool works on what there is). */
export async function buildManifestLeniently(contentDir: string, options: ManifestOptions = {}): Promise<LenientManifest> {
  const root = path.dirname(contentDir);
  const now = options.now ?? new Date();
  const skipped: Finding[] = [];
  const [events, profiles, funds] = await Promise.all([
    readItems(contentDir, 'events', root, skipped),
    readItems(contentDir, 'profiles', root, skipped),
    readItems(contentDir, 'funds', root, skipped),
  ]);
  const manifest = contentManifest.parse({
    generatedAt: now.toISOString(),
    events: items(events, root, skipped, (e) =>
      isPublished(e, now)
        ? {
            title: e.title,
            summary: e.summary,
            startsAt: iso(e.startsAt),
            endsAt: iso(e.endsAt),
            timezone: e.timezone,
            format: e.format,
            venue: e.venue,
            city: e.city,
            country: e.country,
            onlineUrl: e.onlineUrl,
            capacity: e.capacity ?? null,
            maxGuests: e.maxGuests,
            opensAt: e.opensAt ? iso(e.opensAt) : null,
            closesAt: iso(e.closesAt),
            status: e.status,
            statusNote: e.statusNote,
            reminders: e.reminders,
            recordingUrl: e.recordingUrl,
            materials: e.materials,
            whosComing: e.whosComing,
            confirmWithin: e.confirmWithin,
          }
        : undefined,
    ),
    mentors: items(profiles, root, skipped, (p) =>
      p.mentor ? { name: p.name, role: p.role, organization: p.organization, industry: p.industry, city: p.city, country: p.country, languages: p.languages, ...p.mentor } : undefined,
    ),
    funds: items(funds, root, skipped, (f) => (f.draft ? undefined : { title: f.title, goal: f.goalMinor, currency: f.currency, closes: f.closes ? iso(f.closes).slice(0, 10) : null })),
  });
  return { manifest, skipped };
}

interface ReadItem<C extends CollectionName> {
  entry: RawEntry;
  data: Parsed<C>;
}

async function readItems<C extends CollectionName>(contentDir: string, collection: C, root: string, skipped: Finding[]): Promise<Array<ReadItem<C>>> {
  const read: Array<ReadItem<C>> = [];
  let entries: RawEntry[];
  try {
    entries = await readCollection(contentDir, collection);
  } catch (error) {
    // One file whose YAML does not parse stops the reader; say which, and go on without the collection.
    skipped.push(failure(path.join(contentDir, collection), root, error));
    return read;
  }
  for (const entry of entries) {
    try {
      const result = nodeSchemas[collection].safeParse(entry.frontMatter ?? {});
      if (result.success) read.push({ entry, data: result.data as Parsed<C> });
      else {
        const first = result.error.issues[0]!;
        skipped.push({
          file: relative(root, entry.file),
          line: 1,
          field: first.path.map(String).join('.') || '(front matter)',
          problem: `${result.error.issues.length === 1 ? 'a field does' : `${result.error.issues.length} fields do`} not pass the checks (${first.message.replace(/\.$/, '')})`,
          fix: 'run `npm run content:check` for each problem with its line and what to write',
        });
      }
    } catch (error) {
      skipped.push(failure(entry.file, root, error));
    }
  }
  return read;
}

/** Each item mapped to its manifest entry (`undefined`: not published); an item whose mapping throws is skipped with a finding. */
function items<C extends CollectionName, T>(read: Array<ReadItem<C>>, root: string, skipped: Finding[], map: (data: Parsed<C>) => T | undefined): Array<T & { slug: string }> {
  return read.flatMap(({ entry, data }) => {
    try {
      const mapped = map(data);
      return mapped === undefined ? [] : [{ slug: entry.slug, ...mapped }];
    } catch (error) {
      skipped.push(failure(entry.file, root, error));
      return [];
    }
  });
}

function failure(file: string, root: string, error: unknown): Finding {
  const reason = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
  return {
    file: relative(root, file),
    line: 1,
    field: '(file)',
    problem: `the manifest step failed here (${reason})`,
    fix: 'run `npm run content:check` and fix what it lists for this file; if it lists nothing, report this line to the site team',
  };
}

const relative = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');
