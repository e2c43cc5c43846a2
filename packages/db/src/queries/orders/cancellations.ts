import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';

/** A cancellation whose refund or stock release is still owed, and how often it was tried. */
export interface CancellationToSettle {
  orderId: string;
  attempts: number;
}

/**
 * The owed cancellations due now, oldest first. Their rows are not locked: settling is safe to
 * repeat (the refund under the payment's lock, the release in the InventoryObject) and the cron
 * runs one at a time (its lease).
 */
export async function cancellationsDue(db: Executor, limit: number): Promise<CancellationToSettle[]> {
  const { rows } = await db.execute<{ orderId: string; attempts: number }>(sql`
    select order_id as "orderId", attempts from cancellations_to_settle
    where due_at <= now() order by due_at limit ${limit}`);
  return rows.map((row) => ({ orderId: row.orderId, attempts: Number(row.attempts) }));
}

/** The cancellation is refunded and its stock released: nothing more is owed. */
export async function cancellationSettled(db: Executor, orderId: string): Promise<void> {
  await db.execute(sql`delete from cancellations_to_settle where order_id = ${orderId}`);
}

/**
 * Settling failed (Stripe or an InventoryObject unreachable): try again after a backoff that
 * doubles from 2 minutes to at most an hour, so one broken order never crowds out the others.
 */
export async function cancellationNotSettled(db: Executor, orderId: string, error: string): Promise<void> {
  await db.execute(sql`
    update cancellations_to_settle
    set attempts = attempts + 1, last_error = ${error.slice(0, 500)},
        due_at = now() + least(interval '1 hour', interval '1 minute' * power(2, least(attempts + 1, 6)))
    where order_id = ${orderId}`);
}
