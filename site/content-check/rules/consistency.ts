/**
 * One spelling per value across profiles for the fields the directory filters
 * on and mentor matching compares (industry, country, languages): "Fintech"
 * and "FinTech" would otherwise be two filter choices and never match.
 */
import { at, readable, stringsIn, type Rule } from '../context';
import type { Finding } from '../finding';
import type { ContentFile } from '../load';

const key = (value: string): string => value.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

export const consistency: Rule = ({ content }) => {
  const profiles = readable(content, 'profiles');
  const findings: Finding[] = [];
  const check = (field: string, valuesOf: (file: ContentFile & { data: Record<string, unknown> }) => Array<[path: PropertyKey[], value: string]>) => {
    const uses = profiles.flatMap((file) => valuesOf(file).map(([path, value]) => ({ file, path, value })));
    const counts = new Map<string, number>();
    for (const { value } of uses) counts.set(value, (counts.get(value) ?? 0) + 1);
    const byKey = new Map<string, string[]>();
    for (const value of counts.keys()) byKey.set(key(value), [...(byKey.get(key(value)) ?? []), value]);
    for (const spellings of byKey.values()) {
      if (spellings.length < 2) continue;
      // The spelling most profiles use wins; on a tie, the one that sorts first.
      const preferred = [...spellings].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b))[0] ?? '';
      for (const use of uses) {
        if (use.value === preferred || !spellings.includes(use.value)) continue;
        findings.push(at(use.file, use.path, `"${use.value}" is spelt differently from "${preferred}" in other profiles`, `write "${preferred}", so the directory's ${field} filter shows one choice`));
      }
    }
  };
  check('industry', (f) => (typeof f.data['industry'] === 'string' ? [[['industry'], f.data['industry']]] : []));
  check('country', (f) => (typeof f.data['country'] === 'string' ? [[['country'], f.data['country']]] : []));
  check('language', (f) => stringsIn(f.data['languages']).map(([i, language]) => [['languages', i], language]));
  return findings;
};
