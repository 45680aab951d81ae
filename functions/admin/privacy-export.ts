/**
 * `privacy export` as the person it is about can read it: each record under a
 * heading in plain words, labelled fields, amounts with their currency, dates
 * as dates (ISO 8601) instead of epoch seconds, event and fund titles and
 * mentors' names next to their slugs, and no live capability: links that
 * carry a token (manage a registration, answer a mentor request) are cut to
 * their page, and internal keys, hashes and counters are left out.
 */
import { formatMoneyInFull } from '../../site/lib/format';
import { mentorNaming } from './content';
import type { AdminContext } from './context';

/** Fields that are the table's machinery, not data about the person. */
const internal = new Set([
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'entity',
  'ticket',
  'toldFingerprint',
  'emailKey',
  'emailHash',
  'attempts',
  'dueAt',
  'messageId',
  'lastError',
  'version',
]);
const secretKey = /token|secret|hash|signature/i;

/** What an epoch-seconds field means, by its name. */
const epochLabels: Record<string, string> = { expiresAt: 'deletedAfter' };

/** A URL whose query carries a capability, cut to its page; other strings as they are. */
export function withoutCapability(value: string): string {
  if (!/^https?:\/\//.test(value) || !/[?&#](t|token|sig|signature)=/i.test(value)) return value;
  return `${value.replace(/[?#].*$/, '')} (private link removed: it let its holder act for you)`;
}

function clean(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return withoutCapability(value);
  if (typeof value === 'number' && key in epochLabels) return new Date(value * 1000).toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map((v) => clean(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const record = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(record)) {
      if (internal.has(k) || secretKey.test(k) || v === undefined) continue;
      if (k === 'amount' && typeof v === 'number' && typeof record['currency'] === 'string') {
        out['amount'] = formatMoneyInFull(v, record['currency']);
        continue;
      }
      out[epochLabels[k] ?? k] = clean(v, k);
    }
    return out;
  }
  return value;
}

/** How an address was proven (shared/verified-address.ts), in the holder's words. */
const provenBy: Record<string, string> = {
  'newsletter-confirm': 'you confirmed your newsletter subscription from the link we emailed you',
  'newsletter-preferences': 'you changed your newsletter preferences from the link we emailed you',
  'registration-confirm': 'you confirmed your held place from the link we emailed you',
  'registration-edit': 'you changed your registration from the link we emailed you',
  'registration-cancel': 'you cancelled your registration from the link we emailed you',
  'mentorship-link': 'you used the mentorship link we emailed you',
};

/** The record that the address is the person's: what it means, when and how, and when it goes. */
function addressProof(record: Record<string, unknown>) {
  const { verifiedAt, via, expiresAt } = record;
  return {
    meaning: 'This address is yours: emails you ask for through our forms are not held back by the daily limit per address.',
    provenAt: verifiedAt,
    how: provenBy[String(via)] ?? String(via),
    ...(typeof expiresAt === 'number' ? { deletedAfter: new Date(expiresAt * 1000).toISOString().slice(0, 10) } : {}),
  };
}

type Raw = {
  email: string;
  exportedAt: string;
  registrations: Record<string, unknown>[];
  mentorRequests: Record<string, unknown>[];
  donations: Record<string, unknown>[];
  emailJobs: Record<string, unknown>[];
} & Record<string, unknown>;

export function readablePersonExport(ctx: AdminContext, raw: Raw) {
  const title = (map: Map<string, { title: string }>, slug: unknown) => (typeof slug === 'string' ? map.get(slug)?.title : undefined);
  // A mentor as every staff output names one in data: the slug (`mentor`) and the profile's name (`mentorName`).
  const named = (slug: unknown) => (typeof slug === 'string' && slug ? { mentor: slug, mentorName: mentorNaming(ctx.content.mentors, slug).name } : {});
  const exportedAt = raw.exportedAt.replace(/\.\d{3}Z$/, 'Z');
  // Other kinds of record (newsletter subscriptions, …) cleaned the same way, under their own heading.
  const known = new Set(['email', 'exportedAt', 'registrations', 'mentorRequests', 'donations', 'emailJobs', 'addressProven']);
  const proven = Array.isArray(raw['addressProven']) ? { addressProven: (raw['addressProven'] as Record<string, unknown>[]).map(addressProof) } : {};
  const others = Object.fromEntries(
    Object.entries(raw)
      .filter(([key]) => !known.has(key))
      .map(([key, value]) => [key, clean(value)]),
  );
  return {
    about: `Everything the alumni site holds about ${raw.email.trim()}, as of ${exportedAt}: your event registrations, mentor requests, donations and the emails sent to you or about you. Dates are in UTC (ISO 8601); "deletedAfter" is the day a record is deleted automatically. Private links in emails are shortened to their page.`,
    email: raw.email,
    exportedAt,
    registrations: raw.registrations.map((r) => ({ eventTitle: title(ctx.content.events, r['event']), ...(clean(r) as Record<string, unknown>) })),
    mentorRequests: raw.mentorRequests.map((r) => {
      const request = clean(r) as Record<string, unknown>;
      const suggestions = Array.isArray(request['suggestions']) ? { suggestions: (request['suggestions'] as Record<string, unknown>[]).map((s) => ({ ...s, ...named(s['mentor']) })) } : {};
      return { ...request, ...named(r['mentor']), ...suggestions };
    }),
    donations: raw.donations.map((d) => ({ fundTitle: title(ctx.content.funds, d['fund']), ...(clean(d) as Record<string, unknown>) })),
    ...others,
    ...proven,
    emailJobs: raw.emailJobs.map((job) => {
      const { kind, status, createdAt, sentAt, expiresAt } = job as Record<string, unknown>;
      return clean({ kind, about: String(kind).replaceAll('-', ' '), status, createdAt, sentAt, expiresAt, content: job['data'] });
    }),
  };
}
