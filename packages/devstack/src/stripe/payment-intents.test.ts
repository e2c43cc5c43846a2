import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_API_VERSION, type StripeStandIn, startStripeStandIn } from './server';
import { stripeFor, thrownBy } from './testing';

// Every check goes through the real `stripe` SDK: the stand-in is worth something only if the
// checkout code's own calls, and the SDK's parsing of answers and errors, cannot tell it from Stripe.
let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  stripe = stripeFor(standIn);
});
afterAll(() => standIn.stop());

/** A cart's payment as the checkout will open it: cards only, so no return_url is needed. */
const cartPayment = (extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  ({
    amount: 4_990,
    currency: 'eur',
    allowed_payment_method_types: ['card'],
    metadata: { cartId: 'cart_123', orderId: 'ord_456' },
    description: 'Order ord_456',
    receipt_email: 'ada@example.com',
    ...extra,
  }) satisfies Stripe.PaymentIntentCreateParams;

describe('the Stripe stand-in speaks the API version the SDK pins', () => {
  it('answers with Stripe-Version and a req_ Request-Id on every response', async () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
    const intent = await stripe.paymentIntents.create(cartPayment());
    expect(intent.lastResponse.apiVersion).toBe(Stripe.API_VERSION);
    expect(intent.lastResponse.requestId).toMatch(/^req_\w{14}$/);
  });
});

