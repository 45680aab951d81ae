/**
 * `npm run content:check [project root]`: checks content/ and prints each
 * finding as `file:line  field  what is wrong  what to write`; exits 1 when
 * there are any. The root defaults to this project.
 */
import { performance } from 'node:perf_hooks';
import { checkContent, formatFinding, summary } from './index';

const started = performance.now();
const root = process.argv[2];
const { findings, fileCount, counts } = await checkContent(root === undefined ? {} : { root });
const ms = Math.round(performance.now() - started);
const items = Object.entries(counts)
  .map(([collection, n]) => `${n} ${collection}`)
  .join(', ');

if (findings.length === 0) {
  console.log(`content: ${fileCount} files OK (${items}) in ${ms} ms`);
} else {
  for (const finding of findings) console.error(formatFinding(finding));
  console.error(`\ncontent: ${summary(findings)} (${fileCount} files checked in ${ms} ms). Each line says the file and line, the field, what is wrong and what to write.`);
  process.exitCode = 1;
}
