/**
 * Live mentoring availability on static pages (home, mentoring, directory,
 * profiles): the pages are built with what the content says ("Available as
 * mentor", the number of mentors listed as available); this asks
 * `GET /api/mentors/availability` (cached 5 seconds by the browser and the
 * CDN) and shows places free now, a full mentor as fully booked and a paused
 * one as not taking requests. Without scripting, or when the API does not
 * answer, the built text stays and the request links lead to the form, which
 * checks again.
 *
 * Markup: `data-availability="{slug}"` on a mentor's badge; on a profile,
 * `data-availability-request="{slug}"` on the request link and
 * `data-availability-note="{slug}"` on the (hidden) sentence shown instead
 * when they cannot be asked; `data-mentor-count` on a count of mentors with
 * free places. Cards a script draws later (the directory's filters) get the
 * same when their list says it has been drawn (`list:rendered`). A preview of
 * a pull request has no API: the built text stays.
 */
import { hasApi } from '../lib/preview';

type Availability = { free: number; accepting: boolean };

const places = (n: number) => (n === 1 ? '1 place free' : `${n} places free`);
const open = (a: Availability | undefined) => a !== undefined && a.accepting && a.free > 0;

async function load(): Promise<Map<string, Availability> | undefined> {
  try {
    const answer = await fetch('/api/mentors/availability', { headers: { Accept: 'application/json' } });
    if (!answer.ok) return undefined;
    const body = (await answer.json()) as { mentors?: Record<string, unknown> };
    const mentors = new Map<string, Availability>();
    for (const [slug, value] of Object.entries(body.mentors ?? {})) {
      const v = value as Partial<Availability> | null;
      if (typeof v?.free === 'number' && typeof v.accepting === 'boolean') mentors.set(slug, { free: v.free, accepting: v.accepting });
    }
    return mentors;
  } catch {
    return undefined;
  }
}

/** The badges under `root`. */
function showBadges(mentors: Map<string, Availability>, root: ParentNode) {
  for (const badge of root.querySelectorAll<HTMLElement>('[data-availability]')) {
    const a = mentors.get(badge.dataset.availability ?? '');
    if (!a) continue;
    badge.textContent = open(a) ? `Available as mentor · ${places(a.free)}` : a.accepting ? 'Mentor · fully booked right now' : 'Mentor · not taking requests right now';
    badge.classList.toggle('badge--mentor', open(a));
    badge.classList.toggle('badge--unavailable', !open(a));
  }
}

function show(mentors: Map<string, Availability>) {
  showBadges(mentors, document);
  for (const link of document.querySelectorAll<HTMLElement>('[data-availability-request]')) {
    const slug = link.dataset.availabilityRequest ?? '';
    const a = mentors.get(slug);
    if (!a) continue;
    link.toggleAttribute('hidden', !open(a));
    const note = document.querySelector<HTMLElement>(`[data-availability-note="${CSS.escape(slug)}"]`);
    if (note) {
      note.toggleAttribute('hidden', open(a));
      const reason = note.querySelector<HTMLElement>('[data-availability-reason]');
      if (reason) reason.textContent = a.accepting ? 'All their mentoring places are taken right now.' : 'They are not taking mentoring requests right now.';
    }
  }
  const count = [...mentors.values()].filter(open).length;
  for (const el of document.querySelectorAll<HTMLElement>('[data-mentor-count]')) el.textContent = String(count);
}

if (hasApi) {
  const mentors = load();
  void mentors.then((m) => m && show(m));
  // Cards drawn in the browser (the directory's filters) are built as the content says: they get the same.
  document.addEventListener('list:rendered', (event) => void mentors.then((m) => m && event.target instanceof Element && showBadges(m, event.target)));
}
