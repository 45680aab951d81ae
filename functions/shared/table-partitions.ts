/**
 * The partitions of the table (see table.ts) each API function may touch, as IAM `StringLike` patterns of the
 * partition key (the table's, and the index's for its queries): its role gets `dynamodb:LeadingKeys` with exactly
 * these (infra/constructs/data-table.ts), so the donations function cannot read a registration, whatever its code
 * asks. Every form function writes its rate-limit windows, remembered answers, used challenges and outbox email jobs.
 * Those with links emailed to an address (registrations, mentoring, newsletter) also put its VerifiedAddress, in the
 * address's `MAILCAP#{hash}` partition beside the mailer's daily counts (shared/verified-address.ts).
 */
import { keys } from './table';

const guardPartitions = ['RATE#*', keys.idempotencyPartition, 'CHALLENGE#*', 'JOB#*'] as const;
/** Where a proven address is recorded (keys.verifiedAddress). */
const provenAddresses = 'MAILCAP#*';

export const functionPartitions = {
  registrations: ['EVENT#*', 'REG#*', provenAddresses, ...guardPartitions],
  mentoring: ['MREQ#*', 'MREQS#*', keys.mentorLoadPartition, keys.mentorshipFeedbackPartition, provenAddresses, ...guardPartitions],
  donations: ['GIFT#*', 'GIFTREF#*', 'FUND#*', ...guardPartitions],
  newsletter: ['SUB#*', 'SUBEMAIL#*', 'SUBS#*', 'SUPPRESSED#*', 'ISSUE#*', 'ISSUES', provenAddresses, ...guardPartitions],
} as const satisfies Record<string, readonly string[]>;

/** What a function off the API path may do in a partition: read (GetItem, Query), also update existing items or create them by UpdateItem, or read and write. */
export type PartitionAccess = 'read' | 'read-update' | 'readwrite';

/**
 * The partitions the functions off the API path touch, by what they do there: each becomes one statement of the
 * function's role with `dynamodb:LeadingKeys` (infra/constructs/mailer.ts, event-schedule.ts, mentoring-schedule.ts,
 * newsletter-sending.ts). Index partitions (`JOBS#*`, `MREQS#*`, `SUBS#*`, `ISSUES`) are listed because a Query on an
 * index names only the index's partition key, which is what the condition then sees (infra/README.md). test/infra/
 * table-access.test.ts reads each function's code for the partitions it names and fails on one not granted here.
 */
export const workerPartitions = {
  /** Claims and records its email jobs and lists those due (GSI1 `JOBS#{status}`), counts form emails per address a day
   *  and reads whether the address is proven (`MAILCAP#{hash}`);
   *  reads, without changing, suppressions, a subscriber's status (newsletter emails) and an issue's digest item. */
  mailer: { 'read-update': ['JOB#*', 'JOBS#*', 'MAILCAP#*'], read: ['SUPPRESSED#*', 'SUB#*', 'ISSUE#*'] },
  /** Events' notices, steps, holds and waitlists (`EVENT#{slug}`, its registrations through GSI1 `EVENT#{slug}#REGS`),
   *  the registrations it changes (promotions, released holds) and the email jobs it owes. */
  eventSchedule: { readwrite: ['EVENT#*', 'REG#*', 'JOB#*'] },
  /** Requests due a step (GSI1 `MREQS#{status}`) and the requests themselves, mentors' places (`MENTORS`: an ended
   *  mentorship gives one back) and the email jobs. Not the feedback partition: only the API records answers. */
  mentoringSchedule: { readwrite: ['MREQ#*', 'MREQS#*', keys.mentorLoadPartition, 'JOB#*'] },
  /** Its issues (`ISSUE#{id}`, GSI1 `ISSUES`, GSI2 `ISSUE#{id}`) and their jobs, the active subscribers (GSI1 `SUBS#{frequency}`);
   *  reads, without changing, mentors' free places and funds' totals for the digest. */
  newsletterIssues: { readwrite: ['ISSUE#*', 'ISSUES', 'SUBS#*', 'JOB#*'], read: [keys.mentorLoadPartition, 'FUND#*'] },
} as const satisfies Record<string, Partial<Record<PartitionAccess, readonly string[]>>>;
