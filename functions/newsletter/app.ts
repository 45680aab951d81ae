/**
 * The newsletter (see the HTTP contract):
 *
 *   POST   /api/subscriptions                          subscribe (double opt-in)
 *   POST   /api/subscriptions/{id}/confirm?token=…     the emailed link
 *   GET    /api/subscriptions/{id}?token=…             preferences
 *   PATCH  /api/subscriptions/{id}?token=…             change them
 *   DELETE /api/subscriptions/{id}?token=…             unsubscribe
 *   POST   /api/subscriptions/{id}/unsubscribe?token=… one-click unsubscribe (RFC 8058, from the mail client)
 *
 * Subscribing answers the same `202 pending` whether the address is new,
 * pending or active, so the form tells nobody whether an address is known.
 */
import { Hono, type Context } from 'hono';
import { subscriptionPatch, subscriptionRequest, type SubscribeResponse, type SubscriptionPatch, type SubscriptionRequest, type SubscriptionResponse } from '../schemas/subscription';
import type { ApiOptions } from '../shared/api-options';
import { formChallengeOf } from '../shared/challenge';
import { ApiError, InvalidToken, ValidationFailed } from '../shared/errors';
import { createApiApp, writeGuard, type ApiEnv } from '../shared/http';
import { logger } from '../shared/logger';
import { verifyToken } from '../shared/tokens';
import { recordVerifiedAddress } from '../shared/verified-address';
import { bundledDigestContent, type DigestContent } from './content';
import { changePreferences, confirm, getSubscription, subscribe, unsubscribe, type SubscriptionItem } from './store';

export interface NewsletterOptions extends ApiOptions {
  /** Topics and regions a subscriber may choose (and the digest's content). */
  digestContent?: DigestContent;
}

/** A valid link to a subscription that has ended: said plainly to the holder of the link. */
class SubscriptionEnded extends ApiError {
  constructor() {
    super('invalid_token', 'This subscription has ended: you are unsubscribed. To receive the newsletter again, subscribe on the newsletter page.');
    this.name = 'SubscriptionEnded';
  }
}

const accepted: SubscribeResponse = { subscription: { status: 'pending' } };

/** What a signed link does on its own: find its subscription, and end it. */
function linkHandlers(options: NewsletterOptions) {
  /** The subscription a signed link names; a wrong token and an unknown id get the same 403. */
  const linked = async (c: Context): Promise<{ id: string; subscription: SubscriptionItem | undefined }> => {
    const id = c.req.param('id') ?? '';
    if (!/^[0-9a-f]{24}$/.test(id) || !verifyToken(await options.signingSecret(), 'subscription', id, c.req.query('token'))) throw new InvalidToken();
    return { id, subscription: await getSubscription(options.table, id) };
  };
  const end = async (c: Context) => {
    const { id, subscription } = await linked(c);
    // A link whose subscription was erased, or that was used before, still answers "unsubscribed": the holder's wish holds.
    if (subscription && (await unsubscribe(options.table, id, options.now()))) logger.info('unsubscribed', { subscriptionId: id, via: c.req.method === 'DELETE' ? 'preferences' : 'one-click' });
    return c.json({ subscription: { id, status: 'unsubscribed' } } satisfies SubscriptionResponse, 200);
  };
  return { linked, end };
}

