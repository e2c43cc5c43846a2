import type { TestModeAccount } from './account';
import type { Charge } from './charges';
import { parameterInvalid, resourceMissing, StripeApiError } from './errors';
import type { EventRequest } from './events';
import { stripeId } from './ids';
import { listPage, type StripeList } from './lists';
import { formatAmount } from './money';
import type { Params } from './params';

/** A Refund of a card payment, as Stripe's API shows it (test-mode refunds succeed at once). */
export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  destination_details: {
    card: { reference_status: 'pending'; reference_type: 'acquirer_reference_number'; type: 'refund' };
    type: 'card';
  };
  metadata: Record<string, string>;
  payment_intent: string;
  reason: RefundReason | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: 'succeeded';
  transfer_reversal: null;
}

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
type RefundReason = (typeof REASONS)[number];

export function findRefund(account: TestModeAccount, id: string): Refund {
  const refund = account.refunds.get(id);
  if (!refund) throw resourceMissing('refund', id, 'id');
  return refund;
}

/**
 * `POST /v1/refunds`: the whole unrefunded rest of a paid charge (named by it or by its
 * PaymentIntent), or `amount` of it; Stripe's errors for a charge with nothing left to refund
 * and for an amount larger than what is left.
 */
export function createRefund(account: TestModeAccount, params: Params, request: EventRequest): Refund {
  params.allowOnly(['payment_intent', 'charge', 'amount', 'reason', 'metadata', 'expand']);
  const charge = refundedCharge(account, params);
  const reason = params.oneOf('reason', REASONS) ?? null;
  const metadata = params.metadataOnto({});
  const remaining = charge.amount_captured - charge.amount_refunded;
  if (remaining <= 0)
    throw new StripeApiError(400, {
      code: 'charge_already_refunded',
      message: `Charge ${charge.id} has already been refunded.`,
    });
  const amount = params.integer('amount') ?? remaining;
  if (amount < 1) throw parameterInvalid('amount', 'Invalid positive integer');
  if (amount > remaining)
    throw parameterInvalid(
      'amount',
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      'amount_too_large',
    );
  const refund: Refund = {
    id: stripeId('re'),
    object: 'refund',
    amount,
    balance_transaction: stripeId('txn'),
    charge: charge.id,
    created: account.timestamp(),
    currency: charge.currency,
    destination_details: {
      card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    metadata,
    payment_intent: charge.payment_intent,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  account.refunds.set(refund.id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount_captured;
  account.events.record('refund.created', refund, request);
  account.events.record('charge.refunded', charge, request);
  return refund;
}

/** `GET /v1/refunds`, newest first, optionally of one charge or PaymentIntent. */
export function listRefunds(account: TestModeAccount, params: Params): StripeList<Refund> {
  params.allowOnly([
    'charge',
    'payment_intent',
    'limit',
    'starting_after',
    'ending_before',
    'created',
    'expand',
  ]);
  const charge = params.string('charge');
  const paymentIntent = params.string('payment_intent');
  const matching = [...account.refunds.values()].filter(
    (refund) =>
      (charge === undefined || refund.charge === charge) &&
      (paymentIntent === undefined || refund.payment_intent === paymentIntent),
  );
  return listPage(matching.reverse(), params, '/v1/refunds', 'refund');
}

function refundedCharge(account: TestModeAccount, params: Params): Charge {
  const chargeId = params.string('charge');
  const intentId = params.string('payment_intent');
  if (!chargeId && !intentId)
    throw new StripeApiError(400, {
      code: 'parameter_missing',
      message: 'One of the following params should be provided for this request: payment_intent or charge.',
    });
  if (intentId) {
    const intent = account.paymentIntents.get(intentId);
    if (!intent) throw resourceMissing('payment_intent', intentId, 'payment_intent', 400);
    const latest = intent.latest_charge ? account.charges.get(intent.latest_charge) : undefined;
    if (intent.status !== 'succeeded' || !latest)
      throw parameterInvalid(
        'payment_intent',
        `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
      );
    if (chargeId && chargeId !== latest.id)
      throw parameterInvalid('charge', `Charge ${chargeId} does not belong to PaymentIntent ${intent.id}.`);
    return latest;
  }
  const charge = account.charges.get(chargeId ?? '');
  if (!charge) throw resourceMissing('charge', chargeId ?? '', 'charge', 400);
  if (charge.status !== 'succeeded')
    throw parameterInvalid('charge', `Charge ${charge.id} has not succeeded, so it cannot be refunded.`);
  return charge;
}
