/**
 * What the newsletter pages offer: the topics of content/tags.yaml and the
 * regions (continents, then the countries events name), from the same digest
 * content the API checks choices against (site/manifest/digest-content.ts).
 * Read once per build for the three pages that offer them, from the tag list
 * and the events only (not every story).
 */
import path from 'node:path';
import { readDigestChoices } from '../manifest/digest-content';
import { oncePerBuild } from './once-per-build';

/** The topics and regions, read once per build (oncePerBuild: the dev server reads them on each request). */
export const newsletterChoices: () => Promise<{ topics: string[]; regions: string[] }> = oncePerBuild(() => readDigestChoices(path.resolve('content')));
