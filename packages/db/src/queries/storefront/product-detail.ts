import { sql } from 'drizzle-orm';
import type { Database } from '../../client';

export interface ProductDetailVariant {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  availableForSale: boolean;
  /** Whether it sells beyond stock, and why: shoppers are told "backorder" or "preorder". */
  inventoryPolicy: 'deny' | 'backorder' | 'preorder';
  weightGrams: number | null;
  /** The price in force now in the requested currency, in minor units; null: not priced there. */
  price: number | null;
  compareAtPrice: number | null;
}

export interface ProductDetail {
  id: string;
  handle: string;
  title: string;
  description: string;
  vendor: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  options: { name: string; values: string[] }[];
  variants: ProductDetailVariant[];
  media: { id: string; url: string; alt: string; variantId: string | null }[];
  categories: { handle: string; name: string; path: string }[];
}

/**
 * An active product by handle with its options, variants (priced in `currency` as of now:
 * the latest started window in force), media and categories, in one statement; null when no
 * active product has the handle.
 */
export async function loadProductDetail(
  db: Database,
  handle: string,
  currency: string,
): Promise<ProductDetail | null> {
  const result = await db.execute<{ product: ProductDetail }>(sql`
    select json_build_object(
      'id', p.id, 'handle', p.handle, 'title', p.title, 'description', p.description,
      'vendor', p.vendor, 'tags', p.tags,
      'createdAt', to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'updatedAt', to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'options', coalesce((
        select json_agg(json_build_object('name', po.name, 'values', po.values) order by po.position, po.name)
        from product_options po where po.product_id = p.id), '[]'::json),
      'variants', coalesce((
        select json_agg(json_build_object(
          'id', v.id, 'sku', v.sku, 'title', v.title, 'options', v.options,
          'availableForSale', v.available_for_sale, 'inventoryPolicy', v.inventory_policy,
          'weightGrams', v.weight_grams,
          'price', price.amount, 'compareAtPrice', price.compare_at_amount) order by v.position, v.id)
        from variants v
        left join lateral (
          select pr.amount, pr.compare_at_amount from prices pr
          where pr.variant_id = v.id and pr.currency = ${currency} and pr.starts_at <= now() and pr.ends_at > now()
          order by pr.starts_at desc limit 1) price on true
        where v.product_id = p.id), '[]'::json),
      'media', coalesce((
        select json_agg(json_build_object('id', m.id, 'url', m.url, 'alt', m.alt, 'variantId', m.variant_id)
          order by m.position, m.id)
        from media m where m.product_id = p.id), '[]'::json),
      'categories', coalesce((
        select json_agg(json_build_object('handle', c.handle, 'name', c.name, 'path', c.path) order by c.path)
        from product_categories pc join categories c on c.id = pc.category_id
        where pc.product_id = p.id), '[]'::json)
    ) as product
    from products p
    where p.handle = ${handle} and p.status = 'active'`);
  return result.rows[0]?.product ?? null;
}
