/** /events.ics: every event as a calendar feed readers subscribe to. */
import type { APIRoute } from 'astro';
import { SITE } from '../consts';
import { calendarResponse, eventsCalendar } from '../lib/calendar';
import { getEvents } from '../lib/content';

export const GET: APIRoute = async ({ site }) => calendarResponse(eventsCalendar(await getEvents(), site ?? new URL('http://localhost:4321'), `${SITE.name} events`));
