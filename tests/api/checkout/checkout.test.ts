import { beforeAll, describe, expect, it } from 'vitest';
import { addLine, cartCall, createCart, ensureMarkets, readCart, sellableVariants } from '../carts/cart-kit';
import { statementCount } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import { createPromotion } from '../promotions/promotion-kit';
import {
  type CheckoutAnswer,
  checkout,
  complete,
  deliverEventsOf,
  type PlacedOrder,
  readOrder,
  readyCart,
  recordsOfCart,
  stockOf,
  stripeClient,
  US_ADDRESS,
} from './checkout-kit';

// Checkout end to end (ADR 29): carts paid through the real `stripe` SDK against the Stripe
// stand-in, orders placed in Postgres, stock committed in the InventoryObjects.

beforeAll(ensureMarkets);

describe('checkout with a card confirmed at once', () => {
  it('places the order, commits the stock and closes the cart', async () => {
    const variants = await sellableVariants(10, 2_500);
    const cart = await readyCart(variants.slice(0, 2), 2);

    const response = await checkout(cart, { paymentMethod: 'pm_card_visa' });
    expect(response.status, await response.clone().text()).toBe(200);
    const answer = await response.json<CheckoutAnswer>();
    expect(answer.status).toBe('completed');
    expect(answer.payment).toMatchObject({ status: 'succeeded', clientSecret: null });
    const order = answer.order as PlacedOrder;
    expect(order.id).toMatch(/^ord_/);
    expect(order.number).toMatch(/^\d{3}-\d{3}-\d{3}$/);
    expect(order.status).toBe('paid');

    // The stock is the order's now: committed, no longer reserved.
    for (const variant of variants.slice(0, 2)) {
      expect(await stockOf(variant.sku)).toMatchObject({ committed: 2, reserved: 0, availableToSell: 8 });
    }
    expect(await recordsOfCart(cart.id)).toEqual({ orders: 1, payments: 1, refunded: 0, events: 1 });

    const read = await readOrder(order.id, order.accessToken);
    expect(read.status, await read.clone().text()).toBe(200);
    const placed = await read.json<{
      number: string;
      status: string;
      paymentStatus: string;
      lines: { sku: string; quantity: number; unitPrice: { amount: number } }[];
      totals: { subtotal: { amount: number }; grandTotal: { amount: number } };
    }>();
    expect(placed).toMatchObject({ number: order.number, status: 'paid', paymentStatus: 'paid' });
    expect(placed.lines.map((line) => [line.sku, line.quantity, line.unitPrice.amount])).toEqual(
      variants.slice(0, 2).map((variant) => [variant.sku, 2, 2_500]),
    );
    expect(placed.totals.subtotal.amount).toBe(10_000);
    expect(placed.totals.grandTotal.amount).toBe(answer.amount.amount);

    // The cart is closed: changes are refused, naming the order; completing again answers it.
    await expectProblem(
      await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
        token: cart.token,
        body: { variantId: variants[2]?.id, quantity: 1 },
      }),
      409,
      'cart_closed',
    );
    const again = await complete(cart);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(order);
  });
});

describe('checkout confirmed by the browser', () => {
  it('waits for the payment, then completes once however the news arrives', async () => {
    const [variant] = await sellableVariants(5, 1_999);
    if (!variant) throw new Error('no variant');
    const cart = await readyCart([variant], 1);

    const opened = await checkout(cart);
    expect(opened.status, await opened.clone().text()).toBe(200);
    const answer = await opened.json<CheckoutAnswer>();
    expect(answer).toMatchObject({ status: 'awaiting_payment', order: null });
    expect(answer.payment.clientSecret).toMatch(/^pi_.+_secret_/);

    // Not paid yet: completing is refused and changes nothing.
    await expectProblem(await complete(cart), 409, 'payment_incomplete');
    // Checking out again with the cart unchanged answers the same payment.
    const reopened = await (await checkout(cart)).json<CheckoutAnswer>();
    expect(reopened.payment.id).toBe(answer.payment.id);

    const stripe = await stripeClient();
    await stripe.paymentIntents.confirm(answer.payment.id, { payment_method: 'pm_card_visa' });

    // Stripe's webhook first, then the browser's complete: one order.
    const [delivered] = await deliverEventsOf(stripe, answer.payment.id);
    expect(delivered?.status).toBe(200);
    const completed = await complete(cart);
    expect(completed.status, await completed.clone().text()).toBe(200);
    const order = await completed.json<PlacedOrder>();
    expect(completed.headers.get('Location')).toBe(`/v1/orders/${order.id}`);
    expect(await recordsOfCart(cart.id)).toEqual({ orders: 1, payments: 1, refunded: 0, events: 1 });
    expect(await stockOf(variant.sku)).toMatchObject({ committed: 1, reserved: 0 });
  });

  it('cancels the payment of a cart changed after checkout, and opens a new one', async () => {
    const [first, second] = await sellableVariants(5, 1_000);
    if (!first || !second) throw new Error('no variants');
    const cart = await readyCart([first], 1);
    const opened = await (await checkout(cart)).json<CheckoutAnswer>();

    const changed = await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
      token: cart.token,
      body: { variantId: second.id, quantity: 1 },
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    const stripe = await stripeClient();
    expect((await stripe.paymentIntents.retrieve(opened.payment.id)).status).toBe('canceled');

    const reopened = await (await checkout(cart)).json<CheckoutAnswer>();
    expect(reopened.payment.id).not.toBe(opened.payment.id);
    expect(reopened.amount.amount).toBeGreaterThan(opened.amount.amount);
  });
});

