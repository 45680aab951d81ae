/**
 * The front matter of every item against its schema (the same schemas Astro
 * uses), with zod's issues said for editors.
 */
import { nodeSchemas } from '../../manifest/read-content';
import { at, type Rule } from '../context';
import { explain, parseOptions } from '../error-map';
import type { Finding } from '../finding';

export const schema: Rule = ({ content }) => {
  const findings: Finding[] = [];
  for (const file of content.files) {
    if (file.data === undefined) continue; // unreadable: the files rule says why
    const result = nodeSchemas[file.collection].safeParse(file.data, parseOptions);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      for (const { path, problem, fix } of explain(issue, file.collection)) findings.push(at(file, path, problem, fix));
    }
  }
  return findings;
};
