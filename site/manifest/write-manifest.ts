/**
 * `npm run manifest`: writes functions/generated/content-manifest.json from content/.
 * Bad content gets the content checks' findings (file:line, field, what to
 * write), all at once; so does anything else that goes wrong while an item is
 * read, and exit code 1. Never a stack trace for an editor.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkContent, formatFinding, summary } from '../content-check/index';
import { buildManifest, ManifestError } from './build-manifest';
import { buildDigestContent } from './digest-content';

/** The project root: this project's, or another one given as the first argument (the tests use a copy). */
const root = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const manifestPath = path.join(root, 'functions/generated/content-manifest.json');
export const digestContentPath = path.join(root, 'functions/generated/digest-content.json');

try {
  const { findings } = await checkContent({ root });
  if (findings.length > 0) {
    console.error(`${findings.map(formatFinding).join('\n')}\n\ncontent: ${summary(findings)}`);
    process.exit(1);
  }
  const manifest = await buildManifest(path.join(root, 'content'));
  await mkdir(path.dirname(manifestPath), { recursive: true });
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`content manifest: ${manifest.events.length} events, ${manifest.mentors.length} mentors, ${manifest.funds.length} funds`);
  // The newsletter's stories, events, funds, topics and regions (site/manifest/digest-content.ts).
  await writeFile(digestContentPath, JSON.stringify(await buildDigestContent(path.join(root, 'content'))) + '\n');
} catch (error) {
  const findings =
    error instanceof ManifestError
      ? error.findings
      : [
          {
            file: 'content',
            line: 1,
            field: '(manifest)',
            problem: `the manifest step failed (${error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error)})`,
            fix: 'run `npm run content:check`; if it lists nothing, report this line to the site team',
          },
        ];
  console.error(`${findings.map(formatFinding).join('\n')}\n\ncontent: ${summary(findings)}`);
  process.exit(1);
}
