/**
 * What the directory's and the stories list's filters share: loading a static
 * index once (on first use, retried after a failure), escaping text for the
 * cards they build, keeping each card once (built on first show, then moved,
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
 * The cards of a list, each built once: `get(rows)` gives the <li> of each row, building the ones not shown
 * before from `html(row)` in one parse, and the same element every later time (moved, not parsed, styled anew or
 * its picture loaded again). The cards the page was built with are taken in by `adopt`, keyed by their link.
 */
export function cards<R>(key: (row: R) => string, html: (row: R) => string) {
  const built = new Map<string, HTMLElement>();
  const template = document.createElement('template');
  return {
    get(rows: readonly R[]): HTMLElement[] {
      const missing = rows.filter((row) => !built.has(key(row)));
      if (missing.length > 0) {
        template.innerHTML = missing.map(html).join('');
        const made = [...template.content.children] as HTMLElement[];
        missing.forEach((row, i) => built.set(key(row), made[i]!));
      }
      return rows.map((row) => built.get(key(row))!);
    },
    /** The page's own cards, `keyOf` reading a card's key (undefined: leave it out). */
    adopt(items: readonly HTMLElement[], keyOf: (item: HTMLElement) => string | undefined): void {
      for (const item of items) {
        const k = keyOf(item);
        if (k !== undefined && !built.has(k)) built.set(k, item);
      }
    },
  };
}

/** Tells whoever waits (benchmarks, tests) that `list` now shows the result. */
export function rendered(list: HTMLElement, matches: number): void {
  list.dispatchEvent(new CustomEvent('list:rendered', { bubbles: true, detail: { matches } }));
}

/**
 * Puts a choice in the address (a new history entry, for Back) once its result is on screen: after the next frame
 * is painted. A same-document navigation has the browser fetch and draw the page's icon again, on the page's main
 * thread, which need not come before the cards.
 */
export function pushAddress(address: string): void {
  requestAnimationFrame(() => setTimeout(() => history.pushState(null, '', address), 0));
}

/** Wires a "Show more" button: `more()` adds the next cards and returns the first new link, which gets the focus. */
export function showMore(wrapper: HTMLElement | null, more: () => HTMLElement | null): void {
  wrapper?.querySelector('button')?.addEventListener('click', () => more()?.focus());
}