export function newsletterRoutes(options: NewsletterOptions) {
  const content = options.digestContent ?? bundledDigestContent;
  const topics = new Set(content.topics);
  const regions = new Map(content.regions.map((r) => [r.toLowerCase(), r]));
  const guardOptions = { family: 'subscriptions', table: options.table, rateLimitPerMinute: options.rateLimitPerMinute, now: options.now };

  /** Unknown topics or regions are refused by name; regions are matched in any case and stored as the list spells them. */
  const checkChoices = <T extends { topics?: string[] | undefined; regions?: string[] | undefined }>(input: T): T => {
    const fields: Record<string, string> = {};
    const unknownTopics = (input.topics ?? []).filter((t) => !topics.has(t));
    if (unknownTopics.length > 0) fields.topics = `We do not write about ${unknownTopics.map((t) => `"${t}"`).join(', ')}. Choose topics from the list.`;
    const unknownRegions = (input.regions ?? []).filter((r) => !regions.has(r.toLowerCase()));
    if (unknownRegions.length > 0) fields.regions = `We do not know the region ${unknownRegions.map((r) => `"${r}"`).join(', ')}. Choose continents or countries from the list.`;
    if (Object.keys(fields).length > 0) throw new ValidationFailed(fields);
    return { ...input, ...(input.topics ? { topics: [...new Set(input.topics)] } : {}), ...(input.regions ? { regions: [...new Set(input.regions.map((r) => regions.get(r.toLowerCase())!))] } : {}) };
  };

  const { linked, end } = linkHandlers(options);

  const view = (s: SubscriptionItem): SubscriptionResponse => ({
    subscription:
      s.status === 'unsubscribed'
        ? { id: s.id, status: s.status }
        : { id: s.id, status: s.status, topics: s.topics ?? [], regions: s.regions ?? [], frequency: s.frequency ?? 'monthly', ...(s.timeZone ? { timeZone: s.timeZone } : {}) },
  });

  /** The token check, before a remembered answer may be replayed. */
  const authorise = async (c: Context, next: () => Promise<void>) => {
    await linked(c);
    await next();
  };

  return (
    new Hono<ApiEnv<SubscriptionRequest & SubscriptionPatch>>()
      .post(
        '/subscriptions',
        writeGuard({ ...guardOptions, schema: subscriptionRequest, rateLimitInTransaction: true, challenge: formChallengeOf(options), honeypotAnswer: (c) => c.json(accepted, 202) }),
        async (c) => {
          const input = checkChoices(c.get('body') as SubscriptionRequest);
          const outcome = await subscribe({ table: options.table, siteUrl: options.siteUrl, signingSecret: await options.signingSecret(), now: options.now() }, input, c.get('rateLimit'));
          logger.info('subscription requested', { outcome });
          return c.json(accepted satisfies SubscribeResponse, 202);
        },
      )
      .post('/subscriptions/:id/confirm', writeGuard({ ...guardOptions, authorise }), async (c) => {
        const { id, subscription } = await linked(c);
        if (!subscription) throw new InvalidToken();
        if (subscription.status === 'unsubscribed') throw new SubscriptionEnded();
        const confirmed = await confirm(options.table, id, options.now());
        if (!confirmed || confirmed.status === 'unsubscribed') throw new SubscriptionEnded();
        if (subscription.status === 'pending') logger.info('subscription confirmed', { subscriptionId: id });
        // The link was emailed to this address: its holder has proven it is theirs (the email cap lets them through).
        if (subscription.email) await recordVerifiedAddress({ table: options.table, now: options.now(), retentionDays: options.retentionDays }, subscription.email, 'newsletter-confirm');
        return c.json(view(confirmed) satisfies SubscriptionResponse, 200);
      })
      .get('/subscriptions/:id', async (c) => {
        const { subscription } = await linked(c);
        if (!subscription) throw new InvalidToken();
        return c.json(view(subscription) satisfies SubscriptionResponse, 200);
      })
      .patch('/subscriptions/:id', writeGuard({ ...guardOptions, schema: subscriptionPatch, authorise }), async (c) => {
        const { subscription } = await linked(c);
        if (!subscription) throw new InvalidToken();
        if (subscription.status === 'unsubscribed') throw new SubscriptionEnded();
        const patch = checkChoices(c.get('body') as SubscriptionPatch);
        const changed = await changePreferences(options.table, subscription, patch);
        if (!changed || changed.status === 'unsubscribed') throw new SubscriptionEnded();
        if (subscription.email) await recordVerifiedAddress({ table: options.table, now: options.now(), retentionDays: options.retentionDays }, subscription.email, 'newsletter-preferences');
        return c.json(view(changed) satisfies SubscriptionResponse, 200);
      })
      .delete('/subscriptions/:id', writeGuard({ ...guardOptions, authorise }), end)
      // RFC 8058: the mail client posts "List-Unsubscribe=One-Click" as a form, without our headers; the token is all it needs.
      .post('/subscriptions/:id/unsubscribe', end)
  );
}

export type NewsletterRoutes = ReturnType<typeof newsletterRoutes>;

export function createNewsletterApp(options: NewsletterOptions) {
  return createApiApp(newsletterRoutes(options));
}

/**
 * The one-click address alone (RFC 8058), for the function CloudFront calls
 * without signing (infra/routes.ts: mail providers cannot send the body hash
 * a signed call needs). It answers nothing else, and the token in the URL is
 * all the authority it takes, so reaching it directly gains nothing.
 */
export function createOneClickUnsubscribeApp(options: NewsletterOptions) {
  return createApiApp(new Hono().post('/subscriptions/:id/unsubscribe', linkHandlers(options).end));
}
