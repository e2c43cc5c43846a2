import { type SQL, sql } from 'drizzle-orm';
import { type Executor, isoTimestamp } from './executor';
import type { StockPolicy } from './stock-policy';

/** A price window as the admin API shows it. */
export interface PriceView {
  id: string;
  currency: string;
  amount: number;
  compareAtAmount: number | null;
  startsAt: string | null;
  endsAt: string | null;
  pimVersion: number;
}

/** A variant as the admin API shows it, with its stock policy and price windows. */
export interface VariantView extends StockPolicy {
  id: string;
  productId: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  weightGrams: number | null;
  availableForSale: boolean;
  position: number;
  pimVersion: number;
  prices: PriceView[];
}

/** A product as the admin API shows it: every status, every child. */
export interface ProductView {
  id: string;
  handle: string;
  title: string;
  description: string;
  status: 'draft' | 'active' | 'archived';
  vendor: string | null;
  tags: string[];
  attributes: Record<string, string | number | boolean>;
  pimVersion: number;
  options: { name: string; values: string[] }[];
  variants: VariantView[];
  media: { id: string; url: string; alt: string; position: number }[];
  categories: { id: string; handle: string; path: string }[];
  createdAt: string;
  updatedAt: string;
}

const pricesOf = (variantId: SQL) => sql`coalesce((
  select jsonb_agg(jsonb_build_object(
    'id', pr.id, 'currency', pr.currency, 'amount', pr.amount, 'compareAtAmount', pr.compare_at_amount,
    'startsAt', ${isoTimestamp(sql`pr.starts_at`)}, 'endsAt', ${isoTimestamp(sql`pr.ends_at`)},
    'pimVersion', pr.pim_version) order by pr.currency, pr.starts_at)
  from prices pr where pr.variant_id = ${variantId}), '[]'::jsonb)`;

const variantJson = sql`jsonb_build_object(
  'id', v.id, 'productId', v.product_id, 'sku', v.sku, 'title', v.title, 'options', v.options,
  'weightGrams', v.weight_grams, 'availableForSale', v.available_for_sale, 'position', v.position,
  'pimVersion', v.pim_version, 'inventoryPolicy', v.inventory_policy, 'oversellLimit', v.oversell_limit,
  'lowStockThreshold', v.low_stock_threshold, 'prices', ${pricesOf(sql`v.id`)})`;

/**
 * The admin view of the product row aliased `p`, as one jsonb value. The single read and the
 * admin list select it alike, so a listed product is exactly what its GET answers.
 */
export const productViewJson: SQL = sql`jsonb_build_object(
      'id', p.id, 'handle', p.handle, 'title', p.title, 'description', p.description, 'status', p.status,
      'vendor', p.vendor, 'tags', to_jsonb(p.tags), 'attributes', p.attributes, 'pimVersion', p.pim_version,
      'options', coalesce((select jsonb_agg(jsonb_build_object('name', o.name, 'values', to_jsonb(o.values))
        order by o.position) from product_options o where o.product_id = p.id), '[]'::jsonb),
      'variants', coalesce((select jsonb_agg(${variantJson} order by v.position, v.sku)
        from variants v where v.product_id = p.id), '[]'::jsonb),
      'media', coalesce((select jsonb_agg(jsonb_build_object('id', m.id, 'url', m.url, 'alt', m.alt,
        'position', m.position) order by m.position, m.id) from media m where m.product_id = p.id), '[]'::jsonb),
      'categories', coalesce((select jsonb_agg(jsonb_build_object('id', c.id, 'handle', c.handle, 'path', c.path)
        order by c.path) from product_categories pc join categories c on c.id = pc.category_id
        where pc.product_id = p.id), '[]'::jsonb),
      'createdAt', ${isoTimestamp(sql`p.created_at`)}, 'updatedAt', ${isoTimestamp(sql`p.updated_at`)}
    )`;

/** The admin view of a product, in one statement; undefined when there is no such product. */
export async function readProductView(db: Executor, productId: string): Promise<ProductView | undefined> {
  const { rows } = await db.execute<{ view: ProductView }>(sql`
    select ${productViewJson} as view
    from products p where p.id = ${productId}`);
  return rows[0]?.view;
}

/** The admin view of a variant, in one statement; undefined when there is no such variant. */
export async function readVariantView(db: Executor, variantId: string): Promise<VariantView | undefined> {
  const { rows } = await db.execute<{ view: VariantView }>(sql`
    select ${variantJson} as view from variants v where v.id = ${variantId}`);
  return rows[0]?.view;
}

/** A category as the admin API shows it. */
export interface CategoryView {
  id: string;
  handle: string;
  name: string;
  parentId: string | null;
  path: string;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** The admin view of the category row aliased `c`, as one jsonb value (single read and list). */
export const categoryViewJson: SQL = sql`jsonb_build_object('id', c.id, 'handle', c.handle, 'name', c.name,
      'parentId', c.parent_id, 'path', c.path, 'position', c.position,
      'createdAt', ${isoTimestamp(sql`c.created_at`)}, 'updatedAt', ${isoTimestamp(sql`c.updated_at`)})`;

export async function readCategoryView(db: Executor, categoryId: string): Promise<CategoryView | undefined> {
  const { rows } = await db.execute<{ view: CategoryView }>(sql`
    select ${categoryViewJson} as view
    from categories c where c.id = ${categoryId}`);
  return rows[0]?.view;
}
