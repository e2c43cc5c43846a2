import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../../workers/api/src/index';
import { cartCall, ensureMarkets, type OpenCart, sellableVariants } from '../carts/cart-kit';
import { withDatabase } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import { createPromotion } from '../promotions/promotion-kit';
import { type CheckoutAnswer, checkout, complete, readyCart, stripeClient } from './checkout-kit';

// A code with a usage limit is held for a checkout while its payment is open (ADR 29): never
// promised to more shoppers than it has uses, and given back when a checkout does not end in
// an order.

beforeAll(ensureMarkets);

const applyCode = (cart: OpenCart, code: string) =>
  cartCall('POST', `/v1/carts/${cart.id}/promotions`, { token: cart.token, body: { code } });

const usageOf = async (promotionId: string) =>
  withDatabase(async (db) => {
    const { rows } = await db.execute<{ usage_count: number; holds: number; taken: number }>(sql`
      select usage_count,
             (select count(*)::int from promotion_holds where promotion_id = ${promotionId}) as holds,
             (select count(*)::int from promotion_holds where promotion_id = ${promotionId} and order_id is not null) as taken
      from promotions where id = ${promotionId}`);
    return rows[0];
  });

describe('a code with a usage limit', () => {
  it('gives exactly 5 of 20 concurrent checkouts the discount; the others are told before paying', async () => {
    const variants = await sellableVariants(100, 2_000);
    const promotion = await createPromotion({ usageLimit: 5 });
    const carts = await Promise.all(Array.from({ length: 20 }, () => readyCart(variants.slice(0, 1), 1)));
    for (const cart of carts) expect((await applyCode(cart, promotion.code)).status).toBe(200);

    const answers = await Promise.all(carts.map((cart) => checkout(cart, { paymentMethod: 'pm_card_visa' })));
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 422)).toHaveLength(15);
    for (const refused of answers.filter((response) => response.status === 422))
      await expectProblem(refused, 422, 'promotion_exhausted');
    const paid = await Promise.all(
      answers
        .filter((response) => response.status === 200)
        .map((response) => response.json<CheckoutAnswer>()),
    );
    expect(paid.map((answer) => answer.status)).toEqual(Array(5).fill('completed'));
    // 25% off 20.00, plus shipping and tax: less than the undiscounted total.
    expect(await usageOf(promotion.id)).toEqual({ usage_count: 5, holds: 5, taken: 5 });

    // The refused shoppers remove the code and pay full price: 20 orders, 5 discounted.
    const refusedCarts = carts.filter((_, index) => statuses[index] === 422);
    for (const cart of refusedCarts) {
      const removed = await cartCall('DELETE', `/v1/carts/${cart.id}/promotions/${promotion.code}`, {
        token: cart.token,
      });
      expect(removed.status).toBe(200);
      const full = await checkout(cart, { paymentMethod: 'pm_card_visa' });
      expect(full.status, await full.clone().text()).toBe(200);
    }
    const orders = await withDatabase(async (db) => {
      const { rows } = await db.execute<{ discounted: number; total: number }>(sql`
        select count(*) filter (where discount_total > 0)::int as discounted, count(*)::int as total
        from orders where cart_id in (select jsonb_array_elements_text(${JSON.stringify(carts.map((cart) => cart.id))}::jsonb))`);
      return rows[0];
    });
    expect(orders).toEqual({ discounted: 5, total: 20 });
    expect(await usageOf(promotion.id)).toEqual({ usage_count: 5, holds: 5, taken: 5 });
  });

  it('is given back when the payment is declined, and when a changed cart cancels it', async () => {
    const variants = await sellableVariants(10, 2_000);
    const promotion = await createPromotion({ usageLimit: 1 });
    const first = await readyCart(variants.slice(0, 1), 1);
    expect((await applyCode(first, promotion.code)).status).toBe(200);

    await expectProblem(
      await checkout(first, { paymentMethod: 'pm_card_chargeDeclined' }),
      402,
      'payment_declined',
    );
    expect(await usageOf(promotion.id)).toEqual({ usage_count: 0, holds: 0, taken: 0 });

    // Held by an open payment: a second cart cannot have the last use, at checkout or before.
    const second = await readyCart(variants.slice(1, 2), 1);
    expect((await applyCode(second, promotion.code)).status).toBe(200);
    const opened = await (await checkout(first)).json<CheckoutAnswer>();
    expect(await usageOf(promotion.id)).toEqual({ usage_count: 1, holds: 1, taken: 0 });
    await expectProblem(await checkout(second), 422, 'promotion_exhausted');
    const third = await readyCart(variants.slice(1, 2), 1);
    await expectProblem(await applyCode(third, promotion.code), 422, 'promotion_exhausted');

    // The first cart changes: its payment is cancelled and the use given back.
    const changed = await cartCall('POST', `/v1/carts/${first.id}/lines`, {
      token: first.token,
      body: { variantId: variants[2]?.id, quantity: 1 },
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect((await (await stripeClient()).paymentIntents.retrieve(opened.payment.id)).status).toBe('canceled');
    expect(await usageOf(promotion.id)).toEqual({ usage_count: 0, holds: 0, taken: 0 });
    const now = await checkout(second, { paymentMethod: 'pm_card_visa' });
    expect(now.status, await now.clone().text()).toBe(200);
    expect(await usageOf(promotion.id)).toEqual({ usage_count: 1, holds: 1, taken: 1 });
  });

  it('is given back by the cron when a checkout is left open past its hold', async () => {
    const variants = await sellableVariants(10, 2_000);
    const promotion = await createPromotion({ usageLimit: 2 });
    const [left, paid] = [await readyCart(variants.slice(0, 1), 1), await readyCart(variants.slice(1, 2), 1)];
    for (const cart of [left, paid]) expect((await applyCode(cart, promotion.code)).status).toBe(200);
    await checkout(left);
    expect((await checkout(paid, { paymentMethod: 'pm_card_visa' })).status).toBe(200);
    expect(await usageOf(promotion.id)).toEqual({ usage_count: 2, holds: 2, taken: 1 });

    // The open checkout's hold lapses (as its deadline passing would), then the cron runs.
    await withDatabase((db) =>
      db.execute(sql`update promotion_holds set held_until = now() - interval '1 second'
                     where promotion_id = ${promotion.id}`),
    );
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    // The order's use stays taken; the open checkout's comes back.
    expect(await usageOf(promotion.id)).toEqual({ usage_count: 1, holds: 1, taken: 1 });
  });

  it('a completion whose hold lapsed counts the use again, or is refunded if the code ran out', async () => {
    const variants = await sellableVariants(10, 2_000);
    const promotion = await createPromotion({ usageLimit: 1 });
    const stripe = await stripeClient();
    const lapse = async () => {
      await withDatabase((db) =>
        db.execute(sql`update promotion_holds set held_until = now() - interval '1 second'
                       where promotion_id = ${promotion.id} and order_id is null`),
      );
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    const openCheckout = async (index: number) => {
      const cart = await readyCart(variants.slice(index, index + 1), 1);
      expect((await applyCode(cart, promotion.code)).status).toBe(200);
      const opened = await (await checkout(cart)).json<CheckoutAnswer>();
      return { cart, opened };
    };

    // The hold lapses and is given back; the code is still free: the completion takes it again.
    const first = await openCheckout(0);
    await lapse();
    expect(await usageOf(promotion.id)).toEqual({ usage_count: 0, holds: 0, taken: 0 });
    await stripe.paymentIntents.confirm(first.opened.payment.id, { payment_method: 'pm_card_visa' });
    const placed = await complete(first.cart);
    expect(placed.status, await placed.clone().text()).toBe(200);
    expect(await usageOf(promotion.id)).toEqual({ usage_count: 1, holds: 1, taken: 1 });

    // Another code: its hold lapses, and another shopper takes its only use before this one pays.
    const scarce = await createPromotion({ usageLimit: 1 });
    const late = await readyCart(variants.slice(1, 2), 1);
    expect((await applyCode(late, scarce.code)).status).toBe(200);
    const lateCheckout = await (await checkout(late)).json<CheckoutAnswer>();
    await withDatabase((db) =>
      db.execute(
        sql`update promotion_holds set held_until = now() - interval '1 second' where promotion_id = ${scarce.id}`,
      ),
    );
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const early = await readyCart(variants.slice(2, 3), 1);
    expect((await applyCode(early, scarce.code)).status).toBe(200);
    expect((await checkout(early, { paymentMethod: 'pm_card_visa' })).status).toBe(200);

    await stripe.paymentIntents.confirm(lateCheckout.payment.id, { payment_method: 'pm_card_visa' });
    const refused = await expectProblem(await complete(late), 409, 'order_refunded');
    expect(refused.refundReason).toBe('promotion_refused');
    expect(await usageOf(scarce.id)).toEqual({ usage_count: 1, holds: 1, taken: 1 });
    const intent = await stripe.paymentIntents.retrieve(lateCheckout.payment.id, {
      expand: ['latest_charge'],
    });
    expect((intent.latest_charge as { refunded: boolean }).refunded).toBe(true);
  });
});
