/**
 * `admin emails suppressed` and `admin emails unsuppress <address>`: the
 * addresses SES reported as bouncing for good or complaining, which get no
 * email of any kind (see functions/shared/suppression.ts). The table holds
 * only each address's hash, so the list shows hashes; `--address` tells
 * whether one given address is suppressed.
 */
import type { Command } from 'commander';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../shared/clients';
import { suppressionOf, toSuppression, type Suppression } from '../shared/suppression';
import { emailHash, gsi1, keys } from '../shared/table';
import type { ContextSource } from './context';
import { AdminError, formatOption, render, type Column, type Format } from './output';

/** Lifts a suppression; answers whether there was one. */
async function unsuppress(table: Table, email: string): Promise<boolean> {
  const result = await table.db.send(new DeleteCommand({ TableName: table.name, Key: keys.suppression(emailHash(email)), ReturnValues: 'ALL_OLD' }));
  return result.Attributes !== undefined;
}

/** Every suppression, newest first. */
async function listSuppressions(table: Table): Promise<Suppression[]> {
  const found: Suppression[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: gsi1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'SUPPRESSIONS' },
        ScanIndexForward: false,
        ExclusiveStartKey,
      }),
    );
    found.push(...(page.Items ?? []).map(toSuppression));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

const columns: Column<Suppression>[] = [
  { header: 'address hash', value: (s) => s.hash },
  { header: 'reason', value: (s) => s.reason },
  { header: 'detail', value: (s) => s.detail },
  { header: 'since', value: (s) => s.at },
];

const checkEmail = (email: string) => {
  if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) throw new AdminError('Give an email address, e.g. amara@example.org.');
};

export function addSuppressionCommands(emails: Command, context: ContextSource): void {
  emails
    .command('suppressed')
    .description('addresses that get no email because SES reported a permanent bounce or a complaint (hashes only)')
    .option('--address <email>', 'only say whether this address is suppressed')
    .addOption(formatOption())
    .action(async (options: { format: Format; address?: string }) => {
      const ctx = await context();
      if (options.address) {
        checkEmail(options.address);
        const found = await suppressionOf(ctx.target.table, options.address);
        ctx.out(found ? `Suppressed since ${found.at}: ${found.reason} (${found.detail}).\n` : 'Not suppressed.\n');
        return;
      }
      ctx.out(render(await listSuppressions(ctx.target.table), columns, options.format, 'No suppressed addresses.'));
    });

  emails
    .command('unsuppress')
    .description('lift the suppression of an address (after its owner fixed the mailbox or asked to hear from us again)')
    .argument('<email>', 'the email address, in any case')
    .action(async (email: string) => {
      checkEmail(email);
      const ctx = await context();
      if (!(await unsuppress(ctx.target.table, email))) throw new AdminError(`${email} is not suppressed: nothing to lift.`);
      ctx.out(`Lifted: ${email} can be sent email again.\n`);
    });
}
