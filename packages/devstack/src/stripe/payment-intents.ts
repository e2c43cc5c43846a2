import type { TestModeAccount } from './account';
import { parameterInvalid, parameterMissing, resourceMissing, StripeApiError } from './errors';
import type { EventRequest } from './events';
import { clientSecretFor, stripeId } from './ids';
import { assertChargeableAmount, supportedCurrency } from './money';
import type { Params } from './params';
import type { PaymentMethod } from './payment-methods';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'succeeded'
  | 'canceled';

export interface LastPaymentError {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  doc_url: string;
  message: string;
  charge?: string;
  payment_method: PaymentMethod;
}

export type NextAction =
  | {
      type: 'use_stripe_sdk';
      use_stripe_sdk: { type: 'three_d_secure_redirect'; stripe_js: string; source: string };
    }
  | { type: 'redirect_to_url'; redirect_to_url: { url: string; return_url: string } };

/** A PaymentIntent as Stripe's API shows it, for card payments captured automatically. */
export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  /** What the request allowed (null: the Dashboard's methods); `payment_method_types` is what Stripe derives. */
  allowed_payment_method_types: string[] | null;
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: { enabled: boolean; allow_redirects: 'always' | 'never' } | null;
  canceled_at: number | null;
  cancellation_reason: CancellationReason | null;
  capture_method: 'automatic' | 'automatic_async';
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  excluded_payment_method_types: null;
  last_payment_error: LastPaymentError | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: { id: string; parent: null } | null;
  payment_method_options: {
    card: { installments: null; mandate_options: null; network: null; request_three_d_secure: 'automatic' };
  };
  payment_method_types: string[];
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: null;
  shipping: null;
  source: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: null;
}

const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;
type CancellationReason = (typeof CANCELLATION_REASONS)[number];

/** Statuses in which the amount, currency and payment method may still change, as Stripe lists them. */
const CHANGEABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];
const CANCELABLE = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

const CREATE_PARAMS = [
  'amount',
  'currency',
  'metadata',
  'payment_method',
  'allowed_payment_method_types',
  'automatic_payment_methods',
  'confirm',
  'capture_method',
  'description',
  'receipt_email',
  'return_url',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'off_session',
  'error_on_requires_action',
  'expand',
];
const UPDATE_PARAMS = [
  'amount',
  'currency',
  'metadata',
  'payment_method',
  'allowed_payment_method_types',
  'description',
  'receipt_email',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'expand',
];

export function findPaymentIntent(account: TestModeAccount, id: string): PaymentIntent {
  const intent = account.paymentIntents.get(id);
  if (!intent) throw resourceMissing('payment_intent', id, 'intent');
  return intent;
}

/**
 * The PaymentIntent `POST /v1/payment_intents` asks for, validated but not yet stored: with
 * `confirm=true` the caller checks the confirmation too before `openPaymentIntent`, so that a
 * refused request leaves nothing behind.
 */
export function draftPaymentIntent(account: TestModeAccount, params: Params): PaymentIntent {
  params.allowOnly(CREATE_PARAMS);
  const amount = params.requiredInteger('amount');
  const currency = supportedCurrency(params.requiredString('currency'));
  assertChargeableAmount(amount, currency);
  const captureMethod = params.oneOf('capture_method', ['automatic', 'automatic_async', 'manual']);
  if (captureMethod === 'manual')
    throw parameterInvalid(
      'capture_method',
      'The local Stripe stand-in does not support capture_method=manual yet.',
    );
  const paymentMethod =
    params.string('payment_method') === undefined
      ? undefined
      : account.paymentMethods.resolve(params.requiredString('payment_method'));
  const types = allowedTypes(params);
  const automatic = automaticPaymentMethods(params, types);
  const id = stripeId('pi');
  const intent: PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: types ?? null,
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: automatic,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: captureMethod ?? 'automatic_async',
    client_secret: clientSecretFor(id),
    confirmation_method: 'automatic',
    created: account.timestamp(),
    currency,
    customer: null,
    description: params.string('description') ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: params.metadataOnto({}),
    next_action: null,
    on_behalf_of: null,
    payment_method: paymentMethod?.id ?? null,
    payment_method_configuration_details: automatic ? { id: 'pmc_local_default', parent: null } : null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: types ?? ['card'],
    processing: null,
    receipt_email: params.string('receipt_email') ?? null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: params.string('statement_descriptor') ?? null,
    statement_descriptor_suffix: params.string('statement_descriptor_suffix') ?? null,
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
  const confirm = params.boolean('confirm') ?? false;
  if (
    !confirm &&
    (params.has('return_url') || params.has('off_session') || params.has('error_on_requires_action'))
  )
    throw parameterInvalid(
      params.has('return_url')
        ? 'return_url'
        : params.has('off_session')
          ? 'off_session'
          : 'error_on_requires_action',
      'This parameter can only be used when `confirm` is set to `true`.',
    );
  return intent;
}

