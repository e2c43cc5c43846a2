import { sql } from 'drizzle-orm';
import { type Executor, textArray } from './executor';

export interface VariantOwner {
  variantId: string;
  productId: string;
  productHandle: string;
}

/** Which product owns each of `skus` today (absent SKUs are absent from the map). One statement. */
export async function findVariantOwners(
  db: Executor,
  skus: readonly string[],
): Promise<Map<string, VariantOwner>> {
  if (skus.length === 0) return new Map();
  const { rows } = await db.execute<{
    sku: string;
    variant_id: string;
    product_id: string;
    handle: string;
  }>(sql`
    select v.sku, v.id as variant_id, p.id as product_id, p.handle
    from variants v join products p on p.id = v.product_id
    where v.sku = any(${textArray(skus)})`);
  return new Map(
    rows.map((row) => [
      row.sku,
      { variantId: row.variant_id, productId: row.product_id, productHandle: row.handle },
    ]),
  );
}

export interface CategoryRef {
  id: string;
  handle: string;
  path: string;
}

/** The categories with the given handles (unknown handles are absent). One statement. */
export async function findCategoriesByHandle(
  db: Executor,
  handles: readonly string[],
): Promise<Map<string, CategoryRef>> {
  if (handles.length === 0) return new Map();
  const { rows } = await db.execute<{ id: string; handle: string; path: string }>(sql`
    select id, handle, path from categories where handle = any(${textArray(handles)})`);
  return new Map(rows.map((row) => [row.handle, row]));
}
