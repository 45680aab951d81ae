/**
 * The browser side of `client:near` (registered by `client-near.ts`; Astro
 * inlines it, minified, in the pages that use it, and hashes it for the CSP).
 * An island hydrates on the first of:
 * - its box comes within `rootMargin` (400px) of the viewport (scrolling, a
 *   link to its section, a tall screen);
 * - the reader presses Tab anywhere on the page: they move by keyboard, so
 *   the form is made ready long before they can tab to it;
 * - focus or a pointer press lands inside the island (its fallback text).
 * Then every listener and the observer go away.
 */
import type { ClientDirective } from 'astro';

const near: ClientDirective = (load, options, el) => {
  const value: unknown = options.value;
  const rootMargin = (typeof value === 'object' && value !== null && 'rootMargin' in value && typeof value.rootMargin === 'string' && value.rootMargin) || '400px';
  const stop = new AbortController();
  let started = false;
  const hydrate = async () => {
    if (started) return;
    started = true;
    stop.abort();
    observer?.disconnect();
    const run = await load();
    await run();
  };
  const observer = typeof IntersectionObserver === 'function' ? new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && void hydrate(), { rootMargin }) : undefined;
  const { signal } = stop;
  window.addEventListener('keydown', (event) => event.key === 'Tab' && void hydrate(), { capture: true, signal });
  el.addEventListener('focusin', () => void hydrate(), { signal });
  el.addEventListener('pointerdown', () => void hydrate(), { signal });
  if (!observer) {
    void hydrate();
    return;
  }
  // <astro-island> is display: contents (no box of its own): watch what it renders, or, when it
  // renders nothing until hydrated (live fund totals), the element it sits in.
  const boxes = el.children.length > 0 ? [...el.children] : el.parentElement ? [el.parentElement] : [];
  for (const box of boxes) observer.observe(box);
};

export default near;
