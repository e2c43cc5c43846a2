import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';
import { isoTimestamp, jsonParameter } from '../catalog-writes/executor';

export type ShipmentStatus = 'shipped' | 'in_transit' | 'delivered';

/** A parcel as stored, with what it holds. */
export interface ShipmentRecord {
  id: string;
  orderId: string;
  wmsShipmentId: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  location: string;
  status: ShipmentStatus;
  shippedAt: string;
  inTransitAt: string | null;
  deliveredAt: string | null;
  lines: { lineId: string; sku: string; quantity: number }[];
}

/** An order as a shipment sees it: its status and, per line, what was ordered and what left. */
export interface OrderToShip {
  id: string;
  sequence: number;
  status: string;
  lines: { id: string; sku: string; quantity: number; shipped: number }[];
}

/** A parcel row `s` with its lines, as one JSON object (`ShipmentRecord`). */
export const shipmentJson = sql`json_build_object(
  'id', s.id, 'orderId', s.order_id, 'wmsShipmentId', s.wms_shipment_id, 'carrier', s.carrier,
  'trackingNumber', s.tracking_number, 'trackingUrl', s.tracking_url, 'location', s.location,
  'status', s.status, 'shippedAt', ${isoTimestamp(sql`s.shipped_at`)},
  'inTransitAt', ${isoTimestamp(sql`s.in_transit_at`)}, 'deliveredAt', ${isoTimestamp(sql`s.delivered_at`)},
  'lines', coalesce((
    select json_agg(json_build_object('lineId', sl.order_line_id, 'sku', l.sku, 'quantity', sl.quantity)
      order by l.position)
    from shipment_lines sl join order_lines l on l.id = sl.order_line_id
    where sl.shipment_id = s.id), '[]'::json))`;

/**
 * The order with what each line shipped so far; with `lock` (the default) its row is held until
 * the transaction ends, so two parcels of one order reported at once are checked against each
 * other, never both against the same remainder. The lock is its own statement: a statement that
 * waited for a row lock sees that row as the winner left it, but reads every other table (the
 * parcels shipped) in the snapshot it began with, from before the winner's commit.
 */
export async function orderToShip(
  tx: Executor,
  orderId: string,
  { lock = true }: { lock?: boolean } = {},
): Promise<OrderToShip | undefined> {
  if (lock) await tx.execute(sql`select 1 from orders where id = ${orderId} for update`);
  const { rows } = await tx.execute<{ order: OrderToShip }>(sql`
    select json_build_object('id', o.id, 'sequence', o.sequence, 'status', o.status,
      'lines', coalesce((
        select json_agg(json_build_object('id', l.id, 'sku', l.sku, 'quantity', l.quantity,
          'shipped', coalesce((select sum(sl.quantity) from shipment_lines sl where sl.order_line_id = l.id), 0))
          order by l.position)
        from order_lines l where l.order_id = o.id), '[]'::json)) as order
    from orders o where o.id = ${orderId}`);
  return rows[0]?.order;
}

/**
 * The parcel the WMS calls `wmsShipmentId`; with `lock`, its row is held until the transaction
 * ends (a status update takes the parcel first, then its order; a new parcel takes the order and
 * only reads parcels, so the two never wait on each other in a circle).
 */
export async function findShipment(
  tx: Executor,
  wmsShipmentId: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<ShipmentRecord | undefined> {
  const { rows } = await tx.execute<{ shipment: ShipmentRecord }>(sql`
    select ${shipmentJson} as shipment from shipments s where s.wms_shipment_id = ${wmsShipmentId}
    ${lock ? sql`for update` : sql``}`);
  return rows[0]?.shipment;
}

/** An order's parcels, first shipped first. */
export async function shipmentsOfOrder(db: Executor, orderId: string): Promise<ShipmentRecord[]> {
  const { rows } = await db.execute<{ shipment: ShipmentRecord }>(sql`
    select ${shipmentJson} as shipment from shipments s where s.order_id = ${orderId}
    order by s.shipped_at, s.id`);
  return rows.map((row) => row.shipment);
}

/** A new parcel: as stored, before any progress, with what it holds by order line. */
export type ShipmentToInsert = Omit<ShipmentRecord, 'status' | 'inTransitAt' | 'deliveredAt' | 'lines'> & {
  lines: { lineId: string; quantity: number }[];
};

/** The parcel and what it holds, in one statement. */
export async function insertShipment(tx: Executor, shipment: ShipmentToInsert): Promise<void> {
  await tx.execute(sql`
    with parcel as (
      insert into shipments (id, order_id, wms_shipment_id, carrier, tracking_number, tracking_url, location,
        status, shipped_at)
      values (${shipment.id}, ${shipment.orderId}, ${shipment.wmsShipmentId}, ${shipment.carrier},
        ${shipment.trackingNumber}, ${shipment.trackingUrl}, ${shipment.location}, 'shipped', ${shipment.shippedAt})
      returning id)
    insert into shipment_lines (shipment_id, order_line_id, quantity)
    select p.id, line->>'lineId', (line->>'quantity')::int
    from parcel p, jsonb_array_elements(${jsonParameter(shipment.lines)}) line`);
}

/**
 * Moves the parcel forward to `status` at `at`; a status it already reached (or passed) is kept,
 * so a late "in transit" after "delivered" changes nothing. Answers whether it moved.
 */
export async function advanceShipment(
  tx: Executor,
  shipmentId: string,
  status: 'in_transit' | 'delivered',
  at: string,
): Promise<boolean> {
  const reached = status === 'delivered' ? sql`('delivered')` : sql`('in_transit', 'delivered')`;
  const { rows } = await tx.execute<{ id: string }>(sql`
    update shipments set status = ${status}, updated_at = now(),
      in_transit_at = case when ${status} = 'in_transit' then ${at}::timestamptz else in_transit_at end,
      delivered_at = case when ${status} = 'delivered' then ${at}::timestamptz else delivered_at end
    where id = ${shipmentId} and status not in ${reached}
    returning id`);
  return rows.length === 1;
}

/** Whether every parcel of the order was delivered. */
export async function allShipmentsDelivered(tx: Executor, orderId: string): Promise<boolean> {
  const { rows } = await tx.execute<{ delivered: boolean }>(sql`
    select not exists (select 1 from shipments where order_id = ${orderId} and status <> 'delivered') as delivered`);
  return rows[0]?.delivered === true;
}
