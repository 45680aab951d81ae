/**
 * Files as files: front matter that can be read, a file name that works as an
 * address, and Markdown where the site looks for it.
 */
import path from 'node:path';
import { slug as slugSchema, toSlug } from '../../schemas';
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
  for (const other of content.otherFiles) {
    if (/\.(markdown|mdx|txt)$/i.test(other)) {
      findings.push({ file: other, line: 1, field: '(file)', problem: 'the site reads only files ending in .md', fix: `rename it to ${other.replace(/\.\w+$/, '.md')}` });
    }
  }
  return findings;
};
