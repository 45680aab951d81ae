import { z } from 'zod';
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

/** Front matter of `content/funds/*.md`: what donors can give to. */
export function fundSchema<I extends z.ZodType>(image: I) {
  return z
    .strictObject({
      /** Name of the fund. */
      title: z.string().min(1).max(120),
      /** One or two sentences for cards. */
      summary: z.string().min(1).max(200, 'Keep the summary to 200 characters.'),
      /** Target in minor units (cents): 5000000 is 50,000.00. */
      goal: z.int('Write the goal as a whole number of minor units, e.g. 5000000 for 50,000.00.').positive('Write a goal above zero, in minor units: 5000000 for 50,000.00.'),
      /** Currency of every gift to this fund. */
      currency,
      /** Optional image. */
      image: image.optional(),
      /** What the image shows. */
      imageAlt: altText.optional(),
      /** Optional last day to give, YYYY-MM-DD. */
      closes: calendarDate.optional(),
    })
    .superRefine(...altTextFor('image', 'imageAlt'));
}
