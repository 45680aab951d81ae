/**
 * Lookups by slug over a content manifest, without the generated manifest
 * itself: the staff tool builds its own from `content/`, so it does not need
 * `npm run manifest` to have run (or the content to be valid).
 */
import type { ContentManifest, ManifestEvent } from '../../site/manifest/manifest-schema';

export type { ContentManifest, ManifestEvent };

export function contentIndex(manifest: ContentManifest) {
  const events = new Map(manifest.events.map((e) => [e.slug, e]));
  const mentors = new Map(manifest.mentors.map((m) => [m.slug, m]));
  const funds = new Map(manifest.funds.map((f) => [f.slug, f]));
  return { manifest, events, mentors, funds };
}
export type ContentIndex = ReturnType<typeof contentIndex>;
