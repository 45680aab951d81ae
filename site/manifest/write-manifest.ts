/** `npm run manifest`: writes functions/generated/content-manifest.json from content/. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkContent, formatFinding, summary } from '../content-check/index';
import { buildManifest } from './build-manifest';
import { ContentError } from './read-content';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const manifestPath = path.join(root, 'functions/generated/content-manifest.json');

try {
  // Bad content gets the content checks' findings (file:line, field, what to write), all at once.
  const { findings } = await checkContent({ root });
  if (findings.length > 0) {
    console.error(`${findings.map(formatFinding).join('\n')}\n\ncontent: ${summary(findings)}`);
    process.exit(1);
  }
  const manifest = await buildManifest(path.join(root, 'content'));
  await mkdir(path.dirname(manifestPath), { recursive: true });
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`content manifest: ${manifest.events.length} events, ${manifest.mentors.length} mentors, ${manifest.funds.length} funds`);
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
