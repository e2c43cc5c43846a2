import { sql } from 'drizzle-orm';
import { jsonParameter, type Transaction, textArray } from './executor';

// Each function below makes the listed products' rows of one child table exactly what it is
// given, in ONE statement whatever the number of products: rows missing from the input are
// deleted, the others upserted. Callers hold the products' row locks (they just wrote them), so
// no concurrent writer interleaves with these statements for the same products.

export interface OptionRow {
  productId: string;
  name: string;
  position: number;
  values: string[];
}

export async function replaceProductOptions(
  tx: Transaction,
  productIds: readonly string[],
  options: readonly OptionRow[],
): Promise<void> {
  await tx.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${jsonParameter(options)})
        as o("productId" text, name text, position integer, "values" text[])
    ), removed as (
      delete from product_options existing
      where existing.product_id = any(${textArray(productIds)})
        and not exists (select 1 from input where input."productId" = existing.product_id and input.name = existing.name)
    )
    insert into product_options (product_id, name, position, "values")
    select "productId", name, position, "values" from input
    on conflict (product_id, name) do update set position = excluded.position, "values" = excluded."values"`);
}

export interface VariantRow {
  /** Used only when the SKU is new. */
  id: string;
  productId: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  weightGrams: number | null;
  position: number;
  availableForSale: boolean;
  pimVersion: number;
}

export interface WrittenVariant {
  id: string;
  sku: string;
  productId: string;
}

/**
 * Raised inside the transaction when a SKU turned out to belong to another product (a concurrent
 * writer took it after validation looked): the caller rolls back and reports these SKUs.
 */
export class SkuOwnedElsewhereError extends Error {
  override readonly name = 'SkuOwnedElsewhereError';
  constructor(readonly skus: string[]) {
    super(`SKUs owned by another product: ${skus.join(', ')}`);
  }
}

/**
 * Variants are matched by SKU. A SKU that exists under another product is never moved: the
 * upsert skips it, and the whole write fails with {@link SkuOwnedElsewhereError}.
 */
export async function replaceProductVariants(
  tx: Transaction,
  productIds: readonly string[],
  variants: readonly VariantRow[],
): Promise<WrittenVariant[]> {
  const { rows } = await tx.execute<{ id: string; sku: string; product_id: string }>(sql`
    with input as (
      select * from jsonb_to_recordset(${jsonParameter(variants)})
        as v(id text, "productId" text, sku text, title text, options jsonb, "weightGrams" integer,
             position integer, "availableForSale" boolean, "pimVersion" bigint)
    ), removed as (
      delete from variants existing
      where existing.product_id = any(${textArray(productIds)})
        and not exists (select 1 from input where input."productId" = existing.product_id and input.sku = existing.sku)
    )
    insert into variants as v
      (id, product_id, sku, title, options, weight_grams, position, available_for_sale, pim_version)
    select id, "productId", sku, title, options, "weightGrams", position, "availableForSale", "pimVersion"
    from input
    order by sku
    on conflict (sku) do update set
      title = excluded.title, options = excluded.options, weight_grams = excluded.weight_grams,
      position = excluded.position, available_for_sale = excluded.available_for_sale,
      pim_version = excluded.pim_version, updated_at = now()
    where v.product_id = excluded.product_id
    returning v.id, v.sku, v.product_id`);
  if (rows.length < variants.length) {
    const written = new Set(rows.map((row) => row.sku));
    throw new SkuOwnedElsewhereError(
      variants.filter((variant) => !written.has(variant.sku)).map((v) => v.sku),
    );
  }
  return rows.map((row) => ({ id: row.id, sku: row.sku, productId: row.product_id }));
}

export interface MediaRow {
  /** Used only when the URL is new for the product: a picture keeps its id across updates. */
  id: string;
  productId: string;
  url: string;
  alt: string;
  position: number;
}

export async function replaceProductMedia(
  tx: Transaction,
  productIds: readonly string[],
  media: readonly MediaRow[],
): Promise<void> {
  await tx.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${jsonParameter(media)})
        as m(id text, "productId" text, url text, alt text, position integer)
    ), removed as (
      delete from media existing
      where existing.product_id = any(${textArray(productIds)})
        and not exists (select 1 from input where input."productId" = existing.product_id and input.url = existing.url)
    ), kept as (
      update media existing set alt = input.alt, position = input.position
      from input where existing.product_id = input."productId" and existing.url = input.url
    )
    insert into media (id, product_id, url, alt, position)
    select input.id, input."productId", input.url, input.alt, input.position
    from input
    where not exists (select 1 from media existing where existing.product_id = input."productId" and existing.url = input.url)`);
}

export interface ProductCategoryRow {
  productId: string;
  categoryId: string;
}

export async function replaceProductCategories(
  tx: Transaction,
  productIds: readonly string[],
  links: readonly ProductCategoryRow[],
): Promise<void> {
  await tx.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${jsonParameter(links)}) as l("productId" text, "categoryId" text)
    ), removed as (
      delete from product_categories existing
      where existing.product_id = any(${textArray(productIds)})
        and not exists (
          select 1 from input where input."productId" = existing.product_id and input."categoryId" = existing.category_id
        )
    )
    insert into product_categories (product_id, category_id)
    select "productId", "categoryId" from input
    on conflict do nothing`);
}
