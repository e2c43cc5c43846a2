import { type catalogWrites, orders } from '@edge-commerce/db';
import {
  isId,
  newId,
  nextOrderStatus,
  ORDER_EVENT_VERSION,
  type OrderDeliveredData,
  type OrderNumberKey,
  type OrderShippedData,
  type OrderStatus,
  orderNumberOf,
} from '@edge-commerce/domain';
import type { WriteAnswer } from '../../catalog/write/write-once';
import { ApiError, type FieldError } from '../../errors/problem';
import type { ShipmentCreated, WmsShipmentResult, WmsShipmentUpdate } from './schemas';

type Transaction = catalogWrites.Transaction;
type Answer = WriteAnswer<200, WmsShipmentResult>;

export interface ShipmentContext {
  deliveryId: string;
  orderNumberKey: OrderNumberKey;
  /** When the update happened, when the WMS did not say. */
  now: string;
}

/**
 * One WMS shipment update, inside its delivery's transaction (ADR 31): a new parcel is checked
 * against what its order still has to ship and moves the order to partially shipped or shipped
 * with `OrderShipped`; "in transit" and "delivered" move the parcel forward only, and the last
 * parcel of a shipped order delivered moves the order to delivered with `OrderDelivered`.
 * Anything that does not fit is refused and rolls back, so a refused update changes nothing.
 */
export async function applyShipmentUpdate(
  tx: Transaction,
  update: WmsShipmentUpdate,
  context: ShipmentContext,
): Promise<Answer> {
  return update.status === 'shipped'
    ? recordParcel(tx, update, context)
    : moveParcel(tx, update.shipmentId, update.status, update.occurredAt ?? context.now, context);
}

async function recordParcel(
  tx: Transaction,
  update: ShipmentCreated,
  context: ShipmentContext,
): Promise<Answer> {
  const earlier = await orders.findShipment(tx, update.shipmentId);
  if (earlier) return sameParcelAgain(tx, earlier, update, context);
  const order = isId('order', update.orderId) ? await orders.orderToShip(tx, update.orderId) : undefined;
  if (!order) throw new ApiError('not_found', `No order has the id ${update.orderId}.`);
  // Reported twice at once: the other delivery held the order's lock and recorded it first.
  const raced = await orders.findShipment(tx, update.shipmentId);
  if (raced) return sameParcelAgain(tx, raced, update, context);

  const lines = parcelLines(order, update);
  const shippedInFull = order.lines.every(
    (line) => line.shipped + (lines.get(line.id)?.quantity ?? 0) === line.quantity,
  );
  const move = nextOrderStatus(
    order.status as OrderStatus,
    shippedInFull ? 'shipped_in_full' : 'shipped_in_part',
  );
  if (!move.ok) {
    throw new ApiError('order_status_conflict', `The order is ${order.status}; nothing of it may ship.`, {
      orderStatus: order.status,
    });
  }
  const shipment: orders.ShipmentToInsert = {
    id: newId('shipment'),
    orderId: order.id,
    wmsShipmentId: update.shipmentId,
    carrier: update.carrier,
    trackingNumber: update.trackingNumber,
    trackingUrl: update.trackingUrl ?? null,
    location: update.location,
    shippedAt: update.occurredAt ?? context.now,
    lines: [...lines.values()].map((line) => ({ lineId: line.lineId, quantity: line.quantity })),
  };
  await orders.insertShipment(tx, shipment);
  const data: OrderShippedData = {
    orderId: order.id,
    orderNumber: orderNumberOf(Number(order.sequence), context.orderNumberKey),
    status: move.to as OrderShippedData['status'],
    shipment: {
      shipmentId: shipment.id,
      wmsShipmentId: shipment.wmsShipmentId,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl,
      lines: [...lines.values()],
    },
    shippedAt: shipment.shippedAt,
  };
  await orders.moveOrder(tx, order.id, [order.status], move.to, {
    id: newId('event'),
    type: 'OrderShipped',
    version: ORDER_EVENT_VERSION,
    data,
  });
  const recorded = await orders.findShipment(tx, update.shipmentId);
  if (!recorded) throw new Error(`shipment ${update.shipmentId} not found after its insert`);
  return answer('recorded', recorded, move.to, context);
}

/**
 * The parcel's lines by order line, each SKU of the update matched to the order's line for it
 * and never above what that line has left to ship.
 */
