import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cartCall, ensureMarkets, sellableVariants } from '../carts/cart-kit';
import { adminRequest, withDatabase } from '../catalog/catalog-test-kit';
import { call, register } from '../identity/customer-kit';
import { expectProblem } from '../problem-assertions';
import {
  type CheckoutAnswer,
  checkout,
  orderEventsOf,
  type PlacedOrder,
  paidOrder,
  readOrder,
  readyCart,
  stockOf,
  stripeClient,
} from './checkout-kit';

// Orders after checkout: the customer's own list, the operators' list and search, releasing a
// held order, and cancelling one before it ships (refunded, stock released), each exactly once.

beforeAll(ensureMarkets);

interface AdminOrder {
  id: string;
  number: string;
  status: string;
  paymentStatus: string;
  customerId: string | null;
  riskLevel: string | null;
  totals: { grandTotal: { amount: number } };
}

describe("a customer's orders", () => {
  it('lists the orders of carts they claimed, and opens them to no one else', async () => {
    const [variant] = await sellableVariants(10, 2_000);
    if (!variant) throw new Error('no variant');
    const [ada, grace] = [await register(), await register()];
    const cart = await readyCart([variant], 1);
    const claimed = await cartCall('POST', `/v1/carts/${cart.id}/claim`, {
      token: cart.token,
      headers: { Authorization: `Bearer ${ada.accessToken}` },
    });
    expect(claimed.status, await claimed.clone().text()).toBe(200);
    const order = (await (await checkout(cart, { paymentMethod: 'pm_card_visa' })).json<CheckoutAnswer>())
      .order as PlacedOrder;

    const mine = await call('GET', '/v1/customers/me/orders', { token: ada.accessToken });
    expect(mine.status, await mine.clone().text()).toBe(200);
    const page = await mine.json<{ data: { id: string; number: string }[]; nextCursor: string | null }>();
    expect(page.data.map((listed) => [listed.id, listed.number])).toEqual([[order.id, order.number]]);
    expect(page.nextCursor).toBeNull();
    expect((await call('GET', `/v1/orders/${order.id}`, { token: ada.accessToken })).status).toBe(200);

    // Another customer: an empty list, and 404 for the order, as if it did not exist.
    const theirs = await call('GET', '/v1/customers/me/orders', { token: grace.accessToken });
    expect((await theirs.json<{ data: unknown[] }>()).data).toEqual([]);
    await expectProblem(
      await call('GET', `/v1/orders/${order.id}`, { token: grace.accessToken }),
      404,
      'not_found',
    );
    await expectProblem(await readOrder(order.id, null), 404, 'not_found');
  });
});

