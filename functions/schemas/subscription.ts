/**
 * The newsletter's HTTP contract: `POST /api/subscriptions`, the confirm,
 * read, change and unsubscribe calls on `/api/subscriptions/{id}?token=…`,
 * and their answers. Which topics and regions exist is content (the tags of
 * content/tags.yaml, continents and the countries of events): the API checks
 * membership against the digest content it bundles, as donations check funds.
 */
// zod/mini, as in ./fields: the forms bundle only the checks these schemas use.
import * as z from 'zod/mini';
import { consent, emailAddress, honeypot, optionalText, text, textList, timeZone } from './fields';

export const newsletterFrequency = z.enum(['weekly', 'monthly'], { error: 'Choose weekly or monthly.' });
export type NewsletterFrequency = z.infer<typeof newsletterFrequency>;

const choice = (label: string) => text(60, label).check(z.refine((v) => v.length > 0, `${label} cannot be empty.`));

/** Topics and regions: at most 40 of each; none means all. */
const topics = textList(choice('A topic'), 40, 'Topics');
const regions = textList(choice('A region'), 40, 'Regions');
const preferences = {
  topics: z._default(topics, []),
  regions: z._default(regions, []),
  frequency: newsletterFrequency,
  timeZone: z.optional(timeZone),
};

/** `POST /api/subscriptions`. */
export const subscriptionRequest = z.strictObject({
  email: emailAddress,
  name: optionalText(100, 'Your name'),
  ...preferences,
  consent,
  company: honeypot,
});
export type SubscriptionInput = z.input<typeof subscriptionRequest>;
export type SubscriptionRequest = z.output<typeof subscriptionRequest>;

/** `PATCH /api/subscriptions/{id}?token=…`: any of the preferences; what is left out stays. */
export const subscriptionPatch = z
  .strictObject({
    topics: z.optional(topics),
    regions: z.optional(regions),
    frequency: z.optional(newsletterFrequency),
    timeZone: z.optional(timeZone),
  })
  .check(z.refine((p) => Object.keys(p).length > 0, 'Change at least one preference.'));
export type SubscriptionPatchInput = z.input<typeof subscriptionPatch>;
export type SubscriptionPatch = z.output<typeof subscriptionPatch>;

/** `pending` until the emailed link is followed, then `active`; `unsubscribed` keeps no preferences. */
export const subscriptionStatus = z.enum(['pending', 'active', 'unsubscribed']);
export type SubscriptionStatus = z.infer<typeof subscriptionStatus>;

/** `POST /api/subscriptions` (202): the same for a new, pending or active address, so the form reveals nothing. */
export const subscribeResponse = z.object({ subscription: z.object({ status: z.literal('pending') }) });
export type SubscribeResponse = z.infer<typeof subscribeResponse>;

/** The subscription as its token holder sees it; preferences are absent once unsubscribed. */
export const subscriptionResponse = z.object({
  subscription: z.object({
    id: z.string(),
    status: subscriptionStatus,
    topics: z.optional(z.array(z.string())),
    regions: z.optional(z.array(z.string())),
    frequency: z.optional(newsletterFrequency),
    timeZone: z.optional(z.string()),
  }),
});
export type SubscriptionResponse = z.infer<typeof subscriptionResponse>;
