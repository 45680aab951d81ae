/**
 * The one DynamoDB table behind the API, and its key design.
 *
 * Every item has a string partition key `PK` and sort key `SK`, an `entity`
 * attribute naming what it is, and most carry `expiresAt` (epoch seconds, the
 * table's TTL attribute) so personal data and bookkeeping expire on their own.
 * The table streams NEW_IMAGE to the mailer. Both indexes project ALL attributes (their queries mostly
 * read whole items): items that exist by the thousand keep themselves small instead (see NewsletterDigest).
 *
 * | entity            | PK                    | SK                   | GSI1PK / GSI1SK                         | GSI2PK / GSI2SK               | expires                     |
 * | ----------------- | --------------------- | -------------------- | --------------------------------------- | ----------------------------- | --------------------------- |
 * | EventCounter      | `EVENT#{slug}`        | `COUNTER`            |                                         |                               | event end + retention       |
 * | Registration      | `REG#{id}`            | `REG`                | `EVENT#{slug}#REGS` / `{createdAt}#{id}`| `EMAIL#{hash}` / `REG#{createdAt}` | event end + retention  |
 * | RegistrationEmail | `EVENT#{slug}`        | `EMAIL#{hash}`       |                                         |                               | event end + retention       |
 * | WaitlistEntry     | `EVENT#{slug}`        | `WAIT#{seq:10}`      |                                         |                               | event end + retention       |
 * | HoldEntry         | `EVENT#{slug}`        | `HOLD#{heldUntil}#{id}` |                                      |                               | event end + retention; deleted when the hold ends |
 * | EventNotice       | `EVENT#{slug}`        | `NOTICE`             |                                         |                               | never (no personal data)    |
 * | EventStep         | `EVENT#{slug}`        | `STEP#{step}`        |                                         |                               | never (no personal data)    |
 * | EmailJob          | `JOB#{id}`            | `JOB`                | `JOBS#{status}` / `{dueAt}#{id}` (not when sent) |                      | as the record it is about   |
 * | RateLimit         | `RATE#{family}#{addr}`| `{window start}`     |                                         |                               | window end + 2 minutes      |
 * | Idempotency       | `IDEMPOTENCY`         | `{scope}#{hash}`     |                                         |                               | 24 hours                    |
 * | UsedChallenge     | `CHALLENGE#{signature}` | `USED`             |                                         |                               | challenge expiry + 1 minute |
 * | RecipientCap      | `MAILCAP#{hash}`      | `{UTC day}`          |                                         |                               | the day + 2 days (a hash and a count) |
 * | VerifiedAddress   | `MAILCAP#{hash}`      | `VERIFIED`           |                                         | `EMAIL#{hash}` / `VERIFIED`   | last proof + retention (a hash and a date) |
 * | MentorRequest     | `MREQ#{id}`           | `MREQ`               | `MREQS#{status}` / `{createdAt}#{id}`; pending: `{deliveredAt}#{id}`; accepted: `{next step due}#{id}` | `EMAIL#{hash}` / `MREQ#{createdAt}` | answer (or request, or end) + retention |
 * | MentorLoad        | `MENTORS`             | `LOAD#{slug}`        |                                         |                               | never (no personal data)    |
 * | MentorDay         | `MENTORS`             | `DAY#{slug}#{UTC day}` |                                       |                               | the day + 2 days (a count)  |
 * | MentorshipFeedback| `MFEEDBACK`           | `{stage}#{pseudonym}`|                                         |                               | answer + retention          |
 * | Donation          | `GIFT#{id}`           | `GIFT`               | `FUND#{slug}#GIFTS` / `{createdAt}#{id}`| `EMAIL#{hash}` / `GIFT#{createdAt}` | never (a pledge is a financial record) |
 * | DonationReference | `GIFTREF#{reference}` | `GIFTREF`            |                                         |                               | never                       |
 * | FundCounter       | `FUND#{slug}`         | `COUNTER`            |                                         |                               | never (totals only)         |
 * | FundDonor         | `FUND#{slug}`         | `DONOR#{hash}`       |                                         |                               | never (a hash, no address)  |
 * | Subscription      | `SUB#{id}`            | `SUB`                | `SUBS#{frequency}` / `{id}` (active only) | `EMAIL#{hash}` / `SUB#{createdAt}` | pending: 7 days; unsubscribed: 30 days, without address or preferences |
 * | SubscriptionEmail | `SUBEMAIL#{hash}`     | `SUBEMAIL`           |                                         |                               | with a pending subscription; deleted on unsubscribe |
 * | Suppression       | `SUPPRESSED#{hash}`   | `SUPPRESSED`         | `SUPPRESSIONS` / `{at}#{hash}`          |                               | never (a hash, no address); deleted when staff lift it |
 * | NewsletterIssue   | `ISSUE#{id}`          | `ISSUE`              | `ISSUES` / `{startedAt}#{id}`           |                               | never (counts, no personal data) |
 * | EmailJob (issue)  | `JOB#nl-{issue}-{sub}`| `JOB`                | as EmailJob                             | `ISSUE#{issue}` / `{sub}`     | issue + 30 days             |
 * | NewsletterDigest  | `ISSUE#{id}`          | `DIGEST#{hash}`      |                                         |                               | run + 60 days (no personal data) |
 *
 * `{hash}` of an email is the SHA-256 of the trimmed, lower-cased address
 * (see `emailHash`): keys never hold an address in clear, yet the same address
 * always finds its items. `{addr}` is a hash of the client address too.
 *
 * Access patterns:
 * - Availability of an event: GetItem EventCounter (seats confirmed and waitlisted, next waitlist ticket).
 * - Register: TransactWriteItems of EventCounter (seat condition), RegistrationEmail (must not exist: one
 *   registration per email and event, even under concurrency), Registration, WaitlistEntry (if waitlisted)
 *   and its EmailJob, all or nothing.
 * - Registration by id (manage link): GetItem Registration.
 * - Waitlist of an event in strict order: Query `EVENT#{slug}` with SK begins_with `WAIT#` (strongly
 *   consistent, ascending ticket number); position = count of entries up to one's own ticket.
 * - Registrations of an event (staff export, who's coming, feedback summary, the schedule's fan-outs): Query
 *   GSI1 `EVENT#{slug}#REGS`, a page at a time.
 * - What an event's registrants were last told: GetItem EventNotice (told fields, fingerprint, version = the
 *   calendar files' SEQUENCE); a new version is a Put conditional on the version read, so two runs make one.
 * - The schedule's steps of an event (change notices, reminders, follow-up, recording): Query `EVENT#{slug}`
 *   with SK begins_with `STEP#`; each step saves its GSI1 cursor after every page and `done` at the end. Its
 *   EmailJobs have ids made of registration and step, put with `attribute_not_exists`, so a page written again
 *   (a retried or concurrent run) owes each email once.
 * - Held registrations of an event whose hold has run out (the schedule's release sweep, events with
 *   `confirmWithin`): Query `EVENT#{slug}` with SK between `HOLD#` and `HOLD#{now}` (oldest first). A HoldEntry
 *   is put in the transaction that makes a registration held (registering, a promotion) and deleted in the one
 *   that ends the hold (confirm, release, cancel), so the query reads only live holds, never the whole table.
 *   Release: TransactWriteItems of Registration (condition: still held and `heldUntil` passed), EventCounter
 *   (seats back), RegistrationEmail and HoldEntry deleted, the lapse's EmailJob (a fixed id); confirm is the same
 *   with the condition `heldUntil` not passed, so of a click and a release exactly one wins.
 * - Edit a registration: TransactWriteItems of Registration (condition: status and guests as read) and, when the
 *   seats change, EventCounter (condition for more seats: they fit and nobody waits) or the WaitlistEntry's seats.
 * - Everything held about an email address (privacy export/erasure): Query GSI2 `EMAIL#{hash}`.
 * - Email jobs due or failed (mailer sweep, staff): Query GSI1 `JOBS#pending` up to now, `JOBS#sending`
 *   with an expired lease, `JOBS#failed`. Sent jobs leave the index (sparse).
 * - A mentor's requests per day (the mentor queue): UpdateItem MentorDay, ADD requests with the condition
 *   requests < the daily number, trying the next day until one has room (functions/mentoring/queue.ts).
 * - Form emails to one address today (mailer, before a form-triggered kind): UpdateItem RecipientCap, ADD sent
 *   with the condition sent < cap (functions/mailer/recipient-cap.ts); first a GetItem of the address's VerifiedAddress:
  an address whose holder acted on a signed link emailed to it is not capped (functions/shared/verified-address.ts).
  Each such action puts the VerifiedAddress again (idempotent), moving its expiry on.
 * - Rate limit: UpdateItem ADD on the window's RateLimit item. `{family}` is a route family (per client: an IPv4
 *   address or IPv6 /64) or `event-network#{slug}` (per event and network: an IPv4 /24 or IPv6 /48, one-hour
 *   windows, in the registration's own transaction).
 * - Proof of work: a conditional Put of UsedChallenge (must not exist: one write per solved challenge), in the registration's own transaction for registrations.
 * - Idempotency: Powertools' DynamoDB persistence layer on `IDEMPOTENCY` items.
 * - Mentors' free places: one Query of `MENTORS` gives every mentor's accepted mentees (`active`); a mentor
 *   without an item has none. Accept: TransactWriteItems of MentorRequest (condition: still pending),
 *   MentorLoad (condition: `active` below the mentor's capacity, so capacity holds under concurrency) and
 *   the introduction's EmailJob. Request by id (the mentor's links): GetItem MentorRequest.
 * - Mentor requests by status (staff queue, report): Query GSI1 `MREQS#{status}` (`pending`, `accepted`,
 *   `declined`, `expired`, `ended`).
 * - Mentoring schedule (functions/mentoring/lifecycle.ts): pending requests to remind or expire, Query GSI1
 *   `MREQS#pending` with GSI1SK below now − 3 days (oldest first; a pending request's GSI1SK is when it reached the
 *   mentor, `deliveredAt`: at once, or when its email waited in the mentor queue and fell due, written in the same
 *   transaction as that queued email, so the days count from delivery; requests from before have `createdAt`); mentorships with a step due (check-in,
 *   the note a week before the end, the end), Query GSI1 `MREQS#accepted` with GSI1SK up to now: an accepted
 *   request's GSI1SK is the time of its next step, moved on by each step in the same write. Mentorships
 *   accepted before that have `{createdAt}#{id}` there, so the first run finds and migrates them.
 * - End a mentorship: TransactWriteItems of MentorRequest (condition: still accepted) and MentorLoad
 *   (ADD active −1), with the end emails, so a mentor's `active` always equals their accepted requests.
 *   Pause: UpdateItem `paused` on the MentorLoad item (suggestions and availability read it).
 * - Mentorship feedback: PutItem/UpdateItem by key, `{pseudonym}` a keyed hash (signing secret) of request,
 *   side and stage: a second answer replaces the first; nothing in the item names the request or a person.
 *   Report: Query `MFEEDBACK`.
 * - Pledge: TransactWriteItems of FundCounter (ADD raised, pledges and, for a new donor, donors), FundDonor
 *   (must not exist for a first pledge from this address to this fund; else counted up), DonationReference
 *   (must not exist: references are unique), Donation and its receipt's EmailJob.
 * - Fund progress: GetItem FundCounter. Pledges of a fund (staff export): Query GSI1 `FUND#{slug}#GIFTS`.
 * - Subscribe: GetItem SubscriptionEmail (the address's one subscription); a new address is TransactWriteItems of
 *   SubscriptionEmail (must not exist), the pending Subscription and its confirmation EmailJob; a known one sends
 *   again only through an update of SubscriptionEmail conditioned on `confirmationSentAt` a day old (one a day).
 * - Subscription by id (signed links): GetItem Subscription. Confirm: Update (condition: pending) that adds the
 *   GSI1 keys. Unsubscribe: the Subscription becomes a tombstone without address or preferences, and the
 *   SubscriptionEmail is deleted, in one transaction.
 * - Subscribers of an issue: Query GSI1 `SUBS#weekly` and `SUBS#monthly`, paged, with the page's last key kept
 *   on the NewsletterIssue (`cursor`) so a send resumes after a crash. Each job is a conditional PutItem with
 *   the id `nl-{issue}-{sub}` (must not exist): a resumed page writes nobody twice.
 * - An issue's digest item: each queueing run PutItem (must not exist) `ISSUE#{issue}` / `DIGEST#{hash of its content}`
 *   before its jobs: every entry the issue's digests can show. A job holds only the subscriber's picks from it (by
 *   position) and its sort key, so an issue's jobs stay about 1 KB each and neither the table nor GSI1/GSI2 copy the
 *   same digest per subscriber; the mailer GetItems it once per issue.
 * - Jobs of an issue (status, counts): Query GSI2 `ISSUE#{issue}`. Issues, latest first: Query GSI1 `ISSUES`.
 * - Before every send (the mailer): GetItem Suppression of the recipient's hash. Staff list: Query GSI1
 *   `SUPPRESSIONS`.
 */
