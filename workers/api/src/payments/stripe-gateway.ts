import type { PaymentGateway, PaymentIntentStatus, PaymentState } from '@edge-commerce/cart';
import type Stripe from 'stripe';

/**
 * The checkout's payments through Stripe's PaymentIntents (ADR 29), with the `stripe` SDK. Card
 * declines are answers, not exceptions: a decline at confirmation comes back as the intent's
 * state, with the decline. Anything else the SDK throws (network, 5xx, a bad key) is thrown on,
 * and the cart answers 503 without having changed.
 */
export function stripeGateway(stripe: Stripe): PaymentGateway {
  return {
    async open(request) {
      const params: Stripe.PaymentIntentCreateParams = {
        amount: request.amount,
        currency: request.currency.toLowerCase(),
        receipt_email: request.email,
        metadata: { cartId: request.cartId },
        // Cards, confirmed without leaving the page: a method that needs a redirect is not offered.
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        expand: ['latest_charge'],
      };
      if (request.paymentMethod !== undefined) {
        params.payment_method = request.paymentMethod;
        params.confirm = true;
      }
      try {
        return stateOf(
          await stripe.paymentIntents.create(params, {
            idempotencyKey: `checkout:${request.idempotencyKey}`,
          }),
        );
      } catch (error) {
        const declined = declinedIntent(error);
        if (declined) return declined;
        throw error;
      }
    },

    async retrieve(paymentId) {
      return stateOf(await stripe.paymentIntents.retrieve(paymentId, { expand: ['latest_charge'] }));
    },

    async cancel(paymentId) {
      const intent = await stripe.paymentIntents.retrieve(paymentId, { expand: ['latest_charge'] });
      if (!CANCELABLE.has(intent.status)) return stateOf(intent);
      try {
        return stateOf(
          await stripe.paymentIntents.cancel(paymentId, {
            cancellation_reason: 'abandoned',
            expand: ['latest_charge'],
          }),
        );
      } catch (error) {
        // It moved on between the read and the cancel (a confirmation won): answer where it is now.
        if (isStripeError(error) && error.code === 'payment_intent_unexpected_state')
          return stateOf(await stripe.paymentIntents.retrieve(paymentId, { expand: ['latest_charge'] }));
        throw error;
      }
    },

    async refund(paymentId, idempotencyKey) {
      try {
        await stripe.refunds.create(
          { payment_intent: paymentId, reason: 'requested_by_customer' },
          { idempotencyKey },
        );
      } catch (error) {
        // Refunded in full already (by an earlier attempt under another key, or by an operator).
        if (isStripeError(error) && error.code === 'charge_already_refunded') return;
        throw error;
      }
    },
  };
}

const CANCELABLE = new Set<string>([
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
]);

function stateOf(intent: Stripe.PaymentIntent): PaymentState {
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const outcome = charge?.outcome ?? null;
  const error = intent.last_payment_error;
  return {
    id: intent.id,
    status: intent.status as PaymentIntentStatus,
    amount: intent.amount,
    amountReceived: intent.amount_received,
    currency: intent.currency.toUpperCase(),
    clientSecret: intent.client_secret,
    cartId: intent.metadata?.cartId ?? null,
    riskLevel: outcome?.risk_level ?? null,
    riskScore: outcome?.risk_score ?? null,
    failure: error
      ? {
          code: error.decline_code ?? error.code ?? 'card_declined',
          message: error.message ?? 'The card was declined.',
        }
      : null,
    nextAction: intent.next_action?.type ?? null,
  };
}

/** A card error's PaymentIntent (Stripe answers a declined confirmation with 402 and the intent). */
function declinedIntent(error: unknown): PaymentState | null {
  if (!isStripeError(error) || error.type !== 'StripeCardError') return null;
  const intent = (error.raw as { payment_intent?: Stripe.PaymentIntent }).payment_intent;
  if (!intent) return null;
  const state = stateOf(intent);
  return {
    ...state,
    failure: state.failure ?? {
      code: error.decline_code ?? error.code ?? 'card_declined',
      message: error.message,
    },
  };
}

function isStripeError(error: unknown): error is Stripe.errors.StripeError {
  return typeof error === 'object' && error !== null && 'type' in error && 'rawType' in error;
}
