// A namespace import lets esbuild drop the parts of zod we do not use (the named `z` export bundles all of it).
import * as z from 'zod';
import { consent, emailAddress, honeypot, optionalText, personName, slugField } from './fields';

/** `POST /api/donations`. The fund's currency is checked by the API against the fund. */
export const donationRequest = z.strictObject({
  name: personName,
  email: emailAddress,
  amount: z
    .int({ error: 'Enter the amount as a whole number of cents (minor units).' })
    .min(100, 'The smallest gift is 1.00.')
    .max(10_000_000, 'For gifts above 100,000.00 please contact the development office.'),
  currency: z.string({ error: 'Choose a currency.' }).regex(/^[A-Z]{3}$/, 'Use a currency code such as USD or EUR.'),
  fund: slugField('The fund'),
  frequency: z.enum(['once', 'monthly'], { error: 'Choose once or monthly.' }),
  anonymous: z.boolean({ error: 'Choose whether to give anonymously.' }).default(false),
  dedication: optionalText(200, 'The dedication'),
  consent,
  company: honeypot,
});

export type DonationInput = z.input<typeof donationRequest>;
export type Donation = z.output<typeof donationRequest>;
