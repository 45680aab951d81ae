/**
 * The email outbox. A write that owes someone an email puts an EmailJob item
 * in the same transaction as the record itself, so the email is owed exactly
 * when the record exists. The mailer (functions/mailer) sends it from the
 * table's stream and records the outcome on the job.
 *
 * Job lifecycle (status): pending → sending (leased) → sent, or back to
 * pending with a later `dueAt` after a failure, or failed (parked for staff)
 * after too many failures. Pending, sending and failed jobs are listed in GSI1
 * under `JOBS#{status}`, ordered by `dueAt`; sent jobs leave that index.
 *
 * A job holds everything its email needs (a snapshot), so the mailer needs no
 * other reads and no secrets; one exception: a newsletter issue's job holds
 * the subscriber's picks from the digest item, which the mailer reads
 * once per issue (functions/newsletter/digest-item.ts). Add a kind by adding it to `EmailJobKinds` and a
 * template for it in functions/mailer/templates.
 */
import type { EventStatus } from '../../site/schemas/event-lifecycle';
import type { EventFormat, MentoringFormat } from '../../site/schemas/vocabularies';
import type { EventChangeData, EventFollowUpData, EventAnnouncementData, EventRecordingData, EventReminderData } from './event-email-data';
import type { DonationFrequency } from '../schemas/donation';
import type { MentoringRole } from '../schemas/mentor-request';
import type { RegistrationStatus } from '../schemas/registration';
import type { NewsletterEmailData, NewsletterJobData, SubscriptionConfirmData } from '../newsletter/emails';
import { indexKeys, keys } from './table';

/** What an email about an event needs to know of the event. */
export interface EventSnapshot {
  slug: string;
  title: string;
  summary: string;
  startsAt: string;
  endsAt: string;
  /** IANA name, e.g. Europe/Berlin. */
  timezone: string;
  format: EventFormat;
  venue?: string | undefined;
  city?: string | undefined;
  country?: string | undefined;
  /** Only ever sent to registrants. */
  onlineUrl?: string | undefined;
  /** The event's page on the site. */
  url: string;
  /** scheduled, postponed or cancelled (jobs written before it existed lack it: scheduled). */
  status?: EventStatus | undefined;
  statusNote?: string | undefined;
}

export interface RegistrationEmailData {
  registrationId: string;
  name: string;
  seats: number;
  guests: number;
  event: EventSnapshot;
  manageUrl: string;
  /** The registrant's own IANA time zone, when the form sent it. */
  timeZone?: string | undefined;
  /** The calendar file's SEQUENCE (see mailer/calendar.ts): 0 when left out. */
  sequence?: number | undefined;
}

/** A held registration's email (events with `confirmWithin`): the seats are its until `heldUntil`, if the registrant confirms from `confirmUrl`. */
export interface HeldRegistrationEmailData extends RegistrationEmailData {
  heldUntil: string;
  /** The manage page with `&confirm=1`, whose button confirms (a link alone must not: mail scanners open links). */
  confirmUrl: string;
  /** Sent again because the address registered again while held. */
  again?: boolean | undefined;
}

/** A mentor suggested to someone, with the plain reasons (see functions/mentoring/matching.ts). */
export interface SuggestionSnapshot {
  mentor: string;
  name: string;
  score: number;
  reasons: string[];
  /** The mentor's profile page on the site. */
  url: string;
  /** A one-click request to this mentor that carries over what the requester wrote (after a decline or an expiry). */
  askUrl?: string | undefined;
}

/** What emails about a mentor request need: the request as the requester wrote it, never their address. */
export interface MentorRequestEmailData {
  requestId: string;
  name: string;
  role: MentoringRole;
  program?: string | undefined;
  classYear?: number | undefined;
  country?: string | undefined;
  goals: string;
  topics: string[];
  industries?: string[] | undefined;
  languages?: string[] | undefined;
  format: MentoringFormat;
  /** The mentor asked, when there is one. */
  mentor?: { slug: string; name: string; url: string } | undefined;
  suggestions: SuggestionSnapshot[];
  /** The mentoring page, to ask someone else. */
  mentoringUrl: string;
  /** The guidelines for mentors and mentees (jobs written before it existed lack it). */
  guidelinesUrl?: string | undefined;
}

/** The mentor's own links to stop and restart new requests (in every email a mentor gets alone). */
export interface MentorPauseLinks {
  pauseUrl: string;
  resumeUrl: string;
}

export interface MentorRequestToMentorData extends MentorRequestEmailData, Partial<MentorPauseLinks> {
  mentor: { slug: string; name: string; url: string };
  acceptUrl: string;
  declineUrl: string;
}

/** One-tap answers to "have you met, and how is it going?": a rating link per score (having met), and "not yet". */
export interface FeedbackLinks {
  /** Index 0 is a rating of 1. */
  ratings: string[];
  notMet: string;
}

