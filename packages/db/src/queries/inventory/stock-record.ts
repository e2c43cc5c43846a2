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
   * Committed stock per order. Always empty for now: orders, and the table that will record what
   * each committed, come with the checkout issue, which fills this in here.
   */
  commitments: { orderId: string; cartId: string; quantity: number; shipped: number; cancelled: boolean }[];
}

/** The variant's stock policy and the SKU's levels, in one statement. */
export async function readRecordedStock(db: Executor, sku: string): Promise<RecordedStock> {
  const { rows } = await db.execute<{
    policy: StockPolicy | null;
    levels: RecordedStock['levels'];
  }>(sql`
    select
      (select jsonb_build_object('inventoryPolicy', v.inventory_policy, 'oversellLimit', v.oversell_limit,
         'lowStockThreshold', v.low_stock_threshold)
       from variants v where v.sku = ${sku}) as policy,
      coalesce((select jsonb_agg(jsonb_build_object('location', l.location, 'onHand', l.on_hand,
         'sequence', l.sequence) order by l.location)
       from inventory_levels l where l.sku = ${sku}), '[]'::jsonb) as levels`);
  const row = rows[0];
  return { sku, policy: row?.policy ?? null, levels: row?.levels ?? [], commitments: [] };
}
