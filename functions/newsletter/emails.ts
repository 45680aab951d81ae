/**
 * What the newsletter's two emails carry (their job data, see
 * shared/email-jobs.ts): the confirmation of a subscription, and one digest
 * for one subscriber. A digest job is a snapshot of that subscriber's issue,
 * chosen when the issue was sent (functions/newsletter/digest.ts), so the
 * mailer renders it without reading anything else.
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
