import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorker } from '../../../workers/api/src/worker';
import { testCredentials } from '../../setup/integration-credentials';
import { ensureMarkets } from '../carts/cart-kit';
import { API_ORIGIN, withDatabase } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import { orderEventsOf, paidOrder, stockOf, stripeClient } from './checkout-kit';

// A cancellation owes a refund and a stock release (ADR 32). When Stripe cannot be reached
// during the cancel call and nobody retries it, the every-minute cron settles it: the money goes
// back once and the stock comes free, without an operator.

beforeAll(ensureMarkets);

// The suite's bindings with Stripe unreachable: nothing listens on the discard port.
const stripeDown = { ...env, STRIPE_BASE_URL: 'http://127.0.0.1:9' } as Cloudflare.Env;

async function runCron(bindings: Cloudflare.Env): Promise<void> {
  const ctx = createExecutionContext();
  await createWorker().scheduled(createScheduledController({ cron: '* * * * *' }), bindings, ctx);
  await waitOnExecutionContext(ctx);
}

async function owed(orderId: string) {
  return withDatabase(async (db) => {
    const { rows } = await db.execute<{ attempts: number; last_error: string | null; due_in: number }>(sql`
      select attempts, last_error, extract(epoch from due_at - now())::int as due_in
      from cancellations_to_settle where order_id = ${orderId}`);
    return rows[0];
  });
}

const falls = (orderId: string) =>
  withDatabase((db) =>
    db.execute(sql`update cancellations_to_settle set due_at = now() where order_id = ${orderId}`),
  );

describe('settling a cancellation Stripe refused at first', { timeout: 60_000 }, () => {
  it('is refunded and its stock released by the cron, once, after the cancel answered 503', async () => {
    const { order, variant, paymentId } = await paidOrder(10);
    const cancel = await createWorker().fetch(
      new Request(`${API_ORIGIN}/v1/admin/orders/${order.id}/cancel`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${testCredentials.adminApiKey}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ reason: 'Out of stock at the supplier' }),
      }) as Request<unknown, IncomingRequestCfProperties>,
      stripeDown,
      createExecutionContext(),
    );
    await expectProblem(cancel, 503, 'payments_unavailable');
    // Cancelled, but the money and the stock are still owed, and recorded as owed.
    expect(await orderEventsOf(order.id)).toEqual(['OrderCreated', 'OrderPaid', 'OrderCancelled']);
    expect(await stockOf(variant.sku)).toMatchObject({ committed: 2 });
    expect(await owed(order.id)).toMatchObject({ attempts: 0 });

    // Not before its minute: the cancel call may still be settling it.
    await runCron(env);
    expect(await owed(order.id)).toMatchObject({ attempts: 0 });

    // Due, with Stripe still down: tried, logged and put off.
    await falls(order.id);
    await runCron(stripeDown);
    const putOff = await owed(order.id);
    expect(putOff).toMatchObject({ attempts: 1 });
    expect(putOff?.last_error).toMatch(/Stripe could not make the refund/);
    expect(putOff?.due_in).toBeGreaterThan(60);

    // Due again with Stripe back: refunded in full, stock released, nothing owed any more.
    await falls(order.id);
    await runCron(env);
    expect(await owed(order.id)).toBeUndefined();
    expect(await orderEventsOf(order.id)).toEqual([
      'OrderCreated',
      'OrderPaid',
      'OrderCancelled',
      'OrderRefunded',
    ]);
    expect(await stockOf(variant.sku)).toMatchObject({ committed: 0, availableToSell: 10 });
    const intent = await (await stripeClient()).paymentIntents.retrieve(paymentId, {
      expand: ['latest_charge'],
    });
    const charge = intent.latest_charge as { amount: number; amount_refunded: number };
    expect(charge.amount_refunded).toBe(charge.amount);

    // A later run finds nothing to do, and refunds nothing twice.
    await runCron(env);
    expect(await orderEventsOf(order.id)).toEqual([
      'OrderCreated',
      'OrderPaid',
      'OrderCancelled',
      'OrderRefunded',
    ]);
  });

  it('owes nothing once the cancel call settled it itself', async () => {
    const { order } = await paidOrder(10);
    const cancel = await createWorker().fetch(
      new Request(`${API_ORIGIN}/v1/admin/orders/${order.id}/cancel`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${testCredentials.adminApiKey}` },
      }) as Request<unknown, IncomingRequestCfProperties>,
      env,
      createExecutionContext(),
    );
    expect(cancel.status, await cancel.clone().text()).toBe(200);
    expect(await owed(order.id)).toBeUndefined();
  });
});
