/**
 * The stories list's topics in the browser. Without scripting a topic link
 * opens its own paged list (/stories/tags/<tag>/); with it, choosing a topic
 * on /stories/ filters every story in place from /stories/index.json (fetched
 * the first time someone reaches for a topic, never on page load), draws the
 * first cards (the same markup as StoryCard.astro) with "Show more" for the
 * next, and keeps the topic in the address (/stories/?tag=mentoring) so it can
 * be shared and Back returns to the list as built.
 */
import { STORIES_PER_PAGE } from '../consts';
import { formatDate } from '../lib/format';
import type { StoryIndex, StoryRow } from '../lib/list-index';
import { cards, esc, fetchIndex, href, once, pushAddress, rendered, scopeAttribute, showMore } from './list-filter';

const nav = document.querySelector<HTMLElement>('[data-story-filter]');
const list = document.querySelector<HTMLElement>('[data-story-list]');
const status = document.querySelector<HTMLElement>('[data-story-status]');
const empty = document.querySelector<HTMLElement>('[data-story-empty]');
const more = document.querySelector<HTMLElement>('[data-story-more]');
const pages = document.querySelector<HTMLElement>('[data-story-pages]');

interface Prepared extends StoryIndex {
  /** Each tag's stories, newest first. */
  byTag: Map<string, StoryRow[]>;
}

const load = once(async (): Promise<Prepared> => {
  const index = await fetchIndex<StoryIndex>('stories/index.json');
  const lists = index.tags.map((): StoryRow[] => []);
  for (const row of index.stories) for (const tag of row[3]) lists[tag]?.push(row);
  return { ...index, byTag: new Map(index.tags.map((t, i) => [t, lists[i]!])) };
});

/** As tagLabel in site/lib/content.ts (which this script cannot import: it reads the collections). */
const tagLabel = (tag: string): string => tag.charAt(0).toUpperCase() + tag.slice(1).replaceAll('-', ' ');
const sizes = '(min-width: 74rem) 23rem, (min-width: 40rem) 45vw, 100vw';

/** One card, as StoryCard.astro (level h2, image loaded lazily) builds it. */
function card(index: Prepared, row: StoryRow, item: string): string {
  const [slug, title, date, tags, summary, imageId] = row;
  const image = index.images[imageId];
  const first = tags[0] === undefined ? undefined : tagLabel(index.tags[tags[0]]!);
  const picture = image
    ? `<img src="${esc(href(image.src))}" srcset="${esc(image.srcset.replace(/(^|,\s*)\//g, `$1${href('/')}`))}" alt="${esc(image.alt)}" sizes="${sizes}" loading="lazy" fetchpriority="auto" width="${image.width}" height="${image.height}" decoding="async">`
    : `<div class="placeholder" aria-hidden="true">${esc(first ?? 'Story')}</div>`;
  return (
    `<li${item}><article class="card story-card">${picture}<div class="card__body">` +
    `<p class="card__meta"><time datetime="${esc(date)}">${esc(formatDate(new Date(`${date}T00:00:00Z`)))}</time>${first ? ` · ${esc(first)}` : ''}</p>` +
    `<h2 class="card__title"><a href="${esc(href(`/stories/${slug}/`))}">${esc(title)}</a></h2>` +
    `<p class="card__summary">${esc(summary)}</p></div></article></li>`
  );
}

if (nav && list) {
  const ownPath = location.pathname;
  const firstPage = ownPath === href('/stories/');
  const built = { items: [...list.children] as HTMLElement[], status: status?.textContent ?? '' };
  const item = scopeAttribute(list.querySelector('li'));
  const links = [...nav.querySelectorAll<HTMLAnchorElement>('a')];
  const tagOf = (a: HTMLAnchorElement) => /\/stories\/tags\/([^/]+)\/$/.exec(a.pathname)?.[1] ?? '';
  let result: { index: Prepared; rows: StoryRow[]; shown: number; tag: string } | undefined;
  let latest = 0;
  let deck: ReturnType<typeof cards<StoryRow>> | undefined;
  /** The cards, built for this index. */
  const cardsOf = (index: Prepared) => {
    if (!deck) {
      deck = cards<StoryRow>(
        (row) => row[0],
        (row) => card(index, row, item),
      );
      deck.adopt(built.items, (li) => /\/stories\/([^/]+)\/$/.exec(li.querySelector('.card__title a')?.getAttribute('href') ?? '')?.[1]);
    }
    return deck;
  };

  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  const mark = (tag: string) => {
    for (const a of links) {
      if (tagOf(a) === tag && (tag !== '' || firstPage)) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  };

  /** Shows the next page of the result (the first when `fresh`, in place of what was there); returns the first new card's link. */
  const next = (fresh = false): HTMLElement | null => {
    if (!result) return null;
    const { index, rows, shown, tag } = result;
    const slice = cardsOf(index).get(rows.slice(shown, shown + STORIES_PER_PAGE));
    if (fresh) list.replaceChildren(...slice);
    else list.append(...slice);
    result.shown = shown + slice.length;
    say(rows.length === 0 ? `No stories about ${tagLabel(tag).toLowerCase()}.` : `Showing ${result.shown} of ${rows.length} stories about ${tagLabel(tag).toLowerCase()}.`);
    if (more) more.hidden = result.shown >= rows.length;
    return slice[0]?.querySelector<HTMLElement>('a') ?? null;
  };
  showMore(more, () => {
    const first = next();
    rendered(list, result?.rows.length ?? 0);
    return first;
  });

  /** Shows the topic's stories; `address`, for a choice made here, goes in the history once the result is drawn. */
  const draw = async (tag: string, address?: string) => {
    const call = ++latest;
    mark(tag);
    if (tag === '') {
      result = undefined;
      list.replaceChildren(...built.items);
      say(built.status || 'Showing all stories.');
      if (empty) empty.hidden = true;
      if (more) more.hidden = true;
      if (pages) pages.hidden = false;
      rendered(list, -1);
      if (address !== undefined) pushAddress(address);
      return;
    }
    let index: Prepared;
    try {
      index = await load();
    } catch {
      say('The topics could not be loaded. Check your connection and choose again.');
      return;
    }
    if (call !== latest) return;
    result = { index, rows: index.byTag.get(tag) ?? [], shown: 0, tag };
    if (pages) pages.hidden = true;
    next(true);
    if (empty) empty.hidden = result.rows.length > 0;
    rendered(list, result.rows.length);
    if (address !== undefined) pushAddress(address);
  };

  const warm = () => void load().catch(() => undefined);
  nav.addEventListener('focusin', warm, { once: true });
  nav.addEventListener('pointerdown', warm, { once: true });
  nav.addEventListener('click', (event) => {
    const a = (event.target as Element).closest('a');
    if (!a || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const tag = tagOf(a);
    // "All stories" from a later page opens the first page as usual.
    if (tag === '' && !firstPage) return;
    event.preventDefault();
    void draw(tag, tag ? `${ownPath}?tag=${encodeURIComponent(tag)}` : ownPath);
  });
  const fromAddress = () => new URLSearchParams(location.search).get('tag') ?? '';
  addEventListener('popstate', () => void draw(fromAddress()));
  if (fromAddress()) void draw(fromAddress());
}

export {};
