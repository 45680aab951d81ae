/**
 * Whether a benchmark's table still has email jobs to send (pending, or claimed by a sender): what the mailer has
 * left. One item is enough to know, so each status is asked for one index entry: counting them all read the whole
 * jobs index (50,000 entries at the newsletter's size) before every sweep, and that took DynamoDB Local's time
 * from the sends being measured.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../functions/shared/clients';
import { gsi1 } from '../../../functions/shared/table';

export async function hasOpenJobs(table: Table): Promise<boolean> {
  for (const status of ['pending', 'sending']) {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: gsi1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `JOBS#${status}` },
        ProjectionExpression: 'id',
        Limit: 1,
      }),
    );
    if ((page.Items ?? []).length > 0) return true;
  }
  return false;
}
