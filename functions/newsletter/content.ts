/**
 * The newsletter's content (stories, events, funds, topics, regions) that
 * `npm run manifest` generates from content/ (site/manifest/digest-content.ts),
 * imported so that esbuild bundles it: a deploy of new Markdown is a deploy of
 * a new digest.
 */
import digestJson from '../generated/digest-content.json' with { type: 'json' };
import type { DigestContent } from '../../site/manifest/digest-content';

export type { DigestContent };

export const bundledDigestContent = digestJson as unknown as DigestContent;
