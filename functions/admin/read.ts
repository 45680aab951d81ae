/**
 * How the staff tool reads many items: page after page until DynamoDB has
 * no more, with the running count on stderr for the reads that can be long.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { gsi1, gsi2 } from '../shared/table';
import type { AdminContext } from './context';
import type { Progress } from './output';

type StartKey = Record<string, unknown> | undefined;

/** Every page of a Query or Scan: `read` is asked for each page from where the one before stopped. */
export async function* allPages<Page extends { LastEvaluatedKey?: StartKey }>(read: (ExclusiveStartKey: StartKey) => Promise<Page>): AsyncGenerator<Page> {
  let ExclusiveStartKey: StartKey;
  do {
    const page = await read(ExclusiveStartKey);
    yield page;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/**
 * Every item under one partition key of a secondary index, in the index's
 * order (the key attribute is the index name + `PK`, see tableDefinition).
 * `shown`, if given, gets the count read so far after each page.
 */
export async function queryIndexPartition<Item>(ctx: AdminContext, index: typeof gsi1 | typeof gsi2, partitionKey: string, shown?: Progress): Promise<Item[]> {
  const items: Item[] = [];
  const pages = allPages((ExclusiveStartKey) =>
    ctx.target.table.db.send(
      new QueryCommand({
        TableName: ctx.target.table.name,
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk`,
        ExpressionAttributeValues: { ':pk': partitionKey },
        ExclusiveStartKey,
      }),
    ),
  );
  for await (const page of pages) {
    items.push(...((page.Items ?? []) as Item[]));
    shown?.update(items.length);
  }
  shown?.done();
  return items;
}
