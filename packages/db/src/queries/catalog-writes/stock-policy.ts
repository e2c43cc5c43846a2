import { sql } from 'drizzle-orm';
import type { InventoryPolicy } from '../../schema/variants';
import { type Executor, textArray } from './executor';

/** How a variant may be sold beyond its stock, and when its stock counts as low. */
export interface StockPolicy {
  inventoryPolicy: InventoryPolicy;
  /** Units that may be sold beyond stock; 0 under `deny`. */
  oversellLimit: number;
  lowStockThreshold: number;
}

/**
 * What a write names of a variant's stock policy. An absent field keeps the stored value (or
 * takes the column default on insert). `inventoryPolicy` and `oversellLimit` are given together
 * or not at all (the API's rules see to it), so a limit never outlives the policy it was set for.
 */
export type StockPolicyChange = Partial<StockPolicy>;

/** A variant's stock policy, after a write, with whether the write changed it (a new SKU did). */
export interface WrittenStockPolicy extends StockPolicy {
  sku: string;
  changed: boolean;
}

/**
 * The stock policies of the variants of `productIds`, as committed now: what a replayed write
 * sends to the SKUs' inventory objects again, since its recorded answer does not carry them.
 */
export async function readStockPolicies(
  db: Executor,
  productIds: readonly string[],
): Promise<WrittenStockPolicy[]> {
  if (productIds.length === 0) return [];
  const { rows } = await db.execute<{
    sku: string;
    inventory_policy: InventoryPolicy;
    oversell_limit: number;
    low_stock_threshold: number;
  }>(sql`
    select sku, inventory_policy, oversell_limit, low_stock_threshold
    from variants where product_id = any(${textArray(productIds)})`);
  return rows.map((row) => ({
    sku: row.sku,
    inventoryPolicy: row.inventory_policy,
    oversellLimit: row.oversell_limit,
    lowStockThreshold: row.low_stock_threshold,
    changed: true,
  }));
}
