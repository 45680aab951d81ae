// zod/mini, as in ./fields: the forms bundle only the checks these schemas use.
import * as z from 'zod/mini';
import { currencyCodePattern } from '../../site/schemas/vocabularies';
import { consent, emailAddress, honeypot, intBetween, optionalLine, personName, slugField } from './fields';

/** Once, or every month. */
export const donationFrequency = z.enum(['once', 'monthly'], { error: 'Choose once or monthly.' });
export type DonationFrequency = z.infer<typeof donationFrequency>;

/** `POST /api/donations`. The fund's currency is checked by the API against the fund. */
export const donationRequest = z.strictObject({
  name: personName,
  email: emailAddress,
  amount: intBetween(100, 10_000_000, 'Enter the amount as a whole number of cents (minor units).', 'The smallest gift is 1.00.', 'For gifts above 100,000.00 please contact the development office.'),
  currency: z.string({ error: 'Choose a currency.' }).check(z.regex(currencyCodePattern, 'Use a currency code such as USD or EUR.')),
  fund: slugField('The fund'),
  frequency: donationFrequency,
  anonymous: z._default(z.boolean({ error: 'Choose whether to give anonymously.' }), false),
  dedication: optionalLine(200, 'The dedication'),
  consent,
  company: honeypot,
});

export type DonationInput = z.input<typeof donationRequest>;
export type Donation = z.output<typeof donationRequest>;

/** `pledged`: promised, collected by staff; `awaiting_payment`: the donor completes payment with a provider. */
export const pledgeStatus = z.enum(['pledged', 'awaiting_payment']);
export type PledgeStatus = z.infer<typeof pledgeStatus>;

/** `POST /api/donations` (201): the pledge and its reference. */
export const pledgeResponse = z.object({
  donation: z.object({
    id: z.string(),
    reference: z.string(),
    status: pledgeStatus,
    /** Minor units. */
    amount: z.int(),
    currency: z.string(),
    fund: z.string(),
    /** Where to pay, for providers with a hosted checkout. */
    checkoutUrl: z.optional(z.string()),
  }),
});
export type PledgeResponse = z.infer<typeof pledgeResponse>;

/** `GET /api/funds/{slug}/progress`: totals only, never names. Amounts in minor units. */
export const fundProgressResponse = z.object({
  fund: z.string(),
  goal: z.int(),
  raised: z.int(),
  currency: z.string(),
  donors: z.int(),
});
export type FundProgressResponse = z.infer<typeof fundProgressResponse>;
