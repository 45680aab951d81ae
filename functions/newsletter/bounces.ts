/**
 * SES bounce and complaint notifications, as SES publishes them to the SNS
 * topic of its configuration set's event destination (infra): a permanent
 * bounce or a complaint suppresses each address it names, for every kind of
 * email (see shared/suppression.ts); a transient bounce (mailbox full, a
 * server that was down) is left to the mailer's retries.
 *
 * Both shapes SES documents are read: event publishing through a configuration
 * set (`eventType`: "Bounce" | "Complaint") and the identity notifications
 * (`notificationType`). Anything else (deliveries, opens, a malformed message)
 * is ignored and logged, never retried forever.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import type { Table } from '../shared/clients';
import { logger } from '../shared/logger';
import type { SuppressionReason } from '../shared/suppression';
import { emailHash, indexKeys, keys } from '../shared/table';

interface SesNotification {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType?: string; bounceSubType?: string; bouncedRecipients?: Array<{ emailAddress?: string }>; timestamp?: string };
  complaint?: { complaintFeedbackType?: string; complainedRecipients?: Array<{ emailAddress?: string }>; timestamp?: string };
}

export interface BounceOutcome {
  suppressed: number;
  ignored: number;
}

/** Reads one SES notification (the SNS message's JSON) and suppresses what it says to. */
export async function handleSesNotification(table: Table, message: string, now: Date): Promise<BounceOutcome> {
  let notification: SesNotification;
  try {
    notification = JSON.parse(message) as SesNotification;
  } catch {
    logger.warn('SES notification is not JSON; ignored');
    return { suppressed: 0, ignored: 1 };
  }
  const type = notification.eventType ?? notification.notificationType;
  const addresses = (list: Array<{ emailAddress?: string }> | undefined) => (list ?? []).flatMap((r) => (r.emailAddress ? [bare(r.emailAddress)] : []));
  if (type === 'Bounce' && notification.bounce?.bounceType === 'Permanent') {
    const detail = `Permanent/${notification.bounce.bounceSubType ?? 'General'}`;
    const at = new Date(notification.bounce.timestamp ?? now);
    const to = addresses(notification.bounce.bouncedRecipients);
    for (const address of to) await suppress(table, address, 'bounce', detail, at);
    logger.info('permanent bounce: addresses suppressed', { count: to.length, detail });
    return { suppressed: to.length, ignored: 0 };
  }
  if (type === 'Complaint') {
    const detail = notification.complaint?.complaintFeedbackType ?? 'complaint';
    const at = new Date(notification.complaint?.timestamp ?? now);
    const to = addresses(notification.complaint?.complainedRecipients);
    for (const address of to) await suppress(table, address, 'complaint', detail, at);
    logger.info('complaint: addresses suppressed', { count: to.length, detail });
    return { suppressed: to.length, ignored: 0 };
  }
  logger.info('SES notification ignored', { type: type ?? 'unknown', bounceType: notification.bounce?.bounceType ?? 'none' });
  return { suppressed: 0, ignored: 1 };
}

/** Suppresses an address (again: the latest report wins). */
async function suppress(table: Table, email: string, reason: SuppressionReason, detail: string, at: Date): Promise<void> {
  const hash = emailHash(email);
  const when = at.toISOString();
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.suppression(hash), ...indexKeys.suppressions(when, hash), entity: 'Suppression', hash, reason, detail, at: when },
    }),
  );
}

/** "Name <a@b>" or "a@b" as the bare address. */
const bare = (recipient: string) => (/<([^>]+)>/.exec(recipient)?.[1] ?? recipient).trim();

/** The SNS-subscribed Lambda's body: every record's message. A DynamoDB failure throws, so SNS retries the delivery. */
export function createBounceHandler(table: Table, now: () => Date = () => new Date()) {
  return async (event: SNSEvent): Promise<BounceOutcome> => {
    const total: BounceOutcome = { suppressed: 0, ignored: 0 };
    for (const record of event.Records) {
      const outcome = await handleSesNotification(table, record.Sns.Message, now());
      total.suppressed += outcome.suppressed;
      total.ignored += outcome.ignored;
    }
    return total;
  };
}