/** Stores a drafted intent and records `payment_intent.created`. */
export function openPaymentIntent(
  account: TestModeAccount,
  intent: PaymentIntent,
  request: EventRequest,
): void {
  account.paymentIntents.set(intent.id, intent);
  account.events.record('payment_intent.created', intent, request);
}

/** `POST /v1/payment_intents/:id`: metadata and description always; money and method only before it is paid. */
export function updatePaymentIntent(
  account: TestModeAccount,
  intent: PaymentIntent,
  params: Params,
): PaymentIntent {
  params.allowOnly(UPDATE_PARAMS);
  for (const field of ['amount', 'currency', 'payment_method', 'allowed_payment_method_types'])
    if (params.has(field) && !CHANGEABLE.includes(intent.status))
      throw unexpectedState(
        intent,
        `This PaymentIntent's ${field} could not be updated because it has a status of ${intent.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: ${CHANGEABLE.join(', ')}.`,
      );
  const currency = params.has('currency')
    ? supportedCurrency(params.requiredString('currency'))
    : intent.currency;
  const amount = params.integer('amount') ?? intent.amount;
  if (params.has('amount') || params.has('currency')) assertChargeableAmount(amount, currency);
  const paymentMethod = params.has('payment_method')
    ? account.paymentMethods.resolve(params.requiredString('payment_method'))
    : undefined;
  const metadata = params.metadataOnto(intent.metadata);
  const moneyOrMethodChanged = params.has('amount') || params.has('currency') || paymentMethod !== undefined;

  intent.amount = amount;
  intent.currency = currency;
  intent.metadata = metadata;
  const types = allowedTypes(params);
  if (types) {
    intent.allowed_payment_method_types = types;
    intent.payment_method_types = types;
  }
  if (params.has('description')) intent.description = params.string('description') || null;
  if (params.has('receipt_email')) intent.receipt_email = params.string('receipt_email') || null;
  if (params.has('statement_descriptor'))
    intent.statement_descriptor = params.string('statement_descriptor') || null;
  if (params.has('statement_descriptor_suffix'))
    intent.statement_descriptor_suffix = params.string('statement_descriptor_suffix') || null;
  if (paymentMethod) intent.payment_method = paymentMethod.id;
  // A change to what is paid, or with what, needs a new confirmation (and a new 3D Secure step).
  if (moneyOrMethodChanged && intent.payment_method && intent.status !== 'requires_confirmation') {
    intent.status = 'requires_confirmation';
    intent.next_action = null;
  }
  return intent;
}

/** `POST /v1/payment_intents/:id/cancel`. */
export function cancelPaymentIntent(
  account: TestModeAccount,
  intent: PaymentIntent,
  params: Params,
  request: EventRequest,
): PaymentIntent {
  params.allowOnly(['cancellation_reason', 'expand']);
  const reason = params.oneOf('cancellation_reason', CANCELLATION_REASONS);
  if (!CANCELABLE.includes(intent.status))
    throw unexpectedState(
      intent,
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
    );
  intent.status = 'canceled';
  intent.canceled_at = account.timestamp();
  intent.cancellation_reason = reason ?? null;
  intent.next_action = null;
  account.events.record('payment_intent.canceled', intent, request);
  return intent;
}

/** Stripe's 400 for an action the intent's status does not allow; the body carries the intent. */
export function unexpectedState(intent: PaymentIntent, message: string): StripeApiError {
  return new StripeApiError(
    400,
    { code: 'payment_intent_unexpected_state', message, payment_intent: structuredClone(intent) },
    'ran',
  );
}

/**
 * At this API version (endive) a PaymentIntent takes `allowed_payment_method_types`, where older
 * ones took `payment_method_types`; the stand-in pays by card only, so the list must hold `card`.
 */
function allowedTypes(params: Params): string[] | undefined {
  const types = params.stringList('allowed_payment_method_types');
  if (types && (types.length === 0 || types.some((type) => type !== 'card')))
    throw parameterInvalid(
      'allowed_payment_method_types',
      'The local Stripe stand-in only supports the payment method type `card`.',
    );
  return types;
}

/**
 * Automatic payment methods are on unless only `allowed_payment_method_types` is given; with
 * `allow_redirects=always` (the default) confirming needs a `return_url`, as at Stripe.
 */
function automaticPaymentMethods(
  params: Params,
  types: string[] | undefined,
): PaymentIntent['automatic_payment_methods'] {
  const given = params.hash('automatic_payment_methods')?.allowOnly(['enabled', 'allow_redirects']);
  const enabled = given?.boolean('enabled');
  if (given && enabled === undefined) throw parameterMissing('automatic_payment_methods[enabled]');
  if (enabled === false || (types && enabled === undefined)) return null;
  return { enabled: true, allow_redirects: given?.oneOf('allow_redirects', ['always', 'never']) ?? 'always' };
}
