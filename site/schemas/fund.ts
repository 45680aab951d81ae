import { z } from 'zod';
import { currencyDigits } from '../lib/format';
import { altText, altTextFor, calendarDate } from './common';
import { currencyCodePattern } from './vocabularies';

/** ISO 4217 currency code, upper case. */
export const currency = z
  .string()
  .regex(currencyCodePattern, { error: 'Write an ISO 4217 currency code in capitals, e.g. "USD", "EUR", "GBP".', abort: true })
  .refine(isCurrency, 'Write an ISO 4217 currency code that exists, e.g. "USD", "EUR", "GBP".');

function isCurrency(code: string): boolean {
  return Intl.supportedValuesOf('currency').includes(code);
}

/** The largest goal an editor may write (a billion): its minor units stay exact in every currency. */
export const maxGoal = 1_000_000_000;

/**
 * Front matter of `content/funds/*.md`: what donors can give to. `goal` is
 * written as editors write money (250000 is 250,000 in the fund's currency);
 * the parsed result adds `goalMinor`, the same amount in minor units (cents),
 * which the pages and the API count in.
 */
export function fundSchema<I extends z.ZodType>(image: I) {
  return z
    .strictObject({
      /** Name of the fund. */
      title: z.string().min(1).max(120),
      /** One or two sentences for cards. */
      summary: z.string().min(1).max(200, 'Keep the summary to 200 characters.'),
      /** Target, a whole amount in the fund's currency: 250000 is 250,000. */
      goal: z
        .int("Write the goal as a whole amount in the fund's currency, without separators or decimals, e.g. 250000 for 250,000.")
        .positive('Write a goal above zero, e.g. 250000 for 250,000.')
        .max(maxGoal, 'Write a goal of at most 1000000000 (a billion), without separators.'),
      /** Currency of every gift to this fund. */
      currency,
      /** Optional image. */
      image: image.optional(),
      /** What the image shows. */
      imageAlt: altText.optional(),
      /** Optional last day to give, YYYY-MM-DD. */
      closes: calendarDate.optional(),
      /** true keeps the fund off the site (and closed to gifts) while it is being prepared. */
      draft: z.boolean('Write true or false.').default(false),
    })
    .superRefine(...altTextFor('image', 'imageAlt'))
    .transform((f) => ({ ...f, goalMinor: f.goal * 10 ** currencyDigits(f.currency) }));
}
