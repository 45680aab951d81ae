/**
 * Pledges in DynamoDB. One transaction writes the pledge, its unique
 * reference, its receipt email job and the fund's totals, so the totals are
 * exactly the sum of the pledges stored. Keys: see shared/table.ts.
 *
 * Fund totals (the `FundCounter` item): `raised` adds each pledge's amount
 * once (a monthly pledge counts its first month); `pledges` counts pledges;
 * `donors` counts distinct email addresses (case-insensitive) that pledged to
 * the fund, anonymous ones included, through a `FundDonor` item per address
 * hash: a second pledge from the same person raises the amount, not the donors.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ManifestFund } from '../../site/manifest/manifest-schema';
import type { Donation } from '../schemas/donation';
import type { Table } from '../shared/clients';
import { emailJobItem } from '../shared/email-jobs';
import { ServiceBusy } from '../shared/errors';
import { newId } from '../shared/ids';
import type { RateLimitCharge } from '../shared/rate-limit';
import { emailHash, expiryAfter, indexKeys, keys } from '../shared/table';
import { transact } from '../shared/transactions';
import type { PaymentProvider, PaymentStart } from './payments';
import { newReference } from './reference';

export interface DonationItem {
  PK: string;
  SK: string;
  entity: 'Donation';
  id: string;
  reference: string;
  fund: string;
  name: string;
  email: string;
  amount: number;
  currency: string;
  frequency: Donation['frequency'];
  anonymous: boolean;
  dedication?: string;
  status: PaymentStart['status'];
  payment: { provider: string; reference?: string; checkoutUrl?: string };
  createdAt: string;
  consentAt: string;
}

export interface FundTotals {
  raised: number;
  pledges: number;
  donors: number;
}

export interface DonationsContext {
  table: Table;
  siteUrl: string;
  retentionDays: number;
  now: Date;
}

export async function fundTotals(table: Table, slug: string): Promise<FundTotals> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.fundCounter(slug) }));
  return { raised: Number(result.Item?.raised ?? 0), pledges: Number(result.Item?.pledges ?? 0), donors: Number(result.Item?.donors ?? 0) };
}

/** Stores a pledge with its reference, receipt and the fund's totals; a rate-limit charge, when given, in the same transaction. */
export async function pledge(ctx: DonationsContext, fund: ManifestFund, input: Donation, provider: PaymentProvider, charge?: RateLimitCharge): Promise<DonationItem> {
  const id = newId();
  const at = ctx.now.toISOString();
  const emailKey = emailHash(input.email);
  let reference = newReference();
  const startPayment = () => provider.start({ donationId: id, reference, amount: input.amount, currency: input.currency, frequency: input.frequency, fund: fund.slug });
  let payment = await startPayment();
  // Whether this address has pledged to this fund before (then the donors stay as they are); learnt from the donor item's condition.
  let firstFromDonor = true;

  for (let round = 0; round < 20; round++) {
    const donation: DonationItem = {
      ...keys.donation(id),
      entity: 'Donation',
      id,
      reference,
      fund: fund.slug,
      name: input.name,
      email: input.email,
      amount: input.amount,
      currency: input.currency,
      frequency: input.frequency,
      anonymous: input.anonymous,
      ...(input.dedication ? { dedication: input.dedication } : {}),
      status: payment.status,
      payment: {
        provider: provider.name,
        ...(payment.providerReference ? { reference: payment.providerReference } : {}),
        ...(payment.checkoutUrl ? { checkoutUrl: payment.checkoutUrl } : {}),
      },
      createdAt: at,
      consentAt: at,
    };
    const result = await transact(ctx.table, {
      counter: {
        Update: {
          TableName: ctx.table.name,
          Key: keys.fundCounter(fund.slug),
          UpdateExpression: `ADD raised :amount, pledges :one${firstFromDonor ? ', donors :one' : ''} SET entity = :entity, currency = :currency`,
          ExpressionAttributeValues: { ':amount': input.amount, ':one': 1, ':entity': 'FundCounter', ':currency': fund.currency },
        },
      },
      donor: firstFromDonor
        ? {
            Put: {
              TableName: ctx.table.name,
              Item: { ...keys.fundDonor(fund.slug, emailKey), entity: 'FundDonor', pledges: 1, firstPledgeAt: at },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          }
        : {
            Update: {
              TableName: ctx.table.name,
              Key: keys.fundDonor(fund.slug, emailKey),
              UpdateExpression: 'ADD pledges :one',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
      reference: {
        Put: {
          TableName: ctx.table.name,
          Item: { ...keys.donationReference(reference), entity: 'DonationReference', donationId: id },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      donation: { Put: { TableName: ctx.table.name, Item: { ...donation, ...indexKeys.fundDonations(fund.slug, at, id), ...indexKeys.personDonation(emailKey, at) } } },
      receipt: {
        Put: {
          TableName: ctx.table.name,
          Item: emailJobItem({
            id: newId(),
            kind: 'donation-receipt',
            to: input.email,
            data: {
              donationId: id,
              reference,
              name: input.name,
              amount: input.amount,
              currency: input.currency,
              frequency: input.frequency,
              anonymous: input.anonymous,
              dedication: input.dedication,
              fund: { slug: fund.slug, title: fund.title, url: `${ctx.siteUrl}/funds/${fund.slug}/` },
              pledgedAt: at,
            },
            expiresAt: expiryAfter(ctx.now, ctx.retentionDays),
            now: ctx.now,
          }),
        },
      },
      rateLimit: charge?.item,
    });
    if (result.ok) return donation;
    if (result.failed.has('rateLimit')) throw charge!.exceeded();
    // The donor item told us otherwise (a first pledge at the same moment, or an address erased meanwhile): count again.
    if (result.failed.has('donor')) firstFromDonor = !firstFromDonor;
    // The reference is taken: draw another (and tell the provider the one that stands).
    if (result.failed.has('reference')) {
      reference = newReference();
      payment = await startPayment();
    }
  }
  throw new ServiceBusy();
}
