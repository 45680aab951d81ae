/**
 * The alumni directory's filters in the browser. Each page lists one page of
 * alumni (everyone, or one filter value) as built; the form narrows the list by
 * any combination of industry, country, class year, language and mentoring.
 *
 * The first time someone uses the form (focus or pointer on it), the filter
 * index /profiles/index.json (one compact row per profile, site/lib/list-index.ts)
 * is fetched; each change then filters all of it in memory and draws the first
 * 12 cards of the result, the same markup as ProfileCard.astro, with "Show more"
 * for the next 12. The choice is kept in the address (/profiles/?industry=technology&mentor=yes,
 * the slugs of the static pages) so it can be shared, and Back and Forward step
 * through it. Choosing the page's own selection again shows the page as built.
 * Without scripting the form is hidden and its values are links to their pages.
 */
import type { DirectoryIndex, ProfileRow } from '../lib/list-index';
import { formatPlace } from '../lib/format';
import { cards, esc, fetchIndex, href, once, pushAddress, rendered, scopeAttribute, showMore } from './list-filter';

/**
 * Cards drawn at a change, and added by each "Show more": four rows of three on a wide screen, more than a phone
 * shows. Half a built page (24): each card drawn costs style, layout and paint in the frame that answers the change.
 */
const DRAWN = 12;

const keys = ['industry', 'country', 'year', 'language'] as const;
type Selection = Record<(typeof keys)[number], string> & { mentor: boolean };

const form = document.querySelector<HTMLFormElement>('[data-directory-filters]');
const list = document.querySelector<HTMLElement>('[data-directory]');
const count = document.querySelector<HTMLElement>('[data-directory-count]');
const empty = document.querySelector<HTMLElement>('[data-directory-empty]');
const more = document.querySelector<HTMLElement>('[data-directory-more]');
const pages = document.querySelector<HTMLElement>('[data-directory-pages]');

interface Prepared extends DirectoryIndex {
  /** Slug → position, per filter. */
  ids: Record<'industry' | 'country' | 'language', Map<string, number>>;
  /** The profiles with each value (by position; years by year), and the mentors, in the directory's order. */
  with: { industry: ProfileRow[][]; country: ProfileRow[][]; language: ProfileRow[][]; year: Map<number, ProfileRow[]>; mentor: ProfileRow[] };
}

const load = once(async (): Promise<Prepared> => {
  const index = await fetchIndex<DirectoryIndex>('profiles/index.json');
  const ids = (values: DirectoryIndex['industries']) => new Map(values.map(([, slug], i) => [slug, i]));
  const lists = (values: DirectoryIndex['industries']) => values.map((): ProfileRow[] => []);
  const found: Prepared['with'] = { industry: lists(index.industries), country: lists(index.countries), language: lists(index.languages), year: new Map(), mentor: [] };
  for (const row of index.profiles) {
    found.industry[row[6]]?.push(row);
    found.country[row[8]]?.push(row);
    for (const language of row[9]) found.language[language]?.push(row);
    const year = found.year.get(row[2]);
    if (year) year.push(row);
    else found.year.set(row[2], [row]);
    if (row[10] === 1) found.mentor.push(row);
  }
  return { ...index, ids: { industry: ids(index.industries), country: ids(index.countries), language: ids(index.languages) }, with: found };
});

function fromForm(f: HTMLFormElement): Selection {
  const data = new FormData(f);
  const text = (name: string) => String(data.get(name) ?? '');
  return { industry: text('industry'), country: text('country'), year: text('year'), language: text('language'), mentor: data.get('mentor') === 'yes' };
}

function fromQuery(params: URLSearchParams): Selection {
  const text = (name: string) => params.get(name) ?? '';
  return { industry: text('industry'), country: text('country'), year: text('year'), language: text('language'), mentor: params.get('mentor') === 'yes' };
}

function toQuery(s: Selection): string {
  const params = new URLSearchParams();
  for (const key of keys) if (s[key]) params.set(key, s[key]);
  if (s.mentor) params.set('mentor', 'yes');
  return params.toString();
}

