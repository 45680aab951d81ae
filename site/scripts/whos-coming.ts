/**
 * Who's coming, on pages of events with `whosComing: true`: read from
 * `GET /api/events/{slug}/attendees` after the page has painted, and shown
 * only when someone chose to be listed. Text only (no markup from the API).
 * A preview of a pull request has no API: the list stays hidden.
 */
import '../islands/zod-jitless';
import { hasApi } from '../lib/preview';
import { attendeesResponse } from '../../functions/schemas/registration';

const section = document.querySelector<HTMLElement>('[data-attendees]');
if (section && hasApi) {
  const show = async () => {
    try {
      const response = await fetch(`/api/events/${encodeURIComponent(section.dataset.attendees ?? '')}/attendees`, { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const parsed = attendeesResponse.safeParse(await response.json());
      if (!parsed.success || parsed.data.attendees.length === 0) return;
      const { attendees, others } = parsed.data;
      const list = section.querySelector('ul')!;
      for (const a of attendees) {
        const item = document.createElement('li');
        item.textContent = a.classYear ? `${a.name}, class of ${a.classYear}` : a.name;
        list.append(item);
      }
      if (others > 0) section.querySelector('[data-attendees-others]')!.textContent = `and ${others} more`;
      section.hidden = false;
    } catch {
      // The list is a nicety: without the API the page stays as it is.
    }
  };
  if ('requestIdleCallback' in window) requestIdleCallback(() => void show());
  else setTimeout(() => void show(), 0);
}
