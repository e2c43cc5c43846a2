import { orders } from '@edge-commerce/db';
import {
  isId,
  newId,
  nextOrderStatus,
  ORDER_EVENT_VERSION,
  ORDER_STATUSES,
  type OrderCancelledData,
  type OrderEvent,
  type OrderReleasedData,
  type OrderReturnedData,
  type OrderStatus,
  orderNumberOf,
} from '@edge-commerce/domain';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { orderNumberKeyOf } from './order-number-key';
import { settleCancellation } from './settle-cancellation';

// Moves of an order by an operator (or its shopper's cancel): read it, then one guarded UPDATE
// with its event (ADR 28), so of two callers moving one order out of a state, one wins and the
// other gets 409.

/** The statuses from which `event` leads to `to`, read off the one transition table. */
function statusesMovingTo(event: OrderEvent, to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((status) => {
    const move = nextOrderStatus(status, event);
    return move.ok && move.to === to;
  });
}

async function readOrFail(c: Context<AppEnv>, orderId: string): Promise<orders.OrderRecord> {
  const record = isId('order', orderId) ? await orders.readOrder(c.get('database')(), orderId) : undefined;
  if (!record) throw new ApiError('not_found', `No order has the id ${orderId}.`);
  return record;
}

function conflict(order: orders.OrderRecord, wanted: string): ApiError {
  return new ApiError('order_status_conflict', `The order is ${order.status}; it cannot become ${wanted}.`, {
    orderStatus: order.status,
  });
}

/**
 * Moves the order by `event` to `to`, with its integration event, once: an order already there
 * answers as it is (a retried call changes nothing), one elsewhere is a 409.
 */
async function moveOnce(
  c: Context<AppEnv>,
  orderId: string,
  event: OrderEvent,
  to: OrderStatus,
  recorded: (orderNumber: string) => { type: string; data: unknown },
): Promise<orders.OrderRecord> {
  const order = await readOrFail(c, orderId);
  if (order.status === to) return order;
  const from = statusesMovingTo(event, to);
  if (!(from as string[]).includes(order.status)) throw conflict(order, to);
  const { type, data } = recorded(orderNumberOf(Number(order.sequence), orderNumberKeyOf(c.get('config'))));
  const moved = await orders.moveOrder(c.get('database')(), orderId, from, to, {
    id: newId('event'),
    type,
    version: ORDER_EVENT_VERSION,
    data,
  });
  if (moved?.moved) return moved.order;
  // Lost a race: the statement's snapshot predates the winner's move, so read the order again.
  const now = await readOrFail(c, orderId);
  if (now.status !== to) throw conflict(now, to);
  return now;
}

/** Sends a held (or paid) order to the warehouse: `fulfilling`, with `OrderReleased`. */
export function releaseOrder(c: Context<AppEnv>, orderId: string): Promise<orders.OrderRecord> {
  return moveOnce(c, orderId, 'released', 'fulfilling', (orderNumber) => {
    const data: OrderReleasedData = { orderId, orderNumber, releasedAt: new Date().toISOString() };
    return { type: 'OrderReleased', data };
  });
}

/**
 * Records that a delivered order came back: `returned`, with `OrderReturned`. The money is the
 * refunds route's to give back (in full or by line), so a return and its refund stay two facts.
 */
export function returnOrder(
  c: Context<AppEnv>,
  orderId: string,
  reason: string | null,
): Promise<orders.OrderRecord> {
  return moveOnce(c, orderId, 'returned', 'returned', (orderNumber) => {
    const data: OrderReturnedData = { orderId, orderNumber, reason, returnedAt: new Date().toISOString() };
    return { type: 'OrderReturned', data };
  });
}

/**
 * Cancels an order before anything shipped: `cancelled` with `OrderCancelled`, then its money
 * refunded (`OrderRefunded`) and its committed stock released in its InventoryObjects. Cancelling
 * a cancelled order again finishes what an interrupted cancellation left undone and changes
 * nothing else, so a retry after a 503 is always safe; what nobody retries, the cron settles
 * (`settle-cancellations`), since the cancelling statement records what is owed.
 */
export async function cancelOrder(
  c: Context<AppEnv>,
  which: string | orders.OrderRecord,
  reason: string | null,
  { by }: { by: 'operator' | 'customer' } = { by: 'operator' },
): Promise<orders.OrderRecord> {
  // The order, or its id when the caller has not read it already.
  let order = typeof which === 'string' ? await readOrFail(c, which) : which;
  const orderId = order.id;
  const number = orderNumberOf(Number(order.sequence), orderNumberKeyOf(c.get('config')));
  if (order.status !== 'cancelled') {
    // A shopper may stop an order only until the warehouse has it; an operator, until it ships.
    const from = statusesMovingTo('cancelled', 'cancelled').filter(
      (status) => by === 'operator' || status !== 'fulfilling',
    );
    if (!(from as string[]).includes(order.status)) throw conflict(order, 'cancelled');
    const data: OrderCancelledData = {
      orderId,
      orderNumber: number,
      reason,
      cancelledBy: by,
      cancelledAt: new Date().toISOString(),
    };
    const moved = await orders.moveOrder(c.get('database')(), orderId, from, 'cancelled', {
      id: newId('event'),
      type: 'OrderCancelled',
      version: ORDER_EVENT_VERSION,
      data,
    });
    if (!moved) throw new ApiError('not_found', `No order has the id ${orderId}.`);
    // Lost a race: the statement's snapshot predates the winner's move, so read the order again.
    order = moved.moved ? moved.order : await readOrFail(c, orderId);
    if (order.status !== 'cancelled') throw conflict(order, 'cancelled');
  }
  const db = c.get('database')();
  await settleCancellation({ config: c.get('config'), db, inventory: c.env.INVENTORY }, order);
  return (await orders.readOrder(db, orderId)) ?? order;
}
