/**
 * What the directory's and the stories list's filters share: loading a static
 * index once (on first use, retried after a failure), escaping text for the
 * cards they build, keeping the cards last shown (moved when they come back,
 * not built again), and saying when a list has been drawn (a `list:rendered`
 * event on the list, which the benchmarks, the browser tests and the live
 * mentor availability wait for).
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

/**
 * The cards of a list, built once: `get(rows)` gives the <li> of each row, building the ones not at hand from
 * `html(row)` in one parse, and the same element when the row comes back (moved, not parsed again). The cards the
 * page was built with are taken in by `adopt`, keyed by their link. The last `keep` cards used are kept.
 */
export function cards<R>(key: (row: R) => string, html: (row: R) => string, keep = 240) {
  const kept = new Map<string, HTMLElement>();
  const template = document.createElement('template');
  const remember = (k: string, item: HTMLElement) => {
    kept.delete(k);
    kept.set(k, item);
    if (kept.size > keep) kept.delete(kept.keys().next().value!);
  };
  return {
    get(rows: readonly R[]): HTMLElement[] {
      const found = rows.map((row) => kept.get(key(row)));
      const missing = rows.filter((_, i) => found[i] === undefined);
      if (missing.length > 0) {
        template.innerHTML = missing.map(html).join('');
        const made = [...template.content.children] as HTMLElement[];
        let next = 0;
        for (const [i, item] of found.entries()) if (item === undefined) found[i] = made[next++];
      }
      return rows.map((row, i) => {
        const item = found[i]!;
        remember(key(row), item);
        return item;
      });
    },
    /** The page's own cards, `keyOf` reading a card's key (undefined: leave it out). */
    adopt(items: readonly HTMLElement[], keyOf: (item: HTMLElement) => string | undefined): void {
      for (const item of items) {
        const k = keyOf(item);
        if (k !== undefined && !kept.has(k)) remember(k, item);
      }
    },
  };
}

/** Tells whoever waits (benchmarks, tests) that `list` now shows the result. */
export function rendered(list: HTMLElement, matches: number): void {
  list.dispatchEvent(new CustomEvent('list:rendered', { bubbles: true, detail: { matches } }));
}

/**
 * Puts a choice in the address (a new history entry, for Back) after the frame that shows its result: a
 * same-document navigation has the browser fetch and draw the page's icon again, on the page's main thread,
 * which need not delay the cards.
 */
export function pushAddress(address: string): void {
  requestAnimationFrame(() => setTimeout(() => history.pushState(null, '', address), 0));
}

/** Wires a "Show more" button: `more()` adds the next cards and returns the first new link, which gets the focus. */
export function showMore(wrapper: HTMLElement | null, more: () => HTMLElement | null): void {
  wrapper?.querySelector('button')?.addEventListener('click', () => more()?.focus());
}
