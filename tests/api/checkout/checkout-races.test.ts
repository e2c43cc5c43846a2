import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureMarkets, readCart, sellableVariants } from '../carts/cart-kit';
import { expectProblem } from '../problem-assertions';
import {
  type CheckoutAnswer,
  checkout,
  complete,
  deliverEvent,
  eventsOf,
  type PlacedOrder,
  readyCart,
  recordsOfCart,
  stockOf,
  stripeClient,
} from './checkout-kit';

// Whatever arrives twice (ADR 29): completions racing each other and Stripe's redelivered
// webhooks place one order; a payment for a cart whose stock sold meanwhile is refunded.

beforeAll(ensureMarkets);

describe('completion under races', () => {
  it('20 concurrent completions and 3 webhook deliveries place exactly one order', async () => {
    const [variant] = await sellableVariants(10, 3_000);
    if (!variant) throw new Error('no variant');
    const cart = await readyCart([variant], 2);
    const opened = await (await checkout(cart)).json<CheckoutAnswer>();
    const stripe = await stripeClient();
    await stripe.paymentIntents.confirm(opened.payment.id, { payment_method: 'pm_card_visa' });
    const [succeeded] = await eventsOf(stripe, opened.payment.id, ['payment_intent.succeeded']);
    if (!succeeded) throw new Error('no payment_intent.succeeded event');

    const [completions, deliveries] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => complete(cart))),
      Promise.all(Array.from({ length: 3 }, () => deliverEvent(succeeded))),
    ]);

    expect(completions.map((response) => response.status)).toEqual(Array(20).fill(200));
    const orders = await Promise.all(completions.map((response) => response.json<PlacedOrder>()));
    expect(new Set(orders.map((order) => order.id)).size).toBe(1);
    expect(deliveries.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(await recordsOfCart(cart.id)).toEqual({ orders: 1, payments: 1, refunded: 0, events: 1 });
    expect(await stockOf(variant.sku)).toMatchObject({ committed: 2, reserved: 0, availableToSell: 8 });
  });
});

describe('a payment that arrives after the stock sold', () => {
  it('is refunded in full, records why, places no order and leaves the cart open', async () => {
    const [variant] = await sellableVariants(2, 2_000);
    if (!variant) throw new Error('no variant');
    const late = await readyCart([variant], 2);
    const opened = await (await checkout(late)).json<CheckoutAnswer>();

    // The late cart's hold lapses (as its alarm would free it) and another shopper buys it all.
    await env.INVENTORY.getByName(variant.sku).release(late.id);
    const early = await readyCart([variant], 2);
    expect(
      (await (await checkout(early, { paymentMethod: 'pm_card_visa' })).json<CheckoutAnswer>()).status,
    ).toBe('completed');

    const stripe = await stripeClient();
    await stripe.paymentIntents.confirm(opened.payment.id, { payment_method: 'pm_card_visa' });
    const refused = await expectProblem(await complete(late), 409, 'order_refunded');
    expect(refused.refundReason).toBe('stock_unavailable');

    const intent = await stripe.paymentIntents.retrieve(opened.payment.id, { expand: ['latest_charge'] });
    const charge = intent.latest_charge as { amount_refunded: number; refunded: boolean };
    expect(charge).toMatchObject({ refunded: true, amount_refunded: opened.amount.amount });
    expect(await recordsOfCart(late.id)).toEqual({ orders: 0, payments: 1, refunded: 1, events: 0 });
    expect(await stockOf(variant.sku)).toMatchObject({ committed: 2, reserved: 0, availableToSell: 0 });

    // Stripe's own news of the payment changes nothing more, and the cart is still the shopper's.
    const [succeeded] = await eventsOf(stripe, opened.payment.id, ['payment_intent.succeeded']);
    if (!succeeded) throw new Error('no payment_intent.succeeded event');
    expect((await deliverEvent(succeeded)).status).toBe(200);
    expect(await recordsOfCart(late.id)).toEqual({ orders: 0, payments: 1, refunded: 1, events: 0 });
    expect((await readCart(late)).lines).toHaveLength(1);
  });
});

describe('a payment that failed at Stripe', () => {
  it('reaches the cart by webhook: the stock goes back, the cart can pay again', async () => {
    const [variant] = await sellableVariants(4, 2_000);
    if (!variant) throw new Error('no variant');
    const cart = await readyCart([variant], 3);
    const opened = await (await checkout(cart)).json<CheckoutAnswer>();
    expect(await stockOf(variant.sku)).toMatchObject({ reserved: 3 });

    // The browser confirms with a card that is declined.
    const stripe = await stripeClient();
    await expect(
      stripe.paymentIntents.confirm(opened.payment.id, { payment_method: 'pm_card_chargeDeclined' }),
    ).rejects.toThrow();
    const [failed] = await eventsOf(stripe, opened.payment.id, ['payment_intent.payment_failed']);
    if (!failed) throw new Error('no payment_intent.payment_failed event');
    expect((await deliverEvent(failed)).status).toBe(200);

    expect(await stockOf(variant.sku)).toMatchObject({ reserved: 0, committed: 0 });
    await expectProblem(await complete(cart), 409, 'checkout_required');
    const again = await (await checkout(cart, { paymentMethod: 'pm_card_visa' })).json<CheckoutAnswer>();
    expect(again.status).toBe('completed');
    expect(again.payment.id).not.toBe(opened.payment.id);
    expect(await recordsOfCart(cart.id)).toEqual({ orders: 1, payments: 1, refunded: 0, events: 1 });
  });
});
