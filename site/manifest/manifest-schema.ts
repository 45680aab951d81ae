/**
 * The content manifest: what the API needs to know about events, mentors and
 * funds, generated from `content/` so that Markdown stays the one source of
 * truth. The site build and the functions both read it.
 */
import { z } from 'zod';
import { eventStatuses } from '../schemas/event-lifecycle';
import { eventFormats, mentoringFormats } from '../schemas/vocabularies';

const instant = z.iso.datetime({ offset: true });

export const manifestEvent = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  startsAt: instant,
  endsAt: instant,
  timezone: z.string(),
  format: z.enum(eventFormats),
  venue: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  /** Sent to registrants only. */
  onlineUrl: z.string().optional(),
  /** null: unlimited. */
  capacity: z.number().int().nullable(),
  maxGuests: z.number().int(),
  opensAt: instant.nullable(),
  closesAt: instant,
  /** scheduled, postponed or cancelled (a cancelled event takes no registrations). */
  status: z.enum(eventStatuses),
  statusNote: z.string().optional(),
  /** Offsets before the start, e.g. ["2d", "2h"]. */
  reminders: z.array(z.string()),
  recordingUrl: z.string().optional(),
  materials: z.array(z.object({ label: z.string(), url: z.string() })),
  whosComing: z.boolean(),
  /** How long a new registration's seats are held for the emailed confirm link, e.g. "2h"; absent: no hold. */
  confirmWithin: z.string().optional(),
});

export const manifestMentor = z.object({
  slug: z.string(),
  name: z.string(),
  role: z.string(),
  organization: z.string(),
  industry: z.string(),
  city: z.string(),
  country: z.string(),
  languages: z.array(z.string()),
  available: z.boolean(),
  capacity: z.number().int(),
  topics: z.array(z.string()),
  formats: z.array(z.enum(mentoringFormats)),
});

export const manifestFund = z.object({
  slug: z.string(),
  title: z.string(),
  goal: z.number().int(),
  currency: z.string(),
  closes: z.iso.date().nullable(),
});

export const contentManifest = z.object({
  generatedAt: instant,
  events: z.array(manifestEvent),
  mentors: z.array(manifestMentor),
  funds: z.array(manifestFund),
});

export type ContentManifest = z.infer<typeof contentManifest>;
export type ManifestEvent = z.infer<typeof manifestEvent>;
export type ManifestMentor = z.infer<typeof manifestMentor>;
export type ManifestFund = z.infer<typeof manifestFund>;
