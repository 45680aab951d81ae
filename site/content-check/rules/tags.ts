/** Tags come from content/tags.yaml, so one topic has one spelling. */
import { tag as tagSchema } from '../../schemas';
import { at, stringsIn, type Rule } from '../context';
import type { Finding } from '../finding';
import { didYouMean } from '../suggest';

export const tags: Rule = ({ content, tags: list }) => {
  const findings: Finding[] = [...list.findings];
  if (list.findings.some((f) => f.field === '(file)')) return findings; // without a list, every tag would be flagged
  for (const file of content.files) {
    if (file.data === undefined) continue;
    const seen = new Set<string>();
    for (const [i, tag] of stringsIn(file.data['tags'])) {
      if (seen.has(tag)) findings.push(at(file, ['tags', i], `"${tag}" is listed twice`, 'delete one of them'));
      seen.add(tag);
      if (list.tags.has(tag) || !tagSchema.safeParse(tag).success) continue; // a misspelt tag is the schema's finding
      const guess = didYouMean(tag, list.tags);
      findings.push(at(file, ['tags', i], `"${tag}" is not in content/tags.yaml`, `${guess}use a tag from content/tags.yaml, or add the new topic there in the same pull request`));
    }
  }
  return findings;
};