import { createHash } from 'node:crypto';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** The TTL attribute: epoch seconds. */
export const ttlAttribute = 'expiresAt';

export const gsi1 = 'GSI1';
export const gsi2 = 'GSI2';

export const keys = {
  eventCounter: (slug: string) => ({ PK: `EVENT#${slug}`, SK: 'COUNTER' }),
  registration: (id: string) => ({ PK: `REG#${id}`, SK: 'REG' }),
  registrationEmail: (slug: string, emailKey: string) => ({ PK: `EVENT#${slug}`, SK: `EMAIL#${emailKey}` }),
  waitlistEntry: (slug: string, ticket: number) => ({ PK: `EVENT#${slug}`, SK: `WAIT#${String(ticket).padStart(10, '0')}` }),
  waitlistPrefix: 'WAIT#',
  holdEntry: (slug: string, heldUntil: string, id: string) => ({ PK: `EVENT#${slug}`, SK: `HOLD#${heldUntil}#${id}` }),
  holdPrefix: 'HOLD#',
  eventNotice: (slug: string) => ({ PK: `EVENT#${slug}`, SK: 'NOTICE' }),
  eventStep: (slug: string, step: string) => ({ PK: `EVENT#${slug}`, SK: `STEP#${step}` }),
  emailJob: (id: string) => ({ PK: `JOB#${id}`, SK: 'JOB' }),
  rateLimit: (family: string, addressKey: string, windowStart: number) => ({ PK: `RATE#${family}#${addressKey}`, SK: String(windowStart) }),
  idempotencyPartition: 'IDEMPOTENCY',
  usedChallenge: (signature: string) => ({ PK: `CHALLENGE#${signature}`, SK: 'USED' }),
  recipientCap: (emailKey: string, day: string) => ({ PK: `MAILCAP#${emailKey}`, SK: day }),
  verifiedAddress: (emailKey: string) => ({ PK: `MAILCAP#${emailKey}`, SK: 'VERIFIED' }),
  networkRateLimitFamily: (slug: string) => `event-network#${slug}`,
  mentorRequest: (id: string) => ({ PK: `MREQ#${id}`, SK: 'MREQ' }),
  mentorLoad: (slug: string) => ({ PK: 'MENTORS', SK: `LOAD#${slug}` }),
  mentorDay: (slug: string, day: string) => ({ PK: 'MENTORS', SK: `DAY#${slug}#${day}` }),
  mentorLoadPartition: 'MENTORS',
  mentorLoadPrefix: 'LOAD#',
  mentorshipFeedback: (stage: string, pseudonym: string) => ({ PK: 'MFEEDBACK', SK: `${stage}#${pseudonym}` }),
  mentorshipFeedbackPartition: 'MFEEDBACK',
  donation: (id: string) => ({ PK: `GIFT#${id}`, SK: 'GIFT' }),
  donationReference: (reference: string) => ({ PK: `GIFTREF#${reference}`, SK: 'GIFTREF' }),
  fundCounter: (slug: string) => ({ PK: `FUND#${slug}`, SK: 'COUNTER' }),
  fundDonor: (slug: string, emailKey: string) => ({ PK: `FUND#${slug}`, SK: `DONOR#${emailKey}` }),
  subscription: (id: string) => ({ PK: `SUB#${id}`, SK: 'SUB' }),
  subscriptionEmail: (emailKey: string) => ({ PK: `SUBEMAIL#${emailKey}`, SK: 'SUBEMAIL' }),
  suppression: (emailKey: string) => ({ PK: `SUPPRESSED#${emailKey}`, SK: 'SUPPRESSED' }),
  newsletterIssue: (id: string) => ({ PK: `ISSUE#${id}`, SK: 'ISSUE' }),
  issueDigest: (id: string, sortKey: string) => ({ PK: `ISSUE#${id}`, SK: sortKey }),
} as const;

