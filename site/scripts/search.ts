/**
 * Site search with Pagefind. The index is built after `astro build` into
 * /pagefind/ and is fetched only here, only when someone searches. The query
 * lives in the address (?q=…&type=…) so results can be shared and the browser's
 * back button works. Under a base path (a pull request's preview, /pr-123/)
 * the bundle is loaded from /pr-123/pagefind/ and result links get the base
 * too (Pagefind's `baseUrl`): the index holds each page's address relative to
 * the site's root.
 */
interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string; type?: string };
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  debouncedSearch(term: string, options?: Record<string, unknown>, ms?: number): Promise<{ results: Array<{ data(): Promise<PagefindResultData> }> } | null>;
}

const form = document.querySelector<HTMLFormElement>('[data-search-form]');
const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
const status = document.querySelector<HTMLElement>('[data-search-status]');
const list = document.querySelector<HTMLOListElement>('[data-search-results]');
const MAX_RESULTS = 20;

let engine: Promise<Pagefind> | undefined;
function pagefind(): Promise<Pagefind> {
  // A path Vite must not try to bundle: the index exists only in the built site.
  // The base path with a slash at each end ("/", "/pr-123/"; astro.config.mjs has trailingSlash: 'always'), which
  // Vite writes into the bundle.
  const base = import.meta.env.BASE_URL;
  const url = `${base}pagefind/pagefind.js`;
  engine ??= import(/* @vite-ignore */ url).then(async (module: Pagefind) => {
    await module.options({ excerptLength: 24, baseUrl: base });
    return module;
  });
  return engine;
}

const say = (text: string) => {
  if (status) status.textContent = text;
};

function render(results: PagefindResultData[]) {
  if (!list) return;
  list.replaceChildren(
    ...results.map((r) => {
      const item = document.createElement('li');
      const type = document.createElement('p');
      type.className = 'result__type';
      type.textContent = r.meta.type ?? '';
      const heading = document.createElement('h2');
      const link = document.createElement('a');
      link.href = r.url;
      link.textContent = r.meta.title ?? r.url;
      heading.append(link);
      const excerpt = document.createElement('p');
      // Pagefind escapes the page text and marks the matches with <mark>.
      excerpt.innerHTML = r.excerpt;
      item.append(type, heading, excerpt);
      return item;
    }),
  );
}

async function run(term: string, type: string) {
  const query = term.trim();
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  if (type) params.set('type', type);
  history.replaceState(null, '', params.size ? `?${params}` : location.pathname);
  if (!query) {
    say('');
    list?.replaceChildren();
    return;
  }
  try {
    const search = await (await pagefind()).debouncedSearch(query, type ? { filters: { type } } : {}, 250);
    if (search === null) return; // a newer search replaced this one
    const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    render(data);
    const n = search.results.length;
    say(n === 0 ? `Nothing found for “${query}”. Try fewer or other words.` : `${n} ${n === 1 ? 'result' : 'results'} for “${query}”${n > MAX_RESULTS ? `, showing the first ${MAX_RESULTS}` : ''}.`);
  } catch {
    say('Search is not available right now. The index is built with the site (npm run build).');
  }
}

if (form && input) {
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  const wanted = params.get('type') ?? '';
  const radio = form.querySelector<HTMLInputElement>(`input[name="type"][value="${CSS.escape(wanted)}"]`);
  if (radio) radio.checked = true;
  const current = () => [input.value, new FormData(form).get('type')?.toString() ?? ''] as const;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(...current());
  });
  form.addEventListener('input', () => void run(...current()));
  if (input.value) void run(...current());
}

export {};
