import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';
import { jsonParameter, textArray } from '../catalog-writes/executor';
import { type OrderRecord, orderJson } from './read-order';

export interface OrderEventToRecord {
  id: string;
  type: string;
  version: number;
  data: unknown;
}

/**
 * Moves an order's fulfilment status from one of `from` to `to`, with its event, in one
 * statement: `UPDATE … WHERE status IN (from)`, so of two operators moving the same order out of
 * one state only one succeeds (ADR 28). Answers the order as it is now, and whether it moved.
 * A move to `cancelled` also records, in the same statement, that its refund and stock release
 * are owed (`cancellations_to_settle`), so a caller that dies right after leaves them to the cron.
 */
export async function moveOrder(
  db: Executor,
  orderId: string,
  from: readonly string[],
  to: string,
  recorded: OrderEventToRecord,
): Promise<{ moved: boolean; order: OrderRecord } | undefined> {
  const { rows } = await db.execute<{ moved: boolean; order: OrderRecord }>(sql`
    with moved as (
      update orders set status = ${to}, version = version + 1, updated_at = now()
      where id = ${orderId} and status in (select unnest(${textArray(from)}))
      returning id),
    event as (
      insert into outbox_events (id, type, version, aggregate_type, aggregate_id, data)
      select ${recorded.id}, ${recorded.type}, ${recorded.version}, 'order', m.id, ${jsonParameter(recorded.data)}
      from moved m),
    owed as (
      insert into cancellations_to_settle (order_id, due_at)
      select m.id, now() + interval '1 minute' from moved m where ${to} = 'cancelled'
      on conflict (order_id) do nothing)
    select exists (select 1 from moved) as moved, ${orderJson} as order from orders o where o.id = ${orderId}`);
  const [row] = rows;
  if (!row) return undefined;
  // The statement's snapshot shows the order before its own update: report the status it moved to.
  return row.moved
    ? { moved: true, order: { ...row.order, status: to, version: row.order.version + 1 } }
    : { moved: false, order: row.order };
}

/** The order's payment: what was captured and refunded, by whom (`pi_…`). */
export interface OrderPayment {
  id: string;
  providerPaymentId: string;
  capturedAmount: number;
  refundedAmount: number;
}

export async function paymentOfOrder(
  db: Executor,
  orderId: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<OrderPayment | undefined> {
  if (lock) await db.execute(sql`select 1 from payments where order_id = ${orderId} for update`);
  const { rows } = await db.execute<{ [column: string]: unknown } & OrderPayment>(sql`
    select id, provider_payment_id as "providerPaymentId", captured_amount::int8 as "capturedAmount",
           refunded_amount::int8 as "refundedAmount"
    from payments where order_id = ${orderId}`);
  const [row] = rows;
  return row
    ? {
        id: row.id,
        providerPaymentId: row.providerPaymentId,
        capturedAmount: Number(row.capturedAmount),
        refundedAmount: Number(row.refundedAmount),
      }
    : undefined;
}

/** A refund as recorded: what, why, and per line when it was made by line. */
export interface RefundToRecord {
  orderId: string;
  refundId: string;
  amount: number;
  reason: string | null;
  lines: { lineId: string; quantity: number; amount: number }[];
  event: OrderEventToRecord;
}

/**
 * Records a refund the provider made of the order's payment, once per refund id: the refunded
 * amount rises (never past what was captured: the CHECK refuses it), the payment status follows,
 * its lines are kept, and `OrderRefunded` is written with it. Answers false when this refund was
 * recorded already.
 */
export async function recordOrderRefund(db: Executor, refund: RefundToRecord): Promise<boolean> {
  const { rows } = await db.execute<{ id: string }>(sql`
    with refunded as (
      insert into payment_refunds (id, payment_id, amount, reason)
      select ${refund.refundId}, p.id, ${refund.amount}, ${refund.reason} from payments p where p.order_id = ${refund.orderId}
      on conflict (id) do nothing
      returning id, payment_id, amount),
    by_line as (
      insert into payment_refund_lines (refund_id, order_line_id, quantity, amount)
      select r.id, line->>'lineId', (line->>'quantity')::int, (line->>'amount')::int8
      from refunded r, jsonb_array_elements(${jsonParameter(refund.lines)}) line),
    payment as (
      update payments p set refunded_amount = p.refunded_amount + r.amount,
        status = case when p.refunded_amount + r.amount >= p.captured_amount then 'refunded' else 'partially_refunded' end,
        updated_at = now()
      from refunded r where p.id = r.payment_id
      returning p.order_id, p.status),
    ordered as (
      update orders o set payment_status = case when pay.status = 'refunded' then 'refunded' else 'partially_refunded' end,
        version = o.version + 1, updated_at = now()
      from payment pay where o.id = pay.order_id
      returning o.id),
    event as (
      insert into outbox_events (id, type, version, aggregate_type, aggregate_id, data)
      select ${refund.event.id}, ${refund.event.type}, ${refund.event.version}, 'order', o.id,
        ${jsonParameter(refund.event.data)}
      from ordered o)
    select payment_id as id from refunded`);
  return rows.length === 1;
}

/** The order's payment with, per line, what was paid and what was refunded of it so far. */
export interface RefundablePayment extends OrderPayment {
  lines: { id: string; quantity: number; total: number; refundedQuantity: number; refundedAmount: number }[];
}

/**
 * The order's payment, its row locked until the transaction ends, so two refunds of one order
 * are decided one after the other (the lock is its own statement: see `orderToShip`).
 */
export async function lockRefundablePayment(
  tx: Executor,
  orderId: string,
): Promise<RefundablePayment | undefined> {
  const payment = await paymentOfOrder(tx, orderId, { lock: true });
  if (!payment) return undefined;
  const { rows } = await tx.execute<{
    id: string;
    quantity: number;
    total: string;
    refunded_quantity: string;
    refunded_amount: string;
  }>(sql`
    select l.id, l.quantity, l.total::int8 as total,
      coalesce(sum(rl.quantity), 0)::int8 as refunded_quantity, coalesce(sum(rl.amount), 0)::int8 as refunded_amount
    from order_lines l left join payment_refund_lines rl on rl.order_line_id = l.id
    where l.order_id = ${orderId}
    group by l.id order by l.position`);
  return {
    ...payment,
    lines: rows.map((row) => ({
      id: row.id,
      quantity: Number(row.quantity),
      total: Number(row.total),
      refundedQuantity: Number(row.refunded_quantity),
      refundedAmount: Number(row.refunded_amount),
    })),
  };
}