/** What an email about a running or ended mentorship needs, for one of the two people in it. */
export interface MentorshipEmailData extends Partial<MentorPauseLinks> {
  requestId: string;
  /** Whom this copy is for. */
  role: 'mentor' | 'mentee';
  /** The recipient's name, and the other person's. */
  name: string;
  otherName: string;
  format: MentoringFormat;
  topics: string[];
  acceptedAt: string;
  endsAt: string;
  /** Who ended it (mentorship-ended only). */
  endedBy?: 'mentor' | 'mentee' | 'staff' | 'schedule' | undefined;
  /** The recipient's link to end the mentorship (while it runs). */
  endUrl?: string | undefined;
  /** The mentor's link to extend it by one more span (ending soon). */
  extendUrl?: string | undefined;
  /** Check-in and end survey. */
  feedback?: FeedbackLinks | undefined;
  guidelinesUrl: string;
  mentoringUrl: string;
}

export interface MentorIntroductionData extends MentorRequestEmailData {
  mentor: { slug: string; name: string; url: string };
  /** The requester's address, so that the mentor sees it in the email they are copied on. */
  requesterEmail: string;
}

export interface DonationReceiptData {
  donationId: string;
  reference: string;
  name: string;
  amount: number;
  currency: string;
  frequency: DonationFrequency;
  anonymous: boolean;
  dedication?: string | undefined;
  fund: { slug: string; title: string; url: string };
  pledgedAt: string;
}

/** Every kind of email, with the data its template needs. */
export interface EmailJobKinds {
  'registration-confirmed': RegistrationEmailData;
  'registration-waitlisted': RegistrationEmailData;
  'registration-promoted': RegistrationEmailData;
  'registration-cancelled': RegistrationEmailData;
  'registration-manage-link': RegistrationEmailData & { status: Exclude<RegistrationStatus, 'cancelled'> };
  /** Seat holds (store/holds.ts): the held place (capped, from a form), moved up and held, confirmed (with the calendar file), lapsed (capped). */
  'registration-held': HeldRegistrationEmailData;
  'registration-promoted-held': HeldRegistrationEmailData;
  'registration-hold-confirmed': RegistrationEmailData;
  'registration-hold-lapsed': RegistrationEmailData & { heldUntil: string };
  'event-changed': EventChangeData;
  'event-reminder': EventReminderData;
  'event-follow-up': EventFollowUpData;
  'event-recording': EventRecordingData;
  'event-announcement': EventAnnouncementData;
  'mentor-request': MentorRequestToMentorData;
  'mentor-request-received': MentorRequestEmailData;
  'mentor-introduction': MentorIntroductionData;
  'mentor-declined': MentorRequestEmailData;
  'mentor-request-reminder': MentorRequestToMentorData;
  'mentor-request-expired': MentorRequestEmailData;
  'mentorship-started': MentorshipEmailData;
  'mentorship-check-in': MentorshipEmailData;
  'mentorship-ending-soon': MentorshipEmailData;
  'mentorship-ended': MentorshipEmailData;
  'donation-receipt': DonationReceiptData;
  'subscription-confirm': SubscriptionConfirmData;
  newsletter: NewsletterEmailData;
}

/**
 * A mentor as a recipient: the address is looked up by the mailer when it
 * sends (MENTOR_EMAILS_FILE / MENTOR_EMAILS_ARN), so mentors' addresses are
 * never in content, in the table or in the API functions.
 */
export interface MentorRecipient {
  mentor: string;
}
export type Recipient = string | MentorRecipient;

export type EmailKind = keyof EmailJobKinds;

/** What a job of a kind stores: what its template renders, except that an issue's digest may be picks from the digest item. */
export type StoredJobData<K extends EmailKind> = K extends 'newsletter' ? NewsletterEmailData | NewsletterJobData : EmailJobKinds[K];
/** `suppressed`: not sent, because the address is suppressed (a bounce or complaint) or, for a newsletter, no longer subscribed. */
export type JobStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'suppressed';

export interface EmailJob<K extends EmailKind = EmailKind> {
  PK: string;
  SK: string;
  entity: 'EmailJob';
  id: string;
  kind: K;
  to: Recipient;
  /** Copied in, e.g. the mentor on an introduction. */
  cc?: Recipient;
  data: StoredJobData<K>;
  status: JobStatus;
  attempts: number;
  createdAt: string;
  /** When the next attempt is due (pending) or the lease ends (sending). */
  dueAt: string;
  sentAt?: string;
  messageId?: string;
  /** The last failure's error name and message: never the address or content. */
  lastError?: string;
  expiresAt: number;
  GSI1PK?: string;
  GSI1SK?: string;
}

/** An email job, due now or, with `dueAt`, not before then (the mailer's sweep sends it when it falls due). */
export function emailJobItem<K extends EmailKind>(input: {
  id: string;
  kind: K;
  to: Recipient;
  cc?: Recipient;
  data: EmailJobKinds[K] | StoredJobData<K>;
  expiresAt: number;
  now: Date;
  dueAt?: Date;
}): EmailJob<K> {
  const at = input.now.toISOString();
  const due = input.dueAt && input.dueAt > input.now ? input.dueAt.toISOString() : at;
  return {
    ...keys.emailJob(input.id),
    entity: 'EmailJob',
    id: input.id,
    kind: input.kind,
    to: input.to,
    ...(input.cc !== undefined ? { cc: input.cc } : {}),
    data: input.data as StoredJobData<K>,
    status: 'pending',
    attempts: 0,
    createdAt: at,
    dueAt: due,
    expiresAt: input.expiresAt,
    ...indexKeys.jobsByStatus('pending', due, input.id),
  };
}