describe('PaymentIntents through the stripe SDK', () => {
  it('creates an intent with Stripe’s shape, and retrieves it', async () => {
    const intent = await stripe.paymentIntents.create(cartPayment({ currency: 'EUR' }));
    expect(intent).toMatchObject({
      object: 'payment_intent',
      amount: 4_990,
      amount_received: 0,
      currency: 'eur',
      status: 'requires_payment_method',
      metadata: { cartId: 'cart_123', orderId: 'ord_456' },
      latest_charge: null,
      last_payment_error: null,
      next_action: null,
      livemode: false,
      payment_method: null,
      allowed_payment_method_types: ['card'],
      payment_method_types: ['card'],
      automatic_payment_methods: null,
      description: 'Order ord_456',
      receipt_email: 'ada@example.com',
    });
    expect(intent.id).toMatch(/^pi_\w{24}$/);
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_\\w+$`));
    expect(await stripe.paymentIntents.retrieve(intent.id)).toEqual(intent);
  });

  it('pays with pm_card_visa: succeeded, with an approved charge, expandable as latest_charge', async () => {
    const intent = await stripe.paymentIntents.create(
      cartPayment({ payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge'] }),
    );
    expect(intent.status).toBe('succeeded');
    expect(intent.amount_received).toBe(4_990);
    expect(intent.payment_method).toMatch(/^pm_\w{24}$/);
    const charge = intent.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      object: 'charge',
      amount: 4_990,
      amount_captured: 4_990,
      paid: true,
      captured: true,
      status: 'succeeded',
      refunded: false,
      payment_intent: intent.id,
      metadata: { cartId: 'cart_123', orderId: 'ord_456' },
      outcome: {
        network_status: 'approved_by_network',
        risk_level: 'normal',
        seller_message: 'Payment complete.',
        type: 'authorized',
      },
      payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242' } },
    });
    expect(charge.id).toMatch(/^ch_/);
    expect(charge.outcome?.risk_score).toBeTypeOf('number');
    const again = await stripe.paymentIntents.retrieve(intent.id);
    expect(again.latest_charge).toBe(charge.id);
  });

  it('pays with pm_card_mastercard in two steps: create with the method, then confirm', async () => {
    const open = await stripe.paymentIntents.create(cartPayment({ payment_method: 'pm_card_mastercard' }));
    expect(open.status).toBe('requires_confirmation');
    const paid = await stripe.paymentIntents.confirm(open.id, {
      expand: ['latest_charge', 'payment_method'],
    });
    expect(paid.status).toBe('succeeded');
    expect((paid.payment_method as Stripe.PaymentMethod).card?.brand).toBe('mastercard');
    expect((paid.latest_charge as Stripe.Charge).payment_method_details?.card?.last4).toBe('4444');
  });

  it('declines pm_card_chargeDeclined: a StripeCardError, and the intent asks for another method', async () => {
    const open = await stripe.paymentIntents.create(cartPayment());
    const error = await thrownBy(
      stripe.paymentIntents.confirm(open.id, { payment_method: 'pm_card_chargeDeclined' }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({
      statusCode: 402,
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    });
    expect(error.charge).toMatch(/^ch_/);
    expect(error.payment_intent).toMatchObject({ id: open.id, status: 'requires_payment_method' });
    expect(error.requestId).toMatch(/^req_/);

    const after = await stripe.paymentIntents.retrieve(open.id, { expand: ['latest_charge'] });
    expect(after.status).toBe('requires_payment_method');
    expect(after.payment_method).toBeNull();
    expect(after.last_payment_error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      charge: error.charge,
    });
    expect(after.latest_charge).toMatchObject({
      status: 'failed',
      paid: false,
      failure_code: 'card_declined',
      outcome: { network_status: 'declined_by_network', type: 'issuer_declined' },
    });
    // The customer tries another card on the same intent, which then succeeds.
    const retried = await stripe.paymentIntents.confirm(open.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
    expect(retried.last_payment_error).toBeNull();
  });

  it('waits for 3D Secure with pm_card_authenticationRequired, then succeeds or fails by the test hook', async () => {
    const intent = await stripe.paymentIntents.create(
      cartPayment({ payment_method: 'pm_card_authenticationRequired', confirm: true }),
    );
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action?.type).toBe('use_stripe_sdk');
    expect(intent.latest_charge).toBeNull();

    const authenticated = await authenticate(intent.id, 'succeed');
    expect(authenticated).toMatchObject({ status: 'succeeded', amount_received: 4_990, next_action: null });
    const charge = await stripe.charges.retrieve(String(authenticated.latest_charge));
    expect(charge.payment_method_details?.card?.three_d_secure).toMatchObject({ result: 'authenticated' });

    const redirected = await stripe.paymentIntents.create(
      cartPayment({
        payment_method: 'pm_card_authenticationRequired',
        confirm: true,
        return_url: 'https://shop.example/checkout/return',
      }),
    );
    expect(redirected.next_action).toMatchObject({
      type: 'redirect_to_url',
      redirect_to_url: { return_url: 'https://shop.example/checkout/return' },
    });
    expect(redirected.next_action?.redirect_to_url?.url).toContain(
      `/_stand-in/authenticate/${redirected.id}`,
    );
    const failed = await authenticate(redirected.id, 'fail');
    expect(failed).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      last_payment_error: { code: 'payment_intent_authentication_failure' },
    });
  });

  it('offers a 3D Secure page whose buttons finish the step and send the customer back to return_url', async () => {
    const intent = await stripe.paymentIntents.create(
      cartPayment({
        payment_method: 'pm_card_threeDSecure2Required',
        confirm: true,
        return_url: 'https://shop.example/checkout/return?cart=cart_123',
      }),
    );
    const page = await fetch(String(intent.next_action?.redirect_to_url?.url));
    expect(await page.text()).toContain('Complete authentication');
    const submitted = await fetch(`${standIn.url}/_stand-in/payment_intents/${intent.id}/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=succeed&redirect=true',
      redirect: 'manual',
    });
    expect(submitted.status).toBe(303);
    const back = new URL(String(submitted.headers.get('location')));
    expect(`${back.origin}${back.pathname}`).toBe('https://shop.example/checkout/return');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      cart: 'cart_123',
      payment_intent: intent.id,
      payment_intent_client_secret: intent.client_secret,
      redirect_status: 'succeeded',
    });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  it('declines a card that needs 3D Secure when the customer is not there (off_session)', async () => {
    const error = await thrownBy(
      stripe.paymentIntents.create(
        cartPayment({ payment_method: 'pm_card_authenticationRequired', confirm: true, off_session: true }),
      ),
    );
    expect(error).toMatchObject({ statusCode: 402, code: 'authentication_required' });
  });

  it('reports Radar’s risk: elevated is paid with risk_level elevated, highest is blocked', async () => {
    const elevated = await stripe.paymentIntents.create(
      cartPayment({ payment_method: 'pm_card_riskLevelElevated', confirm: true, expand: ['latest_charge'] }),
    );
    expect(elevated.status).toBe('succeeded');
    expect((elevated.latest_charge as Stripe.Charge).outcome).toMatchObject({
      network_status: 'approved_by_network',
      risk_level: 'elevated',
      type: 'authorized',
    });

    const blocked = await thrownBy(
      stripe.paymentIntents.create(
        cartPayment({ payment_method: 'pm_card_riskLevelHighest', confirm: true }),
      ),
    );
    expect(blocked).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(blocked).toMatchObject({ code: 'card_declined', decline_code: 'fraudulent' });
    const charge = await stripe.charges.retrieve(String(blocked.charge));
    expect(charge.outcome).toMatchObject({
      network_status: 'not_sent_to_network',
      risk_level: 'highest',
      type: 'blocked',
      seller_message: 'Stripe blocked this payment as too risky.',
    });
  });

  it('updates amount and metadata while unpaid (an empty value removes a key), only metadata once paid', async () => {
    const open = await stripe.paymentIntents.create(cartPayment());
    const updated = await stripe.paymentIntents.update(open.id, {
      amount: 5_990,
      metadata: { orderId: '', coupon: 'WELCOME10' },
      payment_method: 'pm_card_visa',
    });
    expect(updated).toMatchObject({
      amount: 5_990,
      metadata: { cartId: 'cart_123', coupon: 'WELCOME10' },
      status: 'requires_confirmation',
    });
    expect(updated.metadata).not.toHaveProperty('orderId');
    const paid = await stripe.paymentIntents.confirm(open.id);
    expect(paid.amount_received).toBe(5_990);

    const late = await thrownBy(stripe.paymentIntents.update(open.id, { amount: 100 }));
    expect(late).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(late).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    const tagged = await stripe.paymentIntents.update(open.id, { metadata: { shipped: 'yes' } });
    expect(tagged.metadata.shipped).toBe('yes');
  });

  it('refuses to confirm a succeeded or canceled intent, and to cancel a succeeded one', async () => {
    const paid = await stripe.paymentIntents.create(
      cartPayment({ payment_method: 'pm_card_visa', confirm: true }),
    );
    const twice = await thrownBy(stripe.paymentIntents.confirm(paid.id));
    expect(twice).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(twice.message).toContain('already succeeded');
    expect(twice.payment_intent).toMatchObject({ id: paid.id, status: 'succeeded' });
    const cancelPaid = await thrownBy(stripe.paymentIntents.cancel(paid.id));
    expect(cancelPaid).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });

    const open = await stripe.paymentIntents.create(cartPayment());
    const canceled = await stripe.paymentIntents.cancel(open.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(canceled.canceled_at).toBeTypeOf('number');
    const confirmCanceled = await thrownBy(
      stripe.paymentIntents.confirm(open.id, { payment_method: 'pm_card_visa' }),
    );
    expect(confirmCanceled).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    const badReason = await thrownBy(
      stripe.paymentIntents.cancel((await stripe.paymentIntents.create(cartPayment())).id, {
        cancellation_reason: 'changed_mind' as 'abandoned',
      }),
    );
    expect(badReason).toMatchObject({ statusCode: 400, param: 'cancellation_reason' });
  });

  it('answers an unknown id with 404 resource_missing, and an unknown payment method with 400', async () => {
    const missing = await thrownBy(stripe.paymentIntents.retrieve('pi_doesNotExist000000000000'));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'intent',
      message: "No such payment_intent: 'pi_doesNotExist000000000000'",
    });
    const badMethod = await thrownBy(
      stripe.paymentIntents.create(cartPayment({ payment_method: 'pm_card_bogus', confirm: true })),
    );
    expect(badMethod).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_method' });
  });

  it('validates parameters as Stripe does, naming each param', async () => {
    const noAmount = await thrownBy(
      stripe.paymentIntents.create({ currency: 'eur' } as Stripe.PaymentIntentCreateParams),
    );
    expect(noAmount).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'amount' });
    const badCurrency = await thrownBy(stripe.paymentIntents.create(cartPayment({ currency: 'xyz' })));
    expect(badCurrency).toMatchObject({ statusCode: 400, param: 'currency' });
    const tooSmall = await thrownBy(stripe.paymentIntents.create(cartPayment({ amount: 10 })));
    expect(tooSmall).toMatchObject({ code: 'amount_too_small', param: 'amount' });
    const unknown = await thrownBy(
      stripe.paymentIntents.create({ ...cartPayment(), colour: 'blue' } as Stripe.PaymentIntentCreateParams),
    );
    expect(unknown).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    // At this API version (endive) the list is `allowed_payment_method_types`; the old name is refused.
    const oldName = await thrownBy(
      stripe.paymentIntents.create({
        amount: 2_000,
        currency: 'eur',
        payment_method_types: ['card'],
      } as Stripe.PaymentIntentCreateParams),
    );
    expect(oldName).toMatchObject({ code: 'parameter_unknown', param: 'payment_method_types' });
    const notExpandable = await thrownBy(stripe.paymentIntents.create(cartPayment({ expand: ['currency'] })));
    expect(notExpandable).toMatchObject({ statusCode: 400, param: 'expand' });
  });

  it('needs a return_url to confirm with automatic payment methods that may redirect, as Stripe does', async () => {
    const error = await thrownBy(
      stripe.paymentIntents.create({
        amount: 2_000,
        currency: 'usd',
        automatic_payment_methods: { enabled: true },
        payment_method: 'pm_card_visa',
        confirm: true,
      }),
    );
    expect(error).toMatchObject({ statusCode: 400, param: 'return_url' });
    const noRedirects = await stripe.paymentIntents.create({
      amount: 2_000,
      currency: 'usd',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(noRedirects.status).toBe('succeeded');
  });

  it('refuses a wrong or missing key with 401, as a StripeAuthenticationError', async () => {
    const wrong = await thrownBy(
      stripeFor(standIn, 'sk_test_wrongKeyWrongKeyWrongKey1234').paymentIntents.create(cartPayment()),
    );
    expect(wrong).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.message).toMatch(/^Invalid API Key provided: sk_test_\*{24}1234$/);
    const missing = await fetch(`${standIn.url}/v1/payment_intents`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});

async function authenticate(id: string, outcome: 'succeed' | 'fail'): Promise<Stripe.PaymentIntent> {
  const response = await fetch(`${standIn.url}/_stand-in/payment_intents/${id}/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Stripe.PaymentIntent;
}