const same = (a: Selection, b: Selection) => toQuery(a) === toQuery(b);

/** Shows a selection in the form; a value the form does not offer is left out. */
function toForm(f: HTMLFormElement, s: Selection): Selection {
  for (const key of keys) {
    const select = f.elements.namedItem(key) as HTMLSelectElement | null;
    if (!select) continue;
    select.value = [...select.options].some((o) => o.value === s[key]) ? s[key] : '';
  }
  const mentor = f.elements.namedItem('mentor') as HTMLInputElement | null;
  if (mentor) mentor.checked = s.mentor;
  return fromForm(f);
}

/** Every profile matching all the chosen values, in the directory's order: the fewest profiles with one of them, checked for the others. */
function matching(index: Prepared, s: Selection): ProfileRow[] {
  const id = (key: 'industry' | 'country' | 'language') => (s[key] ? (index.ids[key].get(s[key]) ?? -2) : -1);
  const industry = id('industry');
  const country = id('country');
  const language = id('language');
  const year = s.year ? Number(s.year) : -1;
  const mentor = s.mentor;
  const none: ProfileRow[] = [];
  let rows = index.profiles;
  const fewer = (candidates: ProfileRow[] | undefined) => {
    if ((candidates ?? none).length < rows.length) rows = candidates ?? none;
  };
  if (industry !== -1) fewer(index.with.industry[industry]);
  if (country !== -1) fewer(index.with.country[country]);
  if (language !== -1) fewer(index.with.language[language]);
  if (year !== -1) fewer(index.with.year.get(year));
  if (mentor) fewer(index.with.mentor);
  return rows.filter(
    (row) =>
      (industry === -1 || row[6] === industry) &&
      (country === -1 || row[8] === country) &&
      (year === -1 || row[2] === year) &&
      (!mentor || row[10] === 1) &&
      (language === -1 || row[9].includes(language)),
  );
}

const initials = (name: string) => {
  const words = name.split(/\s+/).filter(Boolean);
  return [words[0], words.length > 1 ? words.at(-1) : undefined]
    .map((w) => w?.[0] ?? '')
    .join('')
    .toUpperCase();
};

/** One card, as ProfileCard.astro (level h2) and ProfilePhoto.astro build it. */
function card(index: Prepared, row: ProfileRow, scope: string, item: string): string {
  const [slug, name, year, degree, role, organization, industry, city, country, languages, mentor, photo] = row;
  const image = index.photos[photo];
  const portrait = image
    ? `<img src="${esc(href(image.src))}" srcset="${esc(image.srcset.replace(/(^|,\s*)\//g, `$1${href('/')}`))}" alt="${esc(image.alt)}" width="${image.width}" height="${image.height}" loading="lazy" decoding="async" class="avatar">`
    : `<span class="avatar" aria-hidden="true">${esc(initials(name))}</span>`;
  const badge = mentor ? `<p class="card__footer"${scope}><span class="badge badge--mentor" data-availability="${esc(slug)}"${scope}>Available as mentor</span></p>` : '';
  return (
    `<li${item}><article class="card profile-card"${scope}><div class="card__body"${scope}><div class="profile-card__head"${scope}>${portrait}<div${scope}>` +
    `<h2 class="card__title"${scope}><a href="${esc(href(`/profiles/${slug}/`))}"${scope}>${esc(name)}</a></h2>` +
    `<p class="card__meta"${scope}>Class of ${year} · ${esc(degree)}</p></div></div>` +
    `<p class="profile-card__role"${scope}>${esc(role)}, ${esc(organization)}</p>` +
    `<p class="card__meta"${scope}>${esc(index.industries[industry]![0])} · ${esc(formatPlace(city, index.countries[country]![0]))}</p>` +
    `<p class="card__meta"${scope}>Speaks ${esc(languages.map((l) => index.languages[l]![0]).join(', '))}</p>${badge}</div></article></li>`
  );
}

