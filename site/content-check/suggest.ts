/** "Did you mean …?" for misspelt fields, slugs and tags. */

/** Edit distance (insertions, deletions, substitutions). */
export function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate closest to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const normalize = (text: string) => text.toLowerCase().replace(/^\/+|\/+$/g, '');
  const target = normalize(word);
  let best: string | undefined;
  let bestScore = Infinity;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const score = similarity(target, normalize(candidate));
    // Several candidates can share a stem ("/mentorship/" scores the same against /mentoring/ and /mentoring/guidelines/):
    // the one with fewer edits wins, so the answer does not depend on the order the candidates come in.
    const edits = score <= bestScore ? distance(target, normalize(candidate)) : Infinity;
    if (score < bestScore || (score === bestScore && edits < bestDistance)) {
      best = candidate;
      bestScore = score;
      bestDistance = edits;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(target.length / 3)) ? best : undefined;
}

/** Edit distance, but a shared stem ("mentorship", "mentoring") counts as close. */
function similarity(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < shorter && a[prefix] === b[prefix]) prefix++;
  if (shorter >= 4 && (a.includes(b) || b.includes(a))) return 1;
  if (prefix >= 5 && prefix * 2 >= shorter) return 2;
  return distance(a, b);
}

/** ` Did you mean "x"?` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closest(word, candidates);
  return best === undefined ? '' : `did you mean "${best}"? `;
}