describe('the operators’ order list', () => {
  it('finds an order by number, customer, status and total, and pages', async () => {
    const { order } = await paidOrder();
    const list = async (query: string) => {
      const response = await adminRequest('GET', `/v1/admin/orders?${query}`);
      expect(response.status, await response.clone().text()).toBe(200);
      return response.json<{ data: AdminOrder[]; nextCursor: string | null }>();
    };
    const byNumber = await list(`number=${order.number}`);
    expect(byNumber.data.map((found) => found.id)).toEqual([order.id]);
    const total = byNumber.data[0]?.totals.grandTotal.amount ?? 0;
    expect(
      (await list(`number=${order.number}&minTotal=${total}&maxTotal=${total}&status=paid`)).data,
    ).toHaveLength(1);
    expect((await list(`number=${order.number}&minTotal=${total + 1}`)).data).toHaveLength(0);
    expect((await list(`number=${order.number}&status=cancelled`)).data).toHaveLength(0);

    const first = await list('limit=1');
    expect(first.data).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second.data[0]?.id).not.toBe(first.data[0]?.id);

    await expectProblem(await adminRequest('GET', '/v1/admin/orders?colour=blue'), 400, 'validation_failed');
    await expectProblem(await adminRequest('GET', '/v1/admin/orders?number=12345'), 400, 'validation_failed');
    await expectProblem(await adminRequest('GET', '/v1/admin/orders?status=lost'), 400, 'validation_failed');
    await expectProblem(
      await adminRequest(
        'GET',
        `/v1/admin/orders?status=paid&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
      ),
      400,
      'cursor_mismatch',
    );
    await expectProblem(await adminRequest('GET', '/v1/admin/orders/ord_nosuchorder'), 404, 'not_found');
  });
});

describe('an order held for review', () => {
  it('is placed on_hold when the charge looks risky, and released by an operator', async () => {
    const { order } = await paidOrder(10, 'pm_card_riskLevelElevated');
    expect(order.status).toBe('on_hold');
    const held = await (await adminRequest('GET', `/v1/admin/orders/${order.id}`)).json<AdminOrder>();
    expect(held).toMatchObject({ status: 'on_hold', riskLevel: 'elevated' });

    const released = await adminRequest('POST', `/v1/admin/orders/${order.id}/release`);
    expect(released.status, await released.clone().text()).toBe(200);
    expect((await released.json<AdminOrder>()).status).toBe('fulfilling');
    expect((await adminRequest('POST', `/v1/admin/orders/${order.id}/release`)).status).toBe(200);
    expect(await orderEventsOf(order.id)).toEqual(['OrderCreated', 'OrderPaid', 'OrderReleased']);
  });
});

describe('cancelling an order', () => {
  it('refunds it once and releases its stock, however many operators press cancel', async () => {
    const { order, variant, paymentId } = await paidOrder(10);
    expect(await stockOf(variant.sku)).toMatchObject({ committed: 2, availableToSell: 8 });

    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        adminRequest('POST', `/v1/admin/orders/${order.id}/cancel`, { body: { reason: 'customer asked' } }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const cancelled = await answers[0]?.json<AdminOrder>();
    expect(cancelled).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });

    const intent = await (await stripeClient()).paymentIntents.retrieve(paymentId, {
      expand: ['latest_charge'],
    });
    const charge = intent.latest_charge as { amount: number; amount_refunded: number };
    expect(charge.amount_refunded).toBe(charge.amount);
    expect(await stockOf(variant.sku)).toMatchObject({ committed: 0, availableToSell: 10 });
    expect(await orderEventsOf(order.id)).toEqual([
      'OrderCreated',
      'OrderPaid',
      'OrderCancelled',
      'OrderRefunded',
    ]);
    const refunds = await withDatabase(async (db) => {
      const { rows } = await db.execute<{ n: number; refunded: number; captured: number }>(sql`
        select (select count(*)::int from payment_refunds r where r.payment_id = p.id) as n,
               p.refunded_amount::int as refunded, p.captured_amount::int as captured
        from payments p where p.order_id = ${order.id}`);
      return rows[0];
    });
    expect(refunds?.n).toBe(1);
    expect(refunds?.refunded).toBe(refunds?.captured);
  });

  it('is refused once something shipped, and for an order that is not there', async () => {
    const { order } = await paidOrder(10);
    await withDatabase((db) => db.execute(sql`update orders set status = 'shipped' where id = ${order.id}`));
    const refused = await expectProblem(
      await adminRequest('POST', `/v1/admin/orders/${order.id}/cancel`),
      409,
      'order_status_conflict',
    );
    expect(refused.orderStatus).toBe('shipped');
    await expectProblem(
      await adminRequest('POST', '/v1/admin/orders/ord_nosuchorder/cancel'),
      404,
      'not_found',
    );
    await expectProblem(
      await adminRequest('POST', `/v1/admin/orders/${order.id}/release`),
      409,
      'order_status_conflict',
    );
  });
});

describe('a shopper cancelling their own order', () => {
  it('cancels and refunds it while the warehouse does not have it, for its holder only', async () => {
    const { order, variant } = await paidOrder(10);
    const stranger = await register();
    await expectProblem(
      await call('POST', `/v1/orders/${order.id}/cancel`, { token: stranger.accessToken, body: {} }),
      404,
      'not_found',
    );
    const cancel = (token: string, body: unknown = { reason: 'Ordered the wrong size.' }) =>
      cartCall('POST', `/v1/orders/${order.id}/cancel`, { headers: { 'X-Order-Token': token }, body });
    await expectProblem(await cancel('x'.repeat(43)), 404, 'not_found');
    await expectProblem(
      await cancel(order.accessToken, { reason: 'x'.repeat(501) }),
      400,
      'validation_failed',
    );

    const answer = await cancel(order.accessToken);
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
    expect(await stockOf(variant.sku)).toMatchObject({ committed: 0, availableToSell: 10 });
    expect(await orderEventsOf(order.id)).toEqual([
      'OrderCreated',
      'OrderPaid',
      'OrderCancelled',
      'OrderRefunded',
    ]);
    const cancelledBy = await withDatabase(async (db) => {
      const { rows } = await db.execute<{ by: string; reason: string }>(sql`
        select data->>'cancelledBy' as by, data->>'reason' as reason from outbox_events
        where aggregate_id = ${order.id} and type = 'OrderCancelled'`);
      return rows[0];
    });
    expect(cancelledBy).toEqual({ by: 'customer', reason: 'Ordered the wrong size.' });
  });

  it('is refused once the warehouse has it: only the shop stops it then', async () => {
    const { order } = await paidOrder(10);
    const released = await adminRequest('POST', `/v1/admin/orders/${order.id}/release`);
    expect(released.status, await released.clone().text()).toBe(200);
    const refused = await expectProblem(
      await cartCall('POST', `/v1/orders/${order.id}/cancel`, {
        headers: { 'X-Order-Token': order.accessToken },
      }),
      409,
      'order_status_conflict',
    );
    expect(refused.orderStatus).toBe('fulfilling');
    expect(await orderEventsOf(order.id)).toEqual(['OrderCreated', 'OrderPaid', 'OrderReleased']);
  });
});
