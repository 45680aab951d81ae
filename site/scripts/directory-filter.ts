/**
 * Filters the alumni directory in place. Without JavaScript the page simply
 * lists everyone; with it, the form appears and each change hides the cards
 * that do not match, says how many remain, and keeps the choice in the address
 * (?industry=…&mentor=yes) so a filtered view can be shared.
 */
const form = document.querySelector<HTMLFormElement>('[data-directory-filters]');
const items = [...document.querySelectorAll<HTMLElement>('[data-directory] > li')];
const count = document.querySelector<HTMLElement>('[data-directory-count]');
const empty = document.querySelector<HTMLElement>('[data-directory-empty]');

type Filters = { industry: string; country: string; year: string; language: string; mentor: boolean };

function read(f: HTMLFormElement): Filters {
  const data = new FormData(f);
  const text = (name: string) => String(data.get(name) ?? '');
  return { industry: text('industry'), country: text('country'), year: text('year'), language: text('language'), mentor: data.get('mentor') === 'yes' };
}

function matches(item: HTMLElement, f: Filters): boolean {
  const d = item.dataset;
  const languages: string[] = JSON.parse(d.languages ?? '[]');
  return (
    (!f.industry || d.industry === f.industry) &&
    (!f.country || d.country === f.country) &&
    (!f.year || d.year === f.year) &&
    (!f.language || languages.includes(f.language)) &&
    (!f.mentor || d.mentor === 'yes')
  );
}

function apply(f: HTMLFormElement) {
  const filters = read(f);
  let shown = 0;
  for (const item of items) {
    const show = matches(item, filters);
    item.hidden = !show;
    if (show) shown += 1;
  }
  if (count) count.textContent = shown === items.length ? `Showing all ${items.length} alumni.` : `Showing ${shown} of ${items.length} alumni.`;
  if (empty) empty.hidden = shown > 0;

  const params = new URLSearchParams();
  for (const key of ['industry', 'country', 'year', 'language'] as const) if (filters[key]) params.set(key, filters[key]);
  if (filters.mentor) params.set('mentor', 'yes');
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

if (form) {
  // Restore a shared view from the address.
  const params = new URLSearchParams(location.search);
  for (const select of form.querySelectorAll('select')) {
    const wanted = params.get(select.name);
    if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  }
  const mentor = form.querySelector<HTMLInputElement>('input[name="mentor"]');
  if (mentor) mentor.checked = params.get('mentor') === 'yes';

  form.addEventListener('change', () => apply(form));
  form.addEventListener('submit', (event) => event.preventDefault());
  // "reset" fires before the fields are cleared.
  form.addEventListener('reset', () => setTimeout(() => apply(form)));
  apply(form);
}

export {};
