/**
 * Donations (see the HTTP contract):
 *
 *   POST /api/donations
 *   GET  /api/funds/{slug}/progress
 *
 * Funds (goal, currency, closing date) come from the content manifest. A fund
 * takes pledges through its closing date wherever the donor is (until that
 * day has ended in the last time zone, UTC−12): the rule the fund pages use
 * too, in site/lib/funds.ts.
 */
import { Hono, type Context } from 'hono';
import { formatDate } from '../../site/lib/format';
import { isFundClosed } from '../../site/lib/funds';
import type { ManifestFund } from '../../site/manifest/manifest-schema';
import { donationRequest, type Donation, type FundProgressResponse, type PledgeResponse } from '../schemas/donation';
import type { ApiOptions } from '../shared/api-options';
import { contentIndex } from '../shared/content';
import { NotFound, ValidationFailed } from '../shared/errors';
import { formChallengeOf } from '../shared/challenge';
import { createApiApp, writeGuard, type ApiEnv } from '../shared/http';
import { newId } from '../shared/ids';
import { logger } from '../shared/logger';
import { pledgeOnly, type PaymentProvider } from './payments';
import { newReference } from './reference';
import { fundTotals, pledge } from './store';

export function donationRoutes(options: ApiOptions, payments: PaymentProvider = pledgeOnly) {
  const content = contentIndex(options.manifest);
  const guardOptions = { family: 'donations', table: options.table, rateLimitPerMinute: options.rateLimitPerMinute, now: options.now };

  const fundOf = (c: Context): ManifestFund => {
    const fund = content.funds.get(c.req.param('slug') ?? '');
    if (!fund) throw new NotFound('There is no such fund.');
    return fund;
  };

  return new Hono<ApiEnv<Donation>>()
    .get('/funds/:slug/progress', async (c) => {
      const fund = fundOf(c);
      const totals = await fundTotals(options.table, fund.slug);
      // `donors` is the number of pledges: a count of distinct addresses would tell anyone who pledges with an
      // address whether that address had given before (anonymous donors included). Staff see distinct donors.
      c.header('Cache-Control', 'public, max-age=5');
      return c.json({ fund: fund.slug, goal: fund.goal, raised: totals.raised, currency: fund.currency, donors: totals.pledges } satisfies FundProgressResponse);
    })
    .post(
      '/donations',
      writeGuard({
        ...guardOptions,
        schema: donationRequest,
        rateLimitInTransaction: true,
        challenge: formChallengeOf(options),
        honeypotAnswer: (c, body) =>
          c.json({ donation: { id: newId(), reference: newReference(), status: 'pledged', amount: body.amount, currency: body.currency, fund: body.fund } } satisfies PledgeResponse, 201),
      }),
      async (c) => {
        const input = c.get('body');
        const fund = content.funds.get(input.fund);
        if (!fund) throw new ValidationFailed({ fund: 'We do not know this fund. Choose one of the funds on the giving page.' });
        if (isFundClosed(fund.closes, options.now()))
          throw new ValidationFailed({ fund: `${fund.title} closed on ${formatDate(new Date(`${fund.closes}T00:00:00Z`))} and takes no more gifts. Please choose another fund.` });
        if (input.currency !== fund.currency) throw new ValidationFailed({ currency: `${fund.title} takes gifts in ${fund.currency}.` });
        const donation = await pledge({ table: options.table, siteUrl: options.siteUrl, retentionDays: options.retentionDays, now: options.now() }, fund, input, payments, c.get('rateLimit'));
        logger.info('donation pledged', { donationId: donation.id, fund: fund.slug, status: donation.status });
        return c.json(
          {
            donation: {
              id: donation.id,
              reference: donation.reference,
              status: donation.status,
              amount: donation.amount,
              currency: donation.currency,
              fund: donation.fund,
              ...(donation.payment.checkoutUrl ? { checkoutUrl: donation.payment.checkoutUrl } : {}),
            },
          } satisfies PledgeResponse,
          201,
        );
      },
    );
}

export function createDonationsApp(options: ApiOptions) {
  return createApiApp(donationRoutes(options));
}
