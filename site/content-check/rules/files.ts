/**
 * Files as files: front matter that can be read, a file name that works as an
 * address, and Markdown where the site looks for it.
 */
import path from 'node:path';
import { contentPages } from '../../content-files';
import { slug as slugSchema, toSlug } from '../../schemas';
import { closest } from '../suggest';
import type { Rule } from '../context';
import type { Finding } from '../finding';

export const files: Rule = ({ content }) => {
  const findings: Finding[] = [];
  for (const file of content.files) {
    if (file.unreadable) findings.push(file.unreadable);
    const name = path.basename(file.file);
    if (file.file.split('/').length > 3) {
      findings.push({ file: file.file, line: 1, field: '(file)', problem: 'the file is in a sub-folder, where the site does not look for it', fix: `move it to content/${file.collection}/${name}` });
    } else if (!name.startsWith('_') && !slugSchema.safeParse(file.slug).success) {
      findings.push({
        file: file.file,
        line: 1,
        field: '(file)',
        problem: 'the file name is not a web address: it has capitals, spaces or other characters',
        fix: `rename the file to ${toSlug(file.slug) || 'a-name-like-this'}.md (lower-case words joined by hyphens)`,
      });
    }
  }
  // Pages are shown at addresses the site fixes (emails link to them): each listed page must exist, and a file the site has no place for is never shown.
  const pageNames = Object.keys(contentPages);
  const pageFiles = content.files.filter((f) => f.collection === 'pages' && !path.basename(f.file).startsWith('_'));
  for (const file of pageFiles) {
    if (file.slug in contentPages) continue;
    const guess = closest(file.slug, pageNames);
    findings.push({
      file: file.file,
      line: 1,
      field: '(file)',
      problem: `the site has no place for a page called "${file.slug}", so it is not shown anywhere`,
      fix: guess
        ? `did you mean content/pages/${guess}.md? The pages the site shows are: ${pageNames.join(', ')}`
        : `the pages the site shows are: ${pageNames.join(', ')}; ask a developer to give a new page its address`,
    });
  }
  for (const [name, address] of Object.entries(contentPages)) {
    if (pageFiles.some((f) => f.slug === name)) continue;
    findings.push({
      file: `content/pages/${name}.md`,
      line: 1,
      field: '(file)',
      problem: `this page is missing: the site shows it at ${address} and emails link to it`,
      fix: `put the file back (its history is in the repository), with a title, a description and its text`,
    });
  }
  for (const other of content.otherFiles) {
    if (/\.(markdown|mdx|txt)$/i.test(other)) {
      findings.push({ file: other, line: 1, field: '(file)', problem: 'the site reads only files ending in .md', fix: `rename it to ${other.replace(/\.\w+$/, '.md')}` });
    }
  }
  return findings;
};
