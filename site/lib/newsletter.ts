/**
 * What the newsletter pages offer: the topics of content/tags.yaml and the
 * regions (continents, then the countries events name), from the same digest
 * content the API checks choices against (site/manifest/digest-content.ts).
 * Read once per build for the three pages that offer them, from the tag list
 * and the events only (not every story).
 */
import path from 'node:path';
import { readDigestChoices } from '../manifest/digest-content';

let once: Promise<{ topics: string[]; regions: string[] }> | undefined;

export function newsletterChoices(): Promise<{ topics: string[]; regions: string[] }> {
  // The dev server reads them again on each request: content changes while it runs.
  if (import.meta.env.DEV) return readDigestChoices(path.resolve('content'));
  once ??= readDigestChoices(path.resolve('content'));
  return once;
}
