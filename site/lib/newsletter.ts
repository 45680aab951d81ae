/**
 * What the newsletter pages offer: the topics of content/tags.yaml and the
 * regions (continents, then the countries events name), from the same digest
 * content the API checks choices against (site/manifest/digest-content.ts).
 */
import path from 'node:path';
import { buildDigestContent } from '../manifest/digest-content';

export async function newsletterChoices(): Promise<{ topics: string[]; regions: string[] }> {
  const content = await buildDigestContent(path.resolve('content'));
  return { topics: content.topics, regions: content.regions };
}
