/**
 * What the newsletter's two emails carry (their job data, see
 * shared/email-jobs.ts): the confirmation of a subscription, and one digest
 * for one subscriber. A digest is chosen for its subscriber when the issue is
 * queued (functions/newsletter/digest.ts) and never changes after that.
 *
 * An issue's job stores it in two parts, so that 50,000 jobs do not each carry
 * (and the jobs' index does not copy) the same stories, events, mentors and
 * funds: the issue's digest item (`IssueDigest`, one per queueing run, written
 * before its jobs and never changed) holds every entry any subscriber's digest
 * can show, and the job (`NewsletterJobData`, well under 1 KB) holds the
 * subscriber's own parts and their picks, by position, from that item. The
 * mailer reads the item once per issue and puts the two together
 * (digest-item.ts). A staff test send carries the whole digest
 * (`NewsletterEmailData`), as jobs written before the split do.
 */

export interface SubscriptionConfirmData {
  subscriptionId: string;
  name?: string | undefined;
  /** `pending`: the link confirms the subscription; `active`: the address is subscribed already, the link manages it. */
  status: 'pending' | 'active';
  /** The site's confirmation page (pending only). */
  confirmUrl?: string | undefined;
  /** The site's preferences page. */
  preferencesUrl: string;
}

export interface DigestStoryItem {
  title: string;
  summary: string;
  url: string;
  /** YYYY-MM-DD. */
  date: string;
}

export interface DigestEventItem {
  title: string;
  summary: string;
  url: string;
  startsAt: string;
  endsAt: string;
  /** The event's IANA zone. */
  timezone: string;
  format: string;
  city?: string | undefined;
  country?: string | undefined;
}

export interface DigestMentorItem {
  name: string;
  role: string;
  organization: string;
  url: string;
  freePlaces: number;
  /** The mentor's topics that the subscriber chose (all the mentor's when the subscriber chose none). */
  topics: string[];
}

export interface DigestFundItem {
  title: string;
  url: string;
  /** Minor units. */
  raised: number;
  goal: number;
  currency: string;
  donors: number;
}

export interface NewsletterEmailData {
  issueId: string;
  subscriptionId: string;
  name?: string | undefined;
  /** "March 2027". */
  title: string;
  /** The subscriber's zone for event times, when they gave one. */
  timeZone?: string | undefined;
  stories: DigestStoryItem[];
  events: DigestEventItem[];
  mentors: DigestMentorItem[];
  funds: DigestFundItem[];
  /** The site's preferences page (a signed link: no account, no password). */
  preferencesUrl: string;
  /** The API's one-click address (RFC 8058), for the List-Unsubscribe header and the footer link. */
  unsubscribeUrl: string;
  siteUrl: string;
  /** A staff test send (`admin newsletter test`): not tied to a subscription. */
  test?: boolean | undefined;
}

/** The entries an issue's digests choose from: one item per queueing run (`ISSUE#{issue}` / `DIGEST#{hash}`), never changed. */
export interface IssueDigest {
  issueId: string;
  /** "March 2027". */
  title: string;
  siteUrl: string;
  stories: DigestStoryItem[];
  events: DigestEventItem[];
  /** Mentors with free places; each subscriber's digest shows the topics that meet theirs. */
  mentors: Array<Omit<DigestMentorItem, 'topics'>>;
  funds: DigestFundItem[];
}

/** One subscriber's digest as their job stores it: their own parts, and picks by position from the issue's digest item. */
export interface NewsletterJobData {
  issueId: string;
  subscriptionId: string;
  /** The sort key of the issue's digest item these picks refer to (`DIGEST#{hash}`). */
  digest: string;
  name?: string | undefined;
  timeZone?: string | undefined;
  /** Positions in the digest item's lists, in the order shown. */
  stories: number[];
  events: number[];
  mentors: Array<{ at: number; topics: string[] }>;
  preferencesUrl: string;
  unsubscribeUrl: string;
}