describe('completion cost', () => {
  it('is 2 statements, with or without a code: the sequence, then the order and its code uses in one', async () => {
    const [variant] = await sellableVariants(10, 2_000);
    if (!variant) throw new Error('no variant');
    const promotion = await createPromotion({ usageLimit: 10 });
    const stripe = await stripeClient();
    for (const code of [null, promotion.code]) {
      const cart = await readyCart([variant], 1);
      if (code)
        expect(
          (await cartCall('POST', `/v1/carts/${cart.id}/promotions`, { token: cart.token, body: { code } }))
            .status,
        ).toBe(200);
      const opened = await (await checkout(cart)).json<CheckoutAnswer>();
      await stripe.paymentIntents.confirm(opened.payment.id, { payment_method: 'pm_card_visa' });
      const completed = await complete(cart);
      expect(completed.status, await completed.clone().text()).toBe(200);
      expect(statementCount(completed)).toBe(2);
      // Answered again from the cart: no SQL at all.
      expect(statementCount(await complete(cart))).toBe(0);
    }
  });
});

describe('a declined card', () => {
  it('places no order, releases the stock and leaves the cart open for another card', async () => {
    const [variant] = await sellableVariants(3, 1_500);
    if (!variant) throw new Error('no variant');
    const cart = await readyCart([variant], 2);

    const declined = await checkout(cart, { paymentMethod: 'pm_card_chargeDeclined' });
    const problem = await expectProblem(declined, 402, 'payment_declined');
    expect(problem.declineCode).toBe('generic_decline');
    expect(await stockOf(variant.sku)).toMatchObject({ reserved: 0, committed: 0 });
    expect(await recordsOfCart(cart.id)).toEqual({ orders: 0, payments: 0, refunded: 0, events: 0 });
    await expectProblem(await complete(cart), 409, 'checkout_required');

    const lines = (await readCart(cart)).lines;
    expect(lines.map((line) => line.availability.status)).toEqual(['reservation_expired']);

    const paid = await checkout(cart, { paymentMethod: 'pm_card_visa' });
    expect(paid.status, await paid.clone().text()).toBe(200);
    expect((await paid.json<CheckoutAnswer>()).status).toBe('completed');
    expect(await stockOf(variant.sku)).toMatchObject({ reserved: 0, committed: 2 });
  });
});

describe('checkout refuses what cannot be paid for', () => {
  it('an empty cart, a cart without address, and bad bodies', async () => {
    const [variant] = await sellableVariants(3, 1_500);
    if (!variant) throw new Error('no variant');
    const empty = await createCart();
    const noLines = await checkout(empty, { shippingAddress: US_ADDRESS });
    expect((await expectProblem(noLines, 422, 'checkout_incomplete')).missing).toEqual([
      'lines',
      'shipping_method',
    ]);
    const unaddressed = await createCart();
    await addLine(unaddressed, variant.id, 1);
    const noAddress = await checkout(unaddressed);
    expect((await expectProblem(noAddress, 422, 'checkout_incomplete')).missing).toEqual([
      'shipping_address',
    ]);
    expect(await recordsOfCart(unaddressed.id)).toEqual({ orders: 0, payments: 0, refunded: 0, events: 0 });

    const cart = await readyCart([variant], 1);
    await expectProblem(await checkout(cart, { email: 'not-an-email' }), 400, 'validation_failed');
    await expectProblem(await checkout(cart, { paymentMethod: 'card_visa' }), 400, 'validation_failed');
    await expectProblem(
      await checkout(cart, { shippingMethod: 'teleport' }),
      422,
      'shipping_method_unavailable',
    );
    await expectProblem(
      await checkout(cart, { shippingAddress: { ...US_ADDRESS_WITHOUT_REGION } }),
      422,
      'invalid_address',
    );
    await expectProblem(
      await cartCall('POST', `/v1/carts/${cart.id}/checkout`, { token: null, body: { email: 'a@b.co' } }),
      404,
      'not_found',
    );
    await expectProblem(await complete({ ...cart, token: 'x'.repeat(43) }), 404, 'not_found');
  });
});

const US_ADDRESS_WITHOUT_REGION = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '1 Infinite Loop',
  city: 'Cupertino',
  postalCode: '95014',
  country: 'US',
};

describe('orders open to their holder only', () => {
  it('answers 404 to another token and to no token, as for no order', async () => {
    const [variant] = await sellableVariants(3, 1_500);
    if (!variant) throw new Error('no variant');
    const cart = await readyCart([variant], 1);
    const order = (await (await checkout(cart, { paymentMethod: 'pm_card_visa' })).json<CheckoutAnswer>())
      .order as PlacedOrder;
    await expectProblem(await readOrder(order.id, null), 404, 'not_found');
    await expectProblem(await readOrder(order.id, 'A'.repeat(43)), 404, 'not_found');
    await expectProblem(await readOrder('ord_doesnotexist', order.accessToken), 404, 'not_found');
    await expectProblem(await readOrder('cart_notanorder', order.accessToken), 404, 'not_found');
  });
});
