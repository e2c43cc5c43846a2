import { sql } from 'drizzle-orm';
import { jsonParameter, type Transaction } from './executor';
import { sqlState } from './retry';
import type { StockPolicy } from './stock-policy';

export interface AdminVariantFields {
  sku: string;
  title: string;
  options: Record<string, string>;
  weightGrams: number | null;
  availableForSale: boolean;
  position: number;
  stockPolicy: StockPolicy;
}

/** Inserts an operator's variant (`pim_version` 0); false when the SKU is taken. */
export async function insertAdminVariant(
  tx: Transaction,
  id: string,
  productId: string,
  fields: AdminVariantFields,
): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    insert into variants (id, product_id, sku, title, options, weight_grams, position, available_for_sale, pim_version,
      inventory_policy, oversell_limit, low_stock_threshold)
    values (${id}, ${productId}, ${fields.sku}, ${fields.title}, ${jsonParameter(fields.options)},
      ${fields.weightGrams}, ${fields.position}, ${fields.availableForSale}, 0,
      ${fields.stockPolicy.inventoryPolicy}, ${fields.stockPolicy.oversellLimit}, ${fields.stockPolicy.lowStockThreshold})
    on conflict (sku) do nothing
    returning id`);
  return rows.length === 1;
}

/** Thrown when an update would give a variant a SKU another variant has. */
export class SkuTakenError extends Error {
  override readonly name = 'SkuTakenError';
  constructor(readonly sku: string) {
    super(`SKU ${sku} is taken`);
  }
}

/**
 * Updates a variant of a locked product with its complete new fields. `pim_version` is kept:
 * the next newer PIM message for the product replaces the variant. A SKU clash aborts the
 * transaction with {@link SkuTakenError}.
 */
export async function updateAdminVariant(
  tx: Transaction,
  variantId: string,
  fields: AdminVariantFields,
): Promise<void> {
  try {
    await tx.execute(sql`
      update variants set sku = ${fields.sku}, title = ${fields.title}, options = ${jsonParameter(fields.options)},
        weight_grams = ${fields.weightGrams}, position = ${fields.position},
        available_for_sale = ${fields.availableForSale},
        inventory_policy = ${fields.stockPolicy.inventoryPolicy}, oversell_limit = ${fields.stockPolicy.oversellLimit},
        low_stock_threshold = ${fields.stockPolicy.lowStockThreshold}, updated_at = now()
      where id = ${variantId}`);
  } catch (error) {
    if (sqlState(error) === '23505') throw new SkuTakenError(fields.sku);
    throw error;
  }
}

/** The product of a variant, to lock it before editing the variant. */
export async function productOfVariant(tx: Transaction, variantId: string): Promise<string | undefined> {
  const { rows } = await tx.execute<{ product_id: string }>(sql`
    select product_id from variants where id = ${variantId}`);
  return rows[0]?.product_id;
}
