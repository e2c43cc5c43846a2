import { type SQL, sql } from 'drizzle-orm';
import type { Transaction } from './executor';
import { jsonParameter, textArray } from './executor';
import type { ProductStatus } from './pim-products';
import { searchDocumentOf } from './search-document';

/** The product row's own fields, as an operator sets them. */
export interface ProductFields {
  handle: string;
  title: string;
  description: string;
  status: ProductStatus;
  vendor: string | null;
  tags: string[];
  attributes: Record<string, string | number | boolean>;
}

/**
 * Inserts an operator's product. Its `pim_version` is 0, below any PIM version, so when the
 * PIM later sends the same handle, the PIM's version takes the product over. False when the
 * handle is taken.
 */
export async function insertAdminProduct(
  tx: Transaction,
  id: string,
  fields: ProductFields,
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into products (id, handle, title, description, status, vendor, tags, attributes, search_document, pim_version)
    values (${id}, ${fields.handle}, ${fields.title}, ${fields.description}, ${fields.status}::product_status,
      ${fields.vendor}, ${textArray(fields.tags)}, ${jsonParameter(fields.attributes)},
      ${searchDocumentOf({
        title: sql`${fields.title}::text`,
        vendor: sql`${fields.vendor}::text`,
        tags: textArray(fields.tags),
        description: sql`${fields.description}::text`,
      })},
      0)
    on conflict (handle) do nothing
    returning id`);
  return rows.length === 1;
}

/** A product being edited, locked until the transaction ends. */
export interface LockedProduct {
  id: string;
  handle: string;
  title: string;
  status: ProductStatus;
  options: { name: string; values: string[] }[];
  variants: { id: string; sku: string; options: Record<string, string> }[];
}

/**
 * Locks a product row (FOR UPDATE) and reads what edits are validated against: its options and
 * its variants' option values. Every admin edit of a product or its variants starts here, so
 * edits of one product, and PIM batches touching it, take turns.
 *
 * Two statements, not one: under READ COMMITTED a statement reads from the snapshot it started
 * with, so options and variants read in the locking statement would be those from before the
 * wait for the lock, missing what the previous holder committed (two concurrent variants with
 * the same option values would then both pass the check). The second statement starts after
 * the lock is held and sees everything committed before it.
 */
export async function lockProduct(tx: Transaction, productId: string): Promise<LockedProduct | undefined> {
  const locked = await tx.execute(sql`select id from products where id = ${productId} for update`);
  if (locked.rows.length === 0) return undefined;
  const { rows } = await tx.execute<{ product: LockedProduct }>(sql`
    select jsonb_build_object(
      'id', p.id, 'handle', p.handle, 'title', p.title, 'status', p.status,
      'options', coalesce((select jsonb_agg(jsonb_build_object('name', o.name, 'values', to_jsonb(o.values))
        order by o.position) from product_options o where o.product_id = p.id), '[]'::jsonb),
      'variants', coalesce((select jsonb_agg(jsonb_build_object('id', v.id, 'sku', v.sku, 'options', v.options)
        order by v.position, v.sku) from variants v where v.product_id = p.id), '[]'::jsonb)
    ) as product
    from products p where p.id = ${productId}`);
  return rows[0]?.product;
}

export type ProductPatch = Partial<Omit<ProductFields, 'handle'>>;

/**
 * Updates the given fields of a locked product and recomputes its search document from the
 * row's resulting values. `pim_version` is left as it is: the next newer PIM message wins.
 */
export async function updateAdminProduct(
  tx: Transaction,
  productId: string,
  patch: ProductPatch,
): Promise<void> {
  const set = <K extends keyof ProductPatch>(
    key: K,
    column: string,
    value: (v: NonNullable<ProductPatch[K]>) => SQL,
  ) => (patch[key] === undefined ? sql.raw(column) : value(patch[key] as NonNullable<ProductPatch[K]>));
  const title = set('title', 'title', (v) => sql`${v}::text`);
  const description = set('description', 'description', (v) => sql`${v}::text`);
  const status = set('status', 'status', (v) => sql`${v}::product_status`);
  // `vendor: null` clears it, so presence is told by `in`, not by undefined.
  const vendor = 'vendor' in patch ? sql`${patch.vendor ?? null}::text` : sql.raw('vendor');
  const tags = set('tags', 'tags', (v) => textArray(v));
  const attributes = set('attributes', 'attributes', (v) => jsonParameter(v));
  await tx.execute(sql`
    update products set
      title = ${title}, description = ${description}, status = ${status}, vendor = ${vendor}, tags = ${tags},
      attributes = ${attributes},
      search_document = ${searchDocumentOf({ title, vendor, tags, description })},
      updated_at = now()
    where id = ${productId}`);
}

/** Archives a product; false when it already was archived (or does not exist). */
export async function archiveProduct(tx: Transaction, productId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    update products set status = 'archived', updated_at = now()
    where id = ${productId} and status <> 'archived'
    returning id`);
  return rows.length === 1;
}

/** What a `ProductUpdated` event reports of a product, read inside the writing transaction. */
export interface ProductSnapshot {
  productId: string;
  handle: string;
  title: string;
  status: ProductStatus;
  pimVersion: number;
  variants: { variantId: string; sku: string }[];
}

export async function productSnapshot(
  tx: Transaction,
  productId: string,
): Promise<ProductSnapshot | undefined> {
  const { rows } = await tx.execute<{ snapshot: ProductSnapshot }>(sql`
    select jsonb_build_object('productId', p.id, 'handle', p.handle, 'title', p.title, 'status', p.status,
      'pimVersion', p.pim_version,
      'variants', coalesce((select jsonb_agg(jsonb_build_object('variantId', v.id, 'sku', v.sku)
        order by v.position, v.sku) from variants v where v.product_id = p.id), '[]'::jsonb)) as snapshot
    from products p where p.id = ${productId}`);
  return rows[0]?.snapshot;
}
