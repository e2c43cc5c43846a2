import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';
import type { StockPolicy } from '../catalog-writes/stock-policy';

/** What Postgres records of one SKU's stock: what its InventoryObject is rebuilt from (ADR 19). */
export interface RecordedStock {
  sku: string;
  /** The variant's stock policy; null when no variant has the SKU. */
  policy: StockPolicy | null;
  /** On hand per location with the WMS's sequence. */
  levels: { location: string; onHand: number; sequence: number }[];
  /**
   * Stock still committed per order: the SKU's lines of orders not cancelled and not yet shipped
   * in full, with the parcels that took part of them. A settled line holds no stock, so it is
   * left out: years of delivered orders would only fill the ledger.
   */
  commitments: {
    orderId: string;
    cartId: string;
    quantity: number;
    shipments: { shipmentId: string; quantity: number; location: string }[];
    cancelled: boolean;
  }[];
}

/** The variant's stock policy, the SKU's levels and its open commitments, in one statement. */
export async function readRecordedStock(db: Executor, sku: string): Promise<RecordedStock> {
  const { rows } = await db.execute<{
    policy: StockPolicy | null;
    levels: RecordedStock['levels'];
    commitments: RecordedStock['commitments'];
  }>(sql`
    select
      (select jsonb_build_object('inventoryPolicy', v.inventory_policy, 'oversellLimit', v.oversell_limit,
         'lowStockThreshold', v.low_stock_threshold)
       from variants v where v.sku = ${sku}) as policy,
      coalesce((select jsonb_agg(jsonb_build_object('location', l.location, 'onHand', l.on_hand,
         'sequence', l.sequence) order by l.location)
       from inventory_levels l where l.sku = ${sku}), '[]'::jsonb) as levels,
      coalesce((select jsonb_agg(jsonb_build_object('orderId', o.id, 'cartId', o.cart_id, 'quantity', l.quantity,
         'cancelled', false, 'shipments', p.shipments) order by o.placed_at, o.id)
       from order_lines l
       join orders o on o.id = l.order_id
       cross join lateral (
         select coalesce(jsonb_agg(jsonb_build_object('shipmentId', s.id, 'quantity', sl.quantity,
           'location', s.location) order by s.shipped_at, s.id), '[]'::jsonb) as shipments,
           coalesce(sum(sl.quantity), 0) as shipped
         from shipment_lines sl join shipments s on s.id = sl.shipment_id
         where sl.order_line_id = l.id) p
       where l.sku = ${sku} and o.status <> 'cancelled' and p.shipped < l.quantity), '[]'::jsonb) as commitments`);
  const row = rows[0];
  return {
    sku,
    policy: row?.policy ?? null,
    levels: row?.levels ?? [],
    commitments: row?.commitments ?? [],
  };
}
