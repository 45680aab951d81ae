/** /events/{slug}.ics: one event for the reader's calendar. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { SITE } from '../../consts';
import { calendarResponse, eventsCalendar } from '../../lib/calendar';
import { getEvents, type Event } from '../../lib/content';

export const getStaticPaths = (async () => (await getEvents()).map((event) => ({ params: { slug: event.id }, props: { event } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ event: Event }> = ({ props, site }) =>
  calendarResponse(eventsCalendar([props.event], site ?? new URL('http://localhost:4321'), `${props.event.data.title} · ${SITE.name}`));