function parcelLines(
  order: orders.OrderToShip,
  update: ShipmentCreated,
): Map<string, { lineId: string; sku: string; quantity: number }> {
  const bySku = new Map(order.lines.map((line) => [line.sku, line]));
  const lines = new Map<string, { lineId: string; sku: string; quantity: number }>();
  const errors: FieldError[] = [];
  for (const [index, item] of update.lines.entries()) {
    const line = bySku.get(item.sku);
    if (!line) {
      errors.push({ path: `lines.${index}.sku`, message: `the order has no line for ${item.sku}` });
      continue;
    }
    if (lines.has(line.id)) {
      errors.push({ path: `lines.${index}.sku`, message: `${item.sku} is named twice in the parcel` });
      continue;
    }
    const outstanding = line.quantity - line.shipped;
    if (item.quantity > outstanding) {
      errors.push({
        path: `lines.${index}.quantity`,
        message: `${outstanding} of ${item.sku} remain to ship (ordered ${line.quantity}, shipped ${line.shipped})`,
      });
      continue;
    }
    lines.set(line.id, { lineId: line.id, sku: item.sku, quantity: item.quantity });
  }
  if (errors.length > 0) {
    throw new ApiError(
      'shipment_rejected',
      'The parcel does not match what the order has left to ship; nothing was recorded.',
      {
        errors,
      },
    );
  }
  return lines;
}

/** A parcel reported again (another key, or a race): the same parcel is unchanged, another one refused. */
async function sameParcelAgain(
  tx: Transaction,
  earlier: orders.ShipmentRecord,
  update: ShipmentCreated,
  context: ShipmentContext,
): Promise<Answer> {
  const sameLines =
    earlier.lines.length === update.lines.length &&
    update.lines.every((item) =>
      earlier.lines.some((line) => line.sku === item.sku && line.quantity === item.quantity),
    );
  if (earlier.orderId !== update.orderId || !sameLines) {
    throw new ApiError(
      'shipment_rejected',
      `The WMS shipment ${update.shipmentId} was recorded already with other contents; a new parcel needs a new reference.`,
    );
  }
  return answer('unchanged', earlier, await statusOf(tx, earlier.orderId), context);
}

async function moveParcel(
  tx: Transaction,
  wmsShipmentId: string,
  status: 'in_transit' | 'delivered',
  at: string,
  context: ShipmentContext,
): Promise<Answer> {
  const parcel = await orders.findShipment(tx, wmsShipmentId, { lock: true });
  if (!parcel) {
    // Out of order: QStash delivers this again later, after the parcel's creation.
    throw new ApiError(
      'not_found',
      `No WMS shipment ${wmsShipmentId} is recorded yet; send its creation first.`,
    );
  }
  if (!(await orders.advanceShipment(tx, parcel.id, status, at))) {
    return answer('unchanged', parcel, await statusOf(tx, parcel.orderId), context);
  }
  let orderStatus = await statusOf(tx, parcel.orderId);
  if (status === 'delivered') orderStatus = await deliverOrderIfDone(tx, parcel.orderId, at, context);
  const moved = await orders.findShipment(tx, wmsShipmentId);
  if (!moved) throw new Error(`shipment ${wmsShipmentId} vanished inside its transaction`);
  return answer('recorded', moved, orderStatus, context);
}

/** A shipped order whose parcels all arrived is delivered, with `OrderDelivered`. */
async function deliverOrderIfDone(
  tx: Transaction,
  orderId: string,
  at: string,
  context: ShipmentContext,
): Promise<string> {
  const order = await orders.orderToShip(tx, orderId);
  if (!order) throw new Error(`order ${orderId} of a shipment is missing`);
  const move = nextOrderStatus(order.status as OrderStatus, 'delivered');
  if (!move.ok || !(await orders.allShipmentsDelivered(tx, orderId))) return order.status;
  const data: OrderDeliveredData = {
    orderId,
    orderNumber: orderNumberOf(Number(order.sequence), context.orderNumberKey),
    deliveredAt: at,
  };
  await orders.moveOrder(tx, orderId, [order.status], move.to, {
    id: newId('event'),
    type: 'OrderDelivered',
    version: ORDER_EVENT_VERSION,
    data,
  });
  return move.to;
}

async function statusOf(tx: Transaction, orderId: string): Promise<string> {
  return (await orders.orderToShip(tx, orderId, { lock: false }))?.status ?? 'unknown';
}

function answer(
  outcome: WmsShipmentResult['outcome'],
  shipment: orders.ShipmentRecord,
  orderStatus: string,
  context: ShipmentContext,
): Answer {
  return {
    status: 200,
    // Shipments are not in the catalog cache: nothing to invalidate.
    changed: false,
    body: {
      deliveryId: context.deliveryId,
      outcome,
      shipment: {
        id: shipment.id,
        wmsShipmentId: shipment.wmsShipmentId,
        orderId: shipment.orderId,
        status: shipment.status,
        carrier: shipment.carrier,
        trackingNumber: shipment.trackingNumber,
        trackingUrl: shipment.trackingUrl,
        location: shipment.location,
        lines: shipment.lines,
        shippedAt: shipment.shippedAt,
        inTransitAt: shipment.inTransitAt,
        deliveredAt: shipment.deliveredAt,
      },
      orderStatus,
      shortfalls: [],
    },
  };
}
