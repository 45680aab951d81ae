/**
 * The seam for a payment provider. Today gifts are pledges: the donor is
 * sent a receipt with the reference and the development office collects the
 * gift. A provider (card checkout, direct debit) implements `PaymentProvider`
 * and is passed to `donationRoutes`: it is asked before the pledge is stored,
 * and what it answers (status, its own reference, where the donor goes next)
 * is stored with the pledge and returned to the form.
 */
import type { Donation, PledgeStatus } from '../schemas/donation';

export interface PaymentRequest {
  donationId: string;
  reference: string;
  amount: number;
  currency: string;
  frequency: Donation['frequency'];
  fund: string;
}

export interface PaymentStart {
  /** `pledged`: promised, collected by staff; `awaiting_payment`: the donor completes payment with the provider. */
  status: PledgeStatus;
  /** The provider's own reference (e.g. a checkout session), stored with the pledge. */
  providerReference?: string;
  /** Where the form sends the donor to pay, for providers with a hosted checkout. */
  checkoutUrl?: string;
}

export interface PaymentProvider {
  readonly name: string;
  start(request: PaymentRequest): Promise<PaymentStart>;
}

/** No payment taken online: every gift is a pledge, acknowledged by the receipt email. */
export const pledgeOnly: PaymentProvider = {
  name: 'pledge',
  start: async () => ({ status: 'pledged' }),
};