if (form && list) {
  const base = fromQuery(new URLSearchParams(form.dataset.selection ?? ''));
  const ownPath = location.pathname;
  const built = { items: [...list.children] as HTMLElement[], status: count?.textContent ?? '' };
  const scope = scopeAttribute(list.querySelector('article'));
  const item = scopeAttribute(list.querySelector('li'));
  let result: { index: Prepared; rows: ProfileRow[]; shown: number } | undefined;
  let latest = 0;
  let deck: ReturnType<typeof cards<ProfileRow>> | undefined;
  /** The cards, built for this index. */
  const cardsOf = (index: Prepared) => {
    if (!deck) {
      deck = cards<ProfileRow>(
        (row) => row[0],
        (row) => card(index, row, scope, item),
      );
      deck.adopt(built.items, (li) => /\/profiles\/([^/]+)\/$/.exec(li.querySelector('.card__title a')?.getAttribute('href') ?? '')?.[1]);
    }
    return deck;
  };

  const say = (text: string) => {
    if (count) count.textContent = text;
  };

  /** Shows the next page of the result (the first when `fresh`, in place of what was there); returns the first new card's link. */
  const next = (fresh = false): HTMLElement | null => {
    if (!result) return null;
    const { index, rows, shown: before } = result;
    const slice = cardsOf(index).get(rows.slice(before, before + DRAWN));
    if (fresh) list.replaceChildren(...slice);
    else list.append(...slice);
    result.shown = before + slice.length;
    const total = index.profiles.length;
    say(
      rows.length === 0
        ? `No one matches these filters, of ${total} alumni.`
        : `Showing ${result.shown} of ${rows.length === total ? 'all ' : ''}${rows.length} ${rows.length === total ? 'alumni' : `matching alumni, of ${total}`}.`,
    );
    if (more) more.hidden = result.shown >= rows.length;
    return slice[0]?.querySelector<HTMLElement>('a') ?? null;
  };
  showMore(more, () => {
    const first = next();
    rendered(list, result?.rows.length ?? 0);
    return first;
  });

  /** Shows the selection; `address`, for a choice made here, goes in the history once the result is drawn. */
  const draw = async (s: Selection, address?: string) => {
    const call = ++latest;
    if (same(s, base)) {
      result = undefined;
      list.replaceChildren(...built.items);
      say(built.status);
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
      say('The filters could not be loaded. Check your connection and choose again.');
      return;
    }
    if (call !== latest) return;
    result = { index, rows: matching(index, s), shown: 0 };
    if (pages) pages.hidden = true;
    next(true);
    if (empty) empty.hidden = result.rows.length > 0;
    rendered(list, result.rows.length);
    if (address !== undefined) pushAddress(address);
  };

  const addressOf = (s: Selection) => {
    if (same(s, base)) return ownPath;
    const query = toQuery(s);
    return href(`/profiles/${query ? `?${query}` : ''}`);
  };
  const fromAddress = (): Selection => {
    const params = new URLSearchParams(location.search);
    return location.pathname === ownPath && !keys.some((k) => params.has(k)) && !params.has('mentor') ? base : fromQuery(params);
  };

  const changed = () => {
    const s = fromForm(form);
    void draw(s, addressOf(s));
  };
  // Fetch the index as soon as someone reaches for the filters, so it is usually here by the time they choose.
  const warm = () => void load().catch(() => undefined);
  form.addEventListener('focusin', warm, { once: true });
  form.addEventListener('pointerdown', warm, { once: true });
  form.addEventListener('change', changed);
  form.addEventListener('submit', (event) => event.preventDefault());
  // Clearing means everyone, not the page's own value (which a plain reset would bring back).
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    toForm(form, fromQuery(new URLSearchParams()));
    changed();
  });
  addEventListener('popstate', () => void draw(toForm(form, fromAddress())));

  // A shared address opens with its filters.
  const opened = fromAddress();
  if (!same(opened, base)) void draw(toForm(form, opened));
  else toForm(form, base);
}

export {};
