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

/** Lookups by slug over a manifest (in ./content-index.ts, which the staff tool imports without the generated file). */
export { contentIndex, type ContentIndex } from './content-index';
