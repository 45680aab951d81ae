import { z } from 'zod';
import { calendarDate, imageAltPairMessage } from './common';

/** ISO 4217 currency code, upper case. */
export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Write an ISO 4217 currency code in capitals, e.g. "USD", "EUR", "GBP".');

/** Front matter of `content/funds/*.md`: what donors can give to. */
export function fundSchema<I extends z.ZodType>(image: I) {
  return z
    .strictObject({
      /** Name of the fund. */
      title: z.string().min(1).max(120),
      /** One or two sentences for cards. */
      summary: z.string().min(1).max(200, 'Keep the summary to 200 characters.'),
      /** Target in minor units (cents): 5000000 is 50,000.00. */
      goal: z.int('Write the goal as a whole number of minor units, e.g. 5000000 for 50,000.00.').positive(),
      /** Currency of every gift to this fund. */
      currency,
      /** Optional image. */
      image: image.optional(),
      /** What the image shows. */
      imageAlt: z.string().min(1).optional(),
      /** Optional last day to give, YYYY-MM-DD. */
      closes: calendarDate.optional(),
    })
    .refine((f) => f.image === undefined || f.imageAlt !== undefined, { message: imageAltPairMessage, path: ['imageAlt'] });
}
