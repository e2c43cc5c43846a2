import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { cartCall, ensureMarkets, readCart, sellableVariants } from '../carts/cart-kit';
import { expectProblem } from '../problem-assertions';
import {
  type CheckoutAnswer,
  checkout,
  readyCart,
  recordsOfCart,
  stockOf,
  stripeClient,
} from './checkout-kit';

// The checkout's backstop: a payment that succeeded while both the browser's completion and
// Stripe's webhook were lost still becomes an order, from the cart's own alarm (ADR 29, sweep).

beforeAll(ensureMarkets);

const MINUTE = 60_000;

/** The cart's sweep as its storage holds it, and the alarm set. */
async function sweepOf(cartId: string) {
  return runInDurableObject(env.CART.getByName(cartId), async (_instance, state) => ({
    sweep: state.storage.sql.exec('SELECT due_at, tries FROM cart_checkout_sweep').toArray()[0] as
      | { due_at: number; tries: number }
      | undefined,
    alarm: await state.storage.getAlarm(),
  }));
}

/** As the sweep's wait would: its deadline moved into the past, and the alarm run. */
async function sweepNow(cartId: string): Promise<void> {
  const object = env.CART.getByName(cartId);
  await runInDurableObject(object, (_instance, state) => {
    state.storage.sql.exec('UPDATE cart_checkout_sweep SET due_at = ?', Date.now() - 1);
  });
  expect(await runDurableObjectAlarm(object)).toBe(true);
}

async function openCheckout(onHand = 10) {
  const [variant] = await sellableVariants(onHand, 1_200);
  if (!variant) throw new Error('no variant');
  const cart = await readyCart([variant], 2);
  const answer = await checkout(cart);
  expect(answer.status, await answer.clone().text()).toBe(200);
  const opened = await answer.json<CheckoutAnswer>();
  expect(opened.status).toBe('awaiting_payment');
  return { cart, variant, paymentId: opened.payment.id };
}

describe('the checkout sweep', { timeout: 60_000 }, () => {
  it('places the order of a payment nobody completed, from the cart’s alarm', async () => {
    const { cart, variant, paymentId } = await openCheckout();
    const before = Date.now();
    const { sweep, alarm } = await sweepOf(cart.id);
    expect(sweep?.tries).toBe(0);
    expect(sweep?.due_at).toBeGreaterThanOrEqual(before + 10 * MINUTE - 5_000);
    expect(alarm).toBeLessThanOrEqual(sweep?.due_at ?? 0);

    // The shopper pays; the browser's completion and the webhook are both lost.
    await (await stripeClient()).paymentIntents.confirm(paymentId, { payment_method: 'pm_card_visa' });
    expect(await recordsOfCart(cart.id)).toMatchObject({ orders: 0 });

    await sweepNow(cart.id);
    expect(await recordsOfCart(cart.id)).toEqual({ orders: 1, payments: 1, refunded: 0, events: 1 });
    expect(await stockOf(variant.sku)).toMatchObject({ committed: 2, reserved: 0 });
    // Closed: what the shopper's next call learns, the order it became included.
    const read = await cartCall('GET', `/v1/carts/${cart.id}`, { token: cart.token });
    const closed = await expectProblem(read, 409, 'cart_closed');
    expect(JSON.stringify(closed)).toContain('completed');
    expect((await sweepOf(cart.id)).sweep).toBeUndefined();
  });

  it('owes no sweep, and sets no alarm for one, once the order is placed', async () => {
    const [variant] = await sellableVariants(10, 1_200);
    if (!variant) throw new Error('no variant');
    const cart = await readyCart([variant], 1);
    const paid = await checkout(cart, { paymentMethod: 'pm_card_visa' });
    expect((await paid.json<CheckoutAnswer>()).status).toBe('completed');
    expect(await sweepOf(cart.id)).toEqual({ sweep: undefined, alarm: null });
  });

  it('looks again later at a payment still unconfirmed, and lets a declined one go', async () => {
    const { cart, variant, paymentId } = await openCheckout();
    await sweepNow(cart.id);
    const later = await sweepOf(cart.id);
    expect(later.sweep?.tries).toBe(1);
    expect(later.sweep?.due_at).toBeGreaterThan(Date.now() + 29 * MINUTE);
    expect(later.alarm).toBeLessThanOrEqual(later.sweep?.due_at ?? 0);
    expect(await recordsOfCart(cart.id)).toMatchObject({ orders: 0 });

    await (await stripeClient()).paymentIntents
      .confirm(paymentId, { payment_method: 'pm_card_chargeDeclined' })
      .catch(() => undefined);
    await sweepNow(cart.id);
    expect(await recordsOfCart(cart.id)).toMatchObject({ orders: 0, payments: 0 });
    expect((await readCart(cart)).status).toBe('open');
    expect(await stockOf(variant.sku)).toMatchObject({ committed: 0, reserved: 0 });
    expect((await sweepOf(cart.id)).sweep).toBeUndefined();
  });
});
