/**
 * The Lambda subscribed to the SNS topic of the SES configuration set's event
 * destination (infra/constructs/bounce-suppression.ts): bounces and complaints
 * suppress the addresses they name (bounces.ts). It needs only the table.
 */
import { createDynamoDbClient, tableOf } from '../shared/clients';
import { loadSettings } from '../shared/config';
import { createBounceHandler } from './bounces';

const settings = loadSettings(['TABLE_NAME']);

export const handler = createBounceHandler(tableOf(settings.TABLE_NAME, createDynamoDbClient()));
