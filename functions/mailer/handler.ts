/**
 * The mailer Lambda. `handler`: the table's DynamoDB Streams consumer
 * (ReportBatchItemFailures on). `sweepHandler`: run every minute by a
 * schedule; sends jobs whose retry is due and jobs whose sender died.
 */
import { loadSettings } from '../shared/config';
import { createMailer } from './mailer';
import { createStreamHandler } from './stream';

const settings = loadSettings(['TABLE_NAME', 'MAIL_FROM']);
export const mailer = createMailer({ tableName: settings.TABLE_NAME, mailFrom: settings.MAIL_FROM });
export const handler = createStreamHandler(mailer);
export const sweepHandler = async () => mailer.sweep();
