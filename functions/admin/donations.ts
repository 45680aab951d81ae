/**
 * `admin donations …`: pledge totals by fund and month, and the pledges as
 * CSV for the finance office. Totals are summed from the pledges themselves
 * (erased pledges keep their amounts), next to the fund's running counter
 * that the site shows, so a difference would be plain to see.
 */
import { Command, Option } from 'commander';
import { gsi1, indexKeys } from '../shared/table';
import { fundTotals, type DonationItem } from '../donations/store';
import type { AdminContext, ContextSource } from './context';
import { AdminError, formatOption, outputOption, progress, render, type Column, type Format } from './output';
import { queryIndexPartition } from './read';

/** Every pledge of a fund, oldest first. */
export function fundPledges(ctx: AdminContext, fund: string, shown = progress(ctx.stderr, `Reading pledges of ${fund}`)): Promise<DonationItem[]> {
  return queryIndexPartition<DonationItem>(ctx, gsi1, indexKeys.fundDonations(fund, '', '').GSI1PK, shown);
}

/** Minor units as a decimal amount in the currency's own digits: 123450 USD → "1234.50", 5000 JPY → "5000". */
export function majorUnits(amount: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (amount / 10 ** digits).toFixed(digits);
}

export interface TotalRow {
  fund: string;
  month: string;
  currency: string;
  pledges: number;
  amount: number;
  /** Distinct donors: only for a fund's total (the fund's counter). */
  donors?: number;
}

export async function totalRows(ctx: AdminContext, funds: string[]): Promise<TotalRow[]> {
  const rows: TotalRow[] = [];
  for (const slug of funds) {
    const currency = ctx.content.funds.get(slug)?.currency ?? '';
    const byMonth = new Map<string, TotalRow>();
    for (const p of await fundPledges(ctx, slug)) {
      const month = p.createdAt.slice(0, 7);
      const row = byMonth.get(month) ?? { fund: slug, month, currency: p.currency, pledges: 0, amount: 0 };
      row.pledges++;
      row.amount += p.amount;
      byMonth.set(month, row);
    }
    rows.push(...[...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month)));
    const counter = await fundTotals(ctx.target.table, slug);
    rows.push({ fund: slug, month: 'total', currency, pledges: counter.pledges, amount: counter.raised, donors: counter.donors });
  }
  return rows;
}

const totalColumns: Column<TotalRow>[] = [
  { header: 'fund', value: (r) => r.fund },
  { header: 'month', value: (r) => r.month },
  { header: 'currency', value: (r) => r.currency },
  { header: 'pledges', value: (r) => r.pledges },
  { header: 'amount', value: (r) => (r.currency ? majorUnits(r.amount, r.currency) : r.amount) },
  { header: 'donors', value: (r) => r.donors },
];

const pledgeColumns: Column<DonationItem>[] = [
  { header: 'reference', value: (p) => p.reference },
  { header: 'fund', value: (p) => p.fund },
  { header: 'pledged at', value: (p) => p.createdAt },
  { header: 'amount', value: (p) => majorUnits(p.amount, p.currency) },
  { header: 'currency', value: (p) => p.currency },
  { header: 'frequency', value: (p) => p.frequency },
  { header: 'status', value: (p) => p.status },
  { header: 'anonymous', value: (p) => (p.anonymous ? 'yes' : 'no') },
  { header: 'name', value: (p) => p.name },
  { header: 'email', value: (p) => p.email },
  { header: 'dedication', value: (p) => p.dedication },
];

function chosenFunds(ctx: AdminContext, fund: string | undefined): string[] {
  if (!fund) return [...ctx.content.funds.keys()].sort();
  if (!ctx.content.funds.has(fund)) throw ctx.unknown('fund', fund);
  return [fund];
}

const month = /^\d{4}-(0[1-9]|1[0-2])$/;

export function donationsCommand(context: ContextSource): Command {
  const donations = new Command('donations').description('pledge totals and exports');

  donations
    .command('totals')
    .description("pledges and amounts by fund and month, and each fund's total with its distinct donors (no personal data)")
    .option('--fund <fund>', 'one fund only (its slug)')
    .addOption(formatOption())
    .action(async (options: { fund?: string; format: Format }) => {
      const ctx = await context();
      ctx.out(render(await totalRows(ctx, chosenFunds(ctx, options.fund)), totalColumns, options.format, 'No funds in content/funds/.'));
    });

  donations
    .command('export')
    .description("every pledge as CSV: reference, fund, date, amount, frequency, status, and the donor's name, address and dedication (personal data: keep the file safe)")
    .option('--fund <fund>', 'one fund only (its slug)')
    .addOption(new Option('--from <month>', 'pledges from this month on (YYYY-MM)'))
    .addOption(new Option('--to <month>', 'pledges up to this month (YYYY-MM)'))
    .addOption(formatOption(['csv', 'json']).default('csv'))
    .addOption(outputOption())
    .action(async (options: { fund?: string; from?: string; to?: string; format: Format; output?: string }) => {
      for (const m of [options.from, options.to]) if (m !== undefined && !month.test(m)) throw new AdminError(`Months are written YYYY-MM, e.g. 2027-05 (not "${m}").`);
      const ctx = await context();
      const shown = progress(ctx.stderr, 'Reading pledges');
      const pledges: DonationItem[] = [];
      for (const fund of chosenFunds(ctx, options.fund)) {
        const base = pledges.length;
        pledges.push(...(await fundPledges(ctx, fund, { update: (n) => shown.update(base + n), done: () => undefined })));
      }
      shown.done();
      const inRange = pledges
        .filter((p) => (!options.from || p.createdAt.slice(0, 7) >= options.from) && (!options.to || p.createdAt.slice(0, 7) <= options.to))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      await ctx.emit(render(inRange, pledgeColumns, options.format), options.output);
    });

  return donations;
}
