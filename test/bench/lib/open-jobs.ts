/** Email jobs still to send (pending, or claimed by a sender) in a benchmark's table: what the mailer has left. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../../functions/shared/clients';
import { gsi1 } from '../../../functions/shared/table';

export async function countOpenJobs(table: Table): Promise<number> {
  let count = 0;
  for (const status of ['pending', 'sending']) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await table.db.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: gsi1,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `JOBS#${status}` },
          Select: 'COUNT',
          ExclusiveStartKey,
        }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return count;
}
