import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureMarkets, type SellableVariant, sellableVariants } from '../carts/cart-kit';
import { adminRequest, uniqueSuffix, withDatabase } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import {
  type CheckoutAnswer,
  checkout,
  type PlacedOrder,
  readOrder,
  readyCart,
  stripeClient,
} from './checkout-kit';

// POST /v1/admin/orders/{orderId}/refunds: money back through Stripe by amount or by line,
// never above what was captured and never a line twice, however many operators click at once.

beforeAll(ensureMarkets);

interface RefundedOrder {
  id: string;
  paymentStatus: string;
  status: string;
  totals: { grandTotal: { amount: number } };
  lines: { id: string; quantity: number; total: { amount: number } }[];
  refunds: {
    id: string;
    amount: { amount: number };
    reason: string | null;
    lines: { lineId: string; quantity: number; amount: { amount: number } }[];
  }[];
}

async function paidOrder(quantity: number) {
  const variants = await sellableVariants(20, 1_999);
  const cart = await readyCart(variants.slice(0, 2) as SellableVariant[], quantity);
  const answer = await checkout(cart, { paymentMethod: 'pm_card_visa' });
  expect(answer.status, await answer.clone().text()).toBe(200);
  const { order, payment } = await answer.json<CheckoutAnswer>();
  const placed = order as PlacedOrder;
  const read = await adminRequest('GET', `/v1/admin/orders/${placed.id}`);
  return { order: await read.json<RefundedOrder>(), paymentIntent: payment.id, token: placed.accessToken };
}

function refund(orderId: string, body: unknown, idempotencyKey?: string) {
  return adminRequest('POST', `/v1/admin/orders/${orderId}/refunds`, {
    body,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
}

async function refunded(response: Response): Promise<RefundedOrder> {
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json<{ refundId: string; order: RefundedOrder }>()).order;
}

/** What Stripe gave back of the intent's charge, and what Postgres recorded. */
async function moneyBack(paymentIntent: string, orderId: string) {
  const stripe = await stripeClient();
  const refunds = await stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 });
  const { rows } = await withDatabase((db) =>
    db.execute<{ refunded: string; events: number }>(sql`
      select p.refunded_amount as refunded,
        (select count(*)::int from outbox_events where aggregate_id = ${orderId} and type = 'OrderRefunded') as events
      from payments p where p.order_id = ${orderId}`),
  );
  return {
    atStripe: refunds.data.reduce((sum, item) => sum + item.amount, 0),
    stripeRefunds: refunds.data.length,
    recorded: Number(rows[0]?.refunded),
    events: rows[0]?.events,
  };
}

describe('POST /v1/admin/orders/{orderId}/refunds', { timeout: 60_000 }, () => {
  it('refunds an amount, then the rest, and nothing beyond what was captured', async () => {
    const { order, paymentIntent, token } = await paidOrder(1);
    const total = order.totals.grandTotal.amount;
    const part = await refunded(await refund(order.id, { amount: 500, reason: 'Late delivery' }));
    expect(part).toMatchObject({ paymentStatus: 'partially_refunded', status: 'paid' });
    expect(part.refunds).toEqual([
      {
        id: expect.stringMatching(/^re_/),
        amount: { amount: 500, currency: 'USD' },
        reason: 'Late delivery',
        lines: [],
        createdAt: expect.any(String),
      },
    ]);

    const tooMuch = await expectProblem(await refund(order.id, { amount: total }), 422, 'refund_rejected');
    expect(tooMuch.refundable).toBe(total - 500);
    const rest = await refunded(await refund(order.id, { amount: total - 500 }));
    expect(rest.paymentStatus).toBe('refunded');
    expect(
      (await expectProblem(await refund(order.id, { amount: 1 }), 422, 'refund_rejected')).refundable,
    ).toBe(0);
    expect(await moneyBack(paymentIntent, order.id)).toEqual({
      atStripe: total,
      stripeRefunds: 2,
      recorded: total,
      events: 2,
    });

    // The customer sees the refunds too, without the operator's reason.
    const seen = await (await readOrder(order.id, token)).json<{
      paymentStatus: string;
      refunds: object[];
    }>();
    expect(seen.paymentStatus).toBe('refunded');
    expect(seen.refunds.map((item) => Object.keys(item).sort())).toEqual([
      ['amount', 'createdAt', 'id', 'lines'],
      ['amount', 'createdAt', 'id', 'lines'],
    ]);
  });

  it('refunds units of lines at their share, the last units taking exactly what the line has left', async () => {
    const { order, paymentIntent } = await paidOrder(3);
    const [first, second] = order.lines;
    if (!first || !second) throw new Error('two lines');
    const one = await refunded(await refund(order.id, { lines: [{ lineId: first.id, quantity: 1 }] }));
    const share = Math.floor(first.total.amount / 3);
    expect(one.refunds[0]?.lines).toEqual([
      { lineId: first.id, quantity: 1, amount: { amount: share, currency: 'USD' } },
    ]);
    const rest = await refunded(
      await refund(order.id, {
        lines: [
          { lineId: first.id, quantity: 2 },
          { lineId: second.id, quantity: 1 },
        ],
      }),
    );
    const lastShare = rest.refunds[1]?.lines.find((line) => line.lineId === first.id)?.amount.amount;
    expect(share + (lastShare ?? 0)).toBe(first.total.amount);

    const twice = await expectProblem(
      await refund(order.id, {
        lines: [
          { lineId: first.id, quantity: 1 },
          { lineId: 'oli_00000000000000000000000000', quantity: 1 },
          { lineId: second.id, quantity: 3 },
        ],
      }),
      422,
      'refund_rejected',
    );
    expect(twice.errors?.map((error) => error.path)).toEqual([
      'lines.0.quantity',
      'lines.1.lineId',
      'lines.2.quantity',
    ]);
    for (const malformed of [
      {},
      { amount: 100, lines: [{ lineId: first.id, quantity: 1 }] },
      { amount: 0 },
      { lines: [] },
      { amount: 1.5 },
    ]) {
      await expectProblem(await refund(order.id, malformed), 400, 'validation_failed');
    }
    await expectProblem(await refund('ord_00000000000000000000000000', { amount: 1 }), 404, 'not_found');
    const back = await moneyBack(paymentIntent, order.id);
    expect(back).toMatchObject({ stripeRefunds: 2, events: 2 });
    expect(back.recorded).toBe(back.atStripe);
  });

  it('gives a line back once when operators refund it at the same moment', async () => {
    const { order, paymentIntent } = await paidOrder(3);
    const [line] = order.lines;
    if (!line) throw new Error('a line');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => refund(order.id, { lines: [{ lineId: line.id, quantity: 1 }] })),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    for (const answer of answers.filter((response) => response.status !== 201)) {
      await expectProblem(answer, 422, 'refund_rejected');
    }
    expect(await moneyBack(paymentIntent, order.id)).toEqual({
      atStripe: line.total.amount,
      stripeRefunds: 3,
      recorded: line.total.amount,
      events: 3,
    });
  });

  it('replays an Idempotency-Key without refunding again', async () => {
    const { order, paymentIntent } = await paidOrder(1);
    const key = uniqueSuffix();
    const first = await refund(order.id, { amount: 300 }, key);
    const again = await refund(order.id, { amount: 300 }, key);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(await moneyBack(paymentIntent, order.id)).toMatchObject({
      atStripe: 300,
      stripeRefunds: 1,
      recorded: 300,
    });
  });
});
