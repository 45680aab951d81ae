/**
 * The content the API enforces (event capacity, guests, registration window,
 * time zone; mentors; funds), from the manifest that `npm run manifest`
 * generates out of `content/`. Imported, so esbuild bundles it into each
 * function: a deploy of new Markdown is a deploy of new rules.
 */
import manifestJson from '../generated/content-manifest.json' with { type: 'json' };
import type { ContentManifest, ManifestEvent } from '../../site/manifest/manifest-schema';

export type { ContentManifest, ManifestEvent };

/** Checked against the manifest schema when `npm run manifest` wrote it; not parsed again here, so zod's full schema library stays out of the bundles. */
export const bundledManifest = manifestJson as unknown as ContentManifest;

/** Lookups by slug over a manifest. */
export function contentIndex(manifest: ContentManifest) {
  const events = new Map(manifest.events.map((e) => [e.slug, e]));
  const mentors = new Map(manifest.mentors.map((m) => [m.slug, m]));
  const funds = new Map(manifest.funds.map((f) => [f.slug, f]));
  return { manifest, events, mentors, funds };
}
export type ContentIndex = ReturnType<typeof contentIndex>;
