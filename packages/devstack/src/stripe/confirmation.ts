import type { TestModeAccount } from './account';
import { chargeCard } from './charges';
import { StripeApiError } from './errors';
import type { EventRequest } from './events';
import { stripeId } from './ids';
import type { Params } from './params';
import { type PaymentIntent, unexpectedState } from './payment-intents';
import type { CardBehaviour, PaymentMethod } from './payment-methods';

export interface ConfirmationOptions {
  /** A `pm_…` id or test token to pay with instead of the intent's own. */
  paymentMethod?: string | undefined;
  returnUrl?: string | undefined;
  /** The customer is not there to authenticate: a card that needs 3D Secure is declined instead. */
  offSession: boolean;
  errorOnRequiresAction: boolean;
}

const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/** The confirmation parameters of `POST …/confirm`, or of a create with `confirm=true`. */
export function confirmationOptions(params: Params, withPaymentMethod = true): ConfirmationOptions {
  return {
    paymentMethod: withPaymentMethod ? params.string('payment_method') : undefined,
    returnUrl: params.string('return_url'),
    // `off_session` is true, false, or the kind of off-session payment (`one_off`, `recurring`).
    offSession: ['true', 'one_off', 'recurring'].includes(
      params.oneOf('off_session', ['true', 'false', 'one_off', 'recurring']) ?? 'false',
    ),
    errorOnRequiresAction: params.boolean('error_on_requires_action') ?? false,
  };
}

/** What a confirmation will pay with, checked before anything changes. */
export interface ConfirmationPlan {
  paymentMethod: PaymentMethod;
  returnUrl: string | undefined;
  options: ConfirmationOptions;
}

/** Stripe's checks before it confirms: the status, a payment method, and a `return_url` where needed. */
export function planConfirmation(
  account: TestModeAccount,
  intent: PaymentIntent,
  options: ConfirmationOptions,
): ConfirmationPlan {
  if (intent.status === 'succeeded')
    throw unexpectedState(
      intent,
      'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.',
    );
  if (!CONFIRMABLE.includes(intent.status))
    throw unexpectedState(
      intent,
      `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(', ')}.`,
    );
  const method = options.paymentMethod ?? intent.payment_method;
  if (!method)
    throw unexpectedState(
      intent,
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
    );
  const paymentMethod = account.paymentMethods.resolve(method);
  const returnUrl = options.returnUrl ?? account.returnUrls.get(intent.id);
  if (intent.automatic_payment_methods?.allow_redirects === 'always' && !returnUrl)
    throw new StripeApiError(400, {
      message:
        "This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.",
      param: 'return_url',
    });
  return { paymentMethod, returnUrl, options };
}

/**
 * Confirms the intent as Stripe does for a card: the payment succeeds, is declined (402, the
 * intent back to requires_payment_method with `last_payment_error`), or waits for 3D Secure
 * (requires_action with a `next_action`). Events are recorded as Stripe sends them.
 */
export function confirmPaymentIntent(
  account: TestModeAccount,
  intent: PaymentIntent,
  plan: ConfirmationPlan,
  request: EventRequest,
): PaymentIntent {
  const { paymentMethod, returnUrl, options } = plan;
  intent.payment_method = paymentMethod.id;
  if (returnUrl !== undefined) account.returnUrls.set(intent.id, returnUrl);
  const behaviour = account.paymentMethods.behaviourOf(paymentMethod.id);
  if (behaviour.kind !== 'authenticate')
    return charge(account, intent, paymentMethod, behaviour, false, request);
  if (options.offSession || options.errorOnRequiresAction)
    return charge(
      account,
      intent,
      paymentMethod,
      {
        kind: 'decline',
        code: 'authentication_required',
        declineCode: 'authentication_required',
        message: 'Your card was declined. This transaction requires authentication.',
        sellerMessage: 'The bank returned the decline code `authentication_required`.',
      },
      false,
      request,
    );
  intent.status = 'requires_action';
  intent.last_payment_error = null;
  intent.next_action = nextAction(account, intent, returnUrl);
  account.events.record('payment_intent.requires_action', intent, request);
  return intent;
}

/**
 * The stand-in's test hook for the customer's 3D Secure step (at Stripe, the customer's browser
 * does it): `succeed` pays, `fail` leaves the intent needing another payment method.
 */
export function completeAuthentication(
  account: TestModeAccount,
  intent: PaymentIntent,
  outcome: 'succeed' | 'fail',
): PaymentIntent {
  const request = { id: null, idempotency_key: null };
  if (intent.status !== 'requires_action' || !intent.payment_method)
    throw unexpectedState(
      intent,
      `This PaymentIntent has a status of ${intent.status}: only one in requires_action awaits authentication.`,
    );
  const paymentMethod = account.paymentMethods.resolve(intent.payment_method);
  if (outcome === 'succeed')
    return charge(account, intent, paymentMethod, { kind: 'approve', risk: 'normal' }, true, request);
  intent.status = 'requires_payment_method';
  intent.next_action = null;
  intent.payment_method = null;
  intent.last_payment_error = {
    type: 'invalid_request_error',
    code: 'payment_intent_authentication_failure',
    doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
    message:
      'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
    payment_method: paymentMethod,
  };
  account.events.record('payment_intent.payment_failed', intent, request);
  return intent;
}

function charge(
  account: TestModeAccount,
  intent: PaymentIntent,
  paymentMethod: PaymentMethod,
  behaviour: Exclude<CardBehaviour, { kind: 'authenticate' }>,
  authenticated: boolean,
  request: EventRequest,
): PaymentIntent {
  const made = chargeCard({
    amount: intent.amount,
    currency: intent.currency,
    description: intent.description,
    metadata: intent.metadata,
    receiptEmail: intent.receipt_email,
    paymentIntent: intent.id,
    paymentMethod,
    behaviour,
    authenticated,
    created: account.timestamp(),
  });
  account.charges.set(made.id, made);
  intent.latest_charge = made.id;
  intent.next_action = null;
  if (made.status === 'succeeded') {
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.last_payment_error = null;
    account.events.record('charge.succeeded', made, request);
    account.events.record('payment_intent.succeeded', intent, request);
    return intent;
  }
  const code = made.failure_code ?? 'card_declined';
  const declineCode = behaviour.kind === 'decline' ? behaviour.declineCode : 'fraudulent';
  const message = made.failure_message ?? 'Your card was declined.';
  intent.status = 'requires_payment_method';
  intent.payment_method = null;
  intent.last_payment_error = {
    type: 'card_error',
    code,
    decline_code: declineCode,
    doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`,
    message,
    charge: made.id,
    payment_method: paymentMethod,
  };
  account.events.record('charge.failed', made, request);
  account.events.record('payment_intent.payment_failed', intent, request);
  throw new StripeApiError(
    402,
    {
      type: 'card_error',
      code,
      decline_code: declineCode,
      message,
      charge: made.id,
      payment_intent: structuredClone(intent),
      payment_method: paymentMethod,
    },
    'ran',
  );
}

function nextAction(
  account: TestModeAccount,
  intent: PaymentIntent,
  returnUrl: string | undefined,
): PaymentIntent['next_action'] {
  const page = `${account.publicUrl}/_stand-in/authenticate/${intent.id}`;
  if (returnUrl) return { type: 'redirect_to_url', redirect_to_url: { url: page, return_url: returnUrl } };
  return {
    type: 'use_stripe_sdk',
    use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: page, source: stripeId('src') },
  };
}
