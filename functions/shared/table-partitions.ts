/**
 * The partitions of the table (see table.ts) each API function may touch, as IAM `StringLike` patterns of the
 * partition key (the table's, and the index's for its queries): its role gets `dynamodb:LeadingKeys` with exactly
 * these (infra/constructs/data-table.ts), so the donations function cannot read a registration, whatever its code
 * asks. Every form function writes its rate-limit windows, remembered answers, used challenges and outbox email jobs.
 */
import { keys } from './table';

const guardPartitions = ['RATE#*', keys.idempotencyPartition, 'CHALLENGE#*', 'JOB#*'] as const;

export const functionPartitions = {
  registrations: ['EVENT#*', 'REG#*', ...guardPartitions],
  mentoring: ['MREQ#*', 'MREQS#*', keys.mentorLoadPartition, keys.mentorshipFeedbackPartition, ...guardPartitions],
  donations: ['GIFT#*', 'GIFTREF#*', 'FUND#*', ...guardPartitions],
  newsletter: ['SUB#*', 'SUBEMAIL#*', 'SUBS#*', 'SUPPRESSED#*', 'ISSUE#*', 'ISSUES', ...guardPartitions],
} as const satisfies Record<string, readonly string[]>;
