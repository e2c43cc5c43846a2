import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripeStandIn, startStripeStandIn } from './server';
import { stripeFor, thrownBy } from './testing';

let standIn: StripeStandIn;
let stripe: Stripe;
let clock = Date.parse('2026-11-22T10:00:00Z');

beforeAll(async () => {
  standIn = await startStripeStandIn({ now: () => clock });
  stripe = stripeFor(standIn);
});
afterAll(() => standIn.stop());

const payment = (amount: number): Stripe.PaymentIntentCreateParams => ({
  amount,
  currency: 'eur',
  allowed_payment_method_types: ['card'],
  metadata: { cartId: 'cart_idem' },
});

describe('idempotency keys, as Stripe keeps them', () => {
  it('replays the first answer to a retry with the same key and parameters, marked Idempotent-Replayed', async () => {
    const first = await stripe.paymentIntents.create(payment(1_500), {
      idempotencyKey: 'checkout-cart_idem-1',
    });
    const retry = await stripe.paymentIntents.create(payment(1_500), {
      idempotencyKey: 'checkout-cart_idem-1',
    });
    expect(retry.id).toBe(first.id);
    expect(retry).toEqual(first);
    const headers = (retry.lastResponse as unknown as { headers: Record<string, string> }).headers;
    expect(headers['idempotent-replayed']).toBe('true');
    expect(headers['original-request']).toBe(first.lastResponse.requestId);
    expect(retry.lastResponse.requestId).not.toBe(first.lastResponse.requestId);
    const created = standIn.events().filter((event) => event.type === 'payment_intent.created');
    expect(created.filter((event) => (event.data.object as { id: string }).id === first.id)).toHaveLength(1);
  });

  it('refuses the same key with other parameters, or on another endpoint, with an idempotency_error', async () => {
    await stripe.paymentIntents.create(payment(1_500), { idempotencyKey: 'checkout-cart_idem-2' });
    const other = await thrownBy(
      stripe.paymentIntents.create(payment(1_600), { idempotencyKey: 'checkout-cart_idem-2' }),
    );
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(other).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect(other.message).toContain('same parameters');
    const elsewhere = await thrownBy(
      stripe.refunds.create({ payment_intent: 'pi_x' }, { idempotencyKey: 'checkout-cart_idem-2' }),
    );
    expect(elsewhere).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(elsewhere.message).toContain('same endpoint');
  });

  it('replays a decline too, but not a request refused for its parameters', async () => {
    const open = await stripe.paymentIntents.create(payment(1_500));
    const options = { idempotencyKey: 'confirm-declined' };
    const declined = await thrownBy(
      stripe.paymentIntents.confirm(open.id, { payment_method: 'pm_card_chargeDeclined' }, options),
    );
    const replayed = await thrownBy(
      stripe.paymentIntents.confirm(open.id, { payment_method: 'pm_card_chargeDeclined' }, options),
    );
    expect(replayed).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(replayed.charge).toBe(declined.charge);
    const charges = standIn.events().filter((event) => event.type === 'charge.failed');
    expect(
      charges.filter((event) => (event.data.object as { id: string }).id === declined.charge),
    ).toHaveLength(1);

    const invalid = { idempotencyKey: 'create-invalid' };
    await thrownBy(stripe.paymentIntents.create(payment(10), invalid));
    // The refusal was not kept: the key is still free for a valid request with other parameters.
    const valid = await stripe.paymentIntents.create(payment(1_500), invalid);
    expect(valid.status).toBe('requires_payment_method');
  });

  it('forgets a key after 24 hours', async () => {
    const first = await stripe.paymentIntents.create(payment(1_500), { idempotencyKey: 'checkout-day-old' });
    clock += 24 * 60 * 60 * 1000 + 1;
    const later = await stripe.paymentIntents.create(payment(1_500), { idempotencyKey: 'checkout-day-old' });
    expect(later.id).not.toBe(first.id);
  });

  it('keys every SDK POST by itself (stripe-node-retry-…), which events name as the request’s key', async () => {
    const intent = await stripe.paymentIntents.create(payment(1_500));
    const event = standIn.events().find((entry) => (entry.data.object as { id: string }).id === intent.id);
    expect(event?.request.id).toBe(intent.lastResponse.requestId);
    expect(event?.request.idempotency_key).toMatch(/^stripe-node-retry-/);
  });
});
