import { orders } from '@edge-commerce/db';
import { orderNumberOf } from '@edge-commerce/domain';
import { ApiError } from '../errors/problem';
import { orderNumberKeyOf } from './order-number-key';
import { type RefundAccess, refundOrder } from './order-refunds';

/** What settling a cancellation reaches: Stripe, the database and the SKUs' InventoryObjects. */
export interface SettlementAccess extends RefundAccess {
  inventory: Cloudflare.Env['INVENTORY'];
}

/**
 * Pays what a cancellation owes: the rest of the order's payment refunded (`OrderRefunded`), the
 * stock its lines still hold released, then its `cancellations_to_settle` row deleted. Every step
 * is safe to repeat (the refund is decided under the payment's lock with a Stripe idempotency key,
 * a second release frees nothing), so the cancel call, its retry and the cron may all run it.
 */
export async function settleCancellation(access: SettlementAccess, order: orders.OrderRecord): Promise<void> {
  const number = orderNumberOf(Number(order.sequence), orderNumberKeyOf(access.config));
  await refundOrder(access, order, number, { kind: 'remaining' });
  for (const line of order.lines) {
    try {
      await access.inventory.getByName(line.sku).cancel(order.id);
    } catch {
      throw new ApiError(
        'inventory_unavailable',
        `The order is cancelled and refunded; the stock of ${line.sku} is released when this is retried, or within minutes by itself.`,
        { headers: { 'Retry-After': '1' } },
      );
    }
  }
  await orders.cancellationSettled(access.db, order.id);
}