export const indexKeys = {
  eventRegistrations: (slug: string, createdAt: string, id: string) => ({ GSI1PK: `EVENT#${slug}#REGS`, GSI1SK: `${createdAt}#${id}` }),
  personRegistration: (emailKey: string, createdAt: string) => ({ GSI2PK: `EMAIL#${emailKey}`, GSI2SK: `REG#${createdAt}` }),
  jobsByStatus: (status: 'pending' | 'sending' | 'failed', dueAt: string, id: string) => ({ GSI1PK: `JOBS#${status}`, GSI1SK: `${dueAt}#${id}` }),
  mentorRequestsByStatus: (status: string, createdAt: string, id: string) => ({ GSI1PK: `MREQS#${status}`, GSI1SK: `${createdAt}#${id}` }),
  personMentorRequest: (emailKey: string, createdAt: string) => ({ GSI2PK: `EMAIL#${emailKey}`, GSI2SK: `MREQ#${createdAt}` }),
  fundDonations: (slug: string, createdAt: string, id: string) => ({ GSI1PK: `FUND#${slug}#GIFTS`, GSI1SK: `${createdAt}#${id}` }),
  personDonation: (emailKey: string, createdAt: string) => ({ GSI2PK: `EMAIL#${emailKey}`, GSI2SK: `GIFT#${createdAt}` }),
  activeSubscribers: (frequency: string, id: string) => ({ GSI1PK: `SUBS#${frequency}`, GSI1SK: id }),
  personSubscription: (emailKey: string, createdAt: string) => ({ GSI2PK: `EMAIL#${emailKey}`, GSI2SK: `SUB#${createdAt}` }),
  personVerifiedAddress: (emailKey: string) => ({ GSI2PK: `EMAIL#${emailKey}`, GSI2SK: 'VERIFIED' }),
  suppressions: (at: string, emailKey: string) => ({ GSI1PK: 'SUPPRESSIONS', GSI1SK: `${at}#${emailKey}` }),
  newsletterIssues: (startedAt: string, id: string) => ({ GSI1PK: 'ISSUES', GSI1SK: `${startedAt}#${id}` }),
  issueJobs: (issueId: string, subscriptionId: string) => ({ GSI2PK: `ISSUE#${issueId}`, GSI2SK: subscriptionId }),
} as const;

/** The key under which an email address is found: the same for any spelling of its case and surrounding spaces. */
export function emailHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

/** Epoch seconds `days` after `from`: when retained personal data expires. */
export function expiryAfter(from: Date | string, days: number): number {
  return Math.floor(new Date(from).getTime() / 1000) + Math.round(days * 86_400);
}

/** The table as CreateTable describes it: used for DynamoDB Local and mirrored by the CDK construct. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const stringKey = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'].map(stringKey),
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [gsi1, gsi2].map((name) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: `${name}PK`, KeyType: 'HASH' as const },
        { AttributeName: `${name}SK`, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  };
}
