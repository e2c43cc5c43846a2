import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { jsonParameter } from '../catalog-writes/executor';

/** A payment that succeeded for a cart that could not become an order, refunded in full. */
export interface RefundedPayment {
  id: string;
  cartId: string;
  providerPaymentId: string;
  amount: number;
  currency: string;
  /** Why no order: e.g. `stock_unavailable`. */
  reason: string;
  event: { id: string; version: number; data: unknown };
}

/**
 * Records a refunded payment that has no order, with its `PaymentRefunded` outbox event, in one
 * statement: once per provider payment (a retried compensation finds the row and adds nothing).
 * Returns whether this call recorded it.
 */
export async function recordRefundedPayment(db: Database, payment: RefundedPayment): Promise<boolean> {
  const { rows } = await db.execute<{ id: string }>(sql`
    with recorded as (
      insert into payments (id, order_id, cart_id, provider_payment_id, amount, currency, captured_amount,
        refunded_amount, status, note)
      values (${payment.id}, null, ${payment.cartId}, ${payment.providerPaymentId}, ${payment.amount},
        ${payment.currency}, ${payment.amount}, ${payment.amount}, 'refunded', ${payment.reason})
      on conflict (provider, provider_payment_id) do nothing
      returning id),
    event as (
      insert into outbox_events (id, type, version, aggregate_type, aggregate_id, data)
      select ${payment.event.id}, 'PaymentRefunded', ${payment.event.version}, 'payment', r.id,
        ${jsonParameter(payment.event.data)}
      from recorded r)
    select id from recorded`);
  return rows.length === 1;
}
