/**
 * What the directory's and the stories list's filters share: loading a static
 * index once (on first use, retried after a failure), escaping text for the
 * cards they build, and saying when a list has been drawn (a `list:rendered`
 * event on the list, which the benchmarks and browser tests wait for).
 */

/** `load` runs on the first call; later calls share its answer, or try again after a failure. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** A JSON file of the site (its address without the base path, e.g. "profiles/index.json"). */
export async function fetchIndex<T>(file: string): Promise<T> {
  const answer = await fetch(`${import.meta.env.BASE_URL}${file}`, { headers: { Accept: 'application/json' } });
  if (!answer.ok) throw new Error(`${file}: ${answer.status}`);
  return (await answer.json()) as T;
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Text or an attribute value, safe inside the HTML the cards are built from. */
export const esc = (text: string | number): string => String(text).replace(/[&<>"]/g, (c) => entities[c]!);

/** A site address with the base path (a pull request's preview is served under /pr-123/). */
export const href = (path: string): string => `${import.meta.env.BASE_URL.replace(/\/$/, '')}${path}`;

/** The attribute Astro gives the elements of a component with scoped styles (`data-astro-cid-…`), read from a card it built. */
export function scopeAttribute(element: Element | null): string {
  const name = element ? [...element.attributes].find((a) => a.name.startsWith('data-astro-cid-'))?.name : undefined;
  return name ? ` ${name}` : '';
}

/** Tells whoever waits (benchmarks, tests) that `list` now shows the result. */
export function rendered(list: HTMLElement, matches: number): void {
  list.dispatchEvent(new CustomEvent('list:rendered', { bubbles: true, detail: { matches } }));
}

/** Wires a "Show more" button: `more()` adds the next cards and returns the first new link, which gets the focus. */
export function showMore(wrapper: HTMLElement | null, more: () => HTMLElement | null): void {
  wrapper?.querySelector('button')?.addEventListener('click', () => more()?.focus());
}
