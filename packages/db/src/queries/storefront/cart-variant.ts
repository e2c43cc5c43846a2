import { sql } from 'drizzle-orm';
import type { Database } from '../../client';

/** A variant as a cart sells it: what it is, whether it can be sold now, and its price. */
export interface CartVariant {
  id: string;
  sku: string;
  title: string;
  productId: string;
  productHandle: string;
  productTitle: string;
  /** Sellable now: its product is active and the variant is available for sale. */
  sellable: boolean;
  /** Whether it sells beyond stock: never, as a backorder, or as a preorder (not released yet). */
  inventoryPolicy: 'deny' | 'backorder' | 'preorder';
  weightGrams: number | null;
  /** The price in force now in the currency, in minor units; null: not priced there. */
  price: number | null;
  compareAtPrice: number | null;
}

/**
 * One variant by id with its price in force now in `currency` (the latest started window), in
 * one statement; null when no variant has the id. Archived and draft products' variants are
 * returned too, marked not sellable, so a cart can say why a line cannot be bought.
 */
export async function loadCartVariant(
  db: Database,
  variantId: string,
  currency: string,
): Promise<CartVariant | null> {
  const result = await db.execute<{ variant: CartVariant }>(sql`
    select json_build_object(
      'id', v.id, 'sku', v.sku, 'title', v.title,
      'productId', p.id, 'productHandle', p.handle, 'productTitle', p.title,
      'sellable', p.status = 'active' and v.available_for_sale,
      'inventoryPolicy', v.inventory_policy,
      'weightGrams', v.weight_grams,
      'price', price.amount, 'compareAtPrice', price.compare_at_amount) as variant
    from variants v
    join products p on p.id = v.product_id
    left join lateral (
      select pr.amount, pr.compare_at_amount from prices pr
      where pr.variant_id = v.id and pr.currency = ${currency} and pr.starts_at <= now() and pr.ends_at > now()
      order by pr.starts_at desc limit 1) price on true
    where v.id = ${variantId}`);
  return result.rows[0]?.variant ?? null;
}
