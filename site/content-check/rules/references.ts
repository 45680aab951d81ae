/** A story's `profiles` and an event's `hosts` name profiles that exist, each once. */
import { at, readable, stringsIn, type Rule } from '../context';
import type { Finding } from '../finding';
import { didYouMean } from '../suggest';

export const references: Rule = ({ content }) => {
  const profiles = new Set(content.files.filter((f) => f.collection === 'profiles').map((f) => f.slug));
  const findings: Finding[] = [];
  const check = (collection: 'stories' | 'events', field: 'profiles' | 'hosts') => {
    for (const file of readable(content, collection)) {
      const seen = new Set<string>();
      for (const [i, slug] of stringsIn(file.data[field])) {
        if (seen.has(slug)) findings.push(at(file, [field, i], `"${slug}" is listed twice`, 'delete one of them'));
        seen.add(slug);
        if (profiles.has(slug)) continue;
        findings.push(
          at(
            file,
            [field, i],
            `"${slug}" is not a profile (no content/profiles/${slug}.md)`,
            `${didYouMean(slug, profiles)}write the file name of an existing profile without .md, or add the profile first`,
          ),
        );
      }
    }
  };
  check('stories', 'profiles');
  check('events', 'hosts');
  return findings;
};
