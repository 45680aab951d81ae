/**
 * The mailer Lambda. `handler`: the table's DynamoDB Streams consumer
 * (ReportBatchItemFailures on). `sweepHandler`: run every minute by a
 * schedule; sends jobs whose retry is due and jobs whose sender died.
 */
import { createDynamoDbClient, createSesClient, tableOf } from '../shared/clients';
import { loadSettings } from '../shared/config';
import { createMailer } from './mailer';
import { createStreamHandler } from './stream';

const settings = loadSettings(['TABLE_NAME', 'MAIL_FROM']);
// The stage's SES sending rate (infra sets it): neither the stream nor the sweep sends faster, so a newsletter issue goes out at it.
const sendRatePerSecond = Number(process.env.SEND_RATE_PER_SECOND) || undefined;
const mailer = createMailer({
  table: tableOf(settings.TABLE_NAME, createDynamoDbClient()),
  ses: createSesClient(),
  mailFrom: settings.MAIL_FROM,
  ...(sendRatePerSecond ? { sendRatePerSecond, maxSendRate: sendRatePerSecond } : {}),
});
export const handler = createStreamHandler(mailer);
// Stops taking jobs 10 s before the time limit, so no send is cut off before its outcome is recorded.
export const sweepHandler = async (_event?: unknown, context?: { getRemainingTimeInMillis(): number }) =>
  mailer.sweep(context ? { deadline: Date.now() + context.getRemainingTimeInMillis() - 10_000 } : {});
