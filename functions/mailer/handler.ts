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
const mailer = createMailer({ table: tableOf(settings.TABLE_NAME, createDynamoDbClient()), ses: createSesClient(), mailFrom: settings.MAIL_FROM });
export const handler = createStreamHandler(mailer);
export const sweepHandler = async () => mailer.sweep();
