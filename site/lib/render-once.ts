/**
 * Markup made once per build. A story's card is the same on every list, tag
 * page, related section and person's page it appears on (five to ten pages per
 * story at 10,000 stories), and the header and footer are the same on every
 * page of a section; Astro would render them again on each. Not cached by the
 * dev server, where the content and the components change while it runs.
 */
const made = new Map<string, Promise<string>>();

/**
 * The HTML `render()` gives for `key`, rendered the first time the key is asked
 * for in this build and reused after. The key must name everything the markup
 * depends on (e.g. the story's slug and the card's heading level).
 */
export function renderOnce(key: string, render: () => Promise<string>): Promise<string> {
  if (import.meta.env.DEV) return render();
  let html = made.get(key);
  if (!html) {
    made.set(
      key,
      (html = render().catch((error: unknown) => {
        made.delete(key);
        throw error;
      })),
    );
  }
  return html;
}
