import { sql } from 'drizzle-orm';
import { jsonParameter, type Transaction, textArray } from './executor';
import type { StockPolicy, StockPolicyChange, WrittenStockPolicy } from './stock-policy';

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
  /** Absent fields keep the stored value, or take the default for a new SKU. */
  stockPolicy: StockPolicyChange;
}

export interface WrittenVariant {
  id: string;
  sku: string;
  productId: string;
  /** As stored after the write; `changed` when it differs from before (a new SKU always does). */
  stockPolicy: WrittenStockPolicy;
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
 * upsert skips it, and the whole write fails with {@link SkuOwnedElsewhereError}. Answers the
 * written variants with their stock policies, and the SKUs of the variants it removed.
 */
export async function replaceProductVariants(
  tx: Transaction,
  productIds: readonly string[],
  variants: readonly VariantRow[],
): Promise<{ written: WrittenVariant[]; removedSkus: string[] }> {
  const input = variants.map(({ stockPolicy, ...variant }) => variant);
  // Stock policies given, by SKU: one jsonb object, so `ON CONFLICT … SET` can tell a field
  // omitted (keep the stored value) from one given, which `excluded` cannot (it holds the
  // defaults the insert filled in). A key lookup in jsonb is a binary search, not a scan.
  const given = Object.fromEntries(
    variants
      .filter(({ stockPolicy }) => Object.keys(stockPolicy).length > 0)
      .map(({ sku, stockPolicy }) => [sku, stockPolicy]),
  );
  // Written variants, then removed SKUs (`removed`, every other column null but the SKU).
  const { rows } = await tx.execute<{
    id: string;
    sku: string;
    product_id: string;
    inventory_policy: StockPolicy['inventoryPolicy'];
    oversell_limit: number;
    low_stock_threshold: number;
    removed: boolean;
    stock_policy_changed: boolean;
  }>(sql`
    with input as (
      select * from jsonb_to_recordset(${jsonParameter(input)})
        as v(id text, "productId" text, sku text, title text, options jsonb, "weightGrams" integer,
             position integer, "availableForSale" boolean, "pimVersion" bigint)
    ), given as (
      select ${jsonParameter(given)} as policies
    ), removed as (
      delete from variants existing
      where existing.product_id = any(${textArray(productIds)})
        and not exists (select 1 from input where input."productId" = existing.product_id and input.sku = existing.sku)
      returning existing.sku
    ), before as (
      select sku, inventory_policy, oversell_limit, low_stock_threshold
      from variants where sku in (select sku from input)
    ), written as (
      insert into variants as v
        (id, product_id, sku, title, options, weight_grams, position, available_for_sale, pim_version,
         inventory_policy, oversell_limit, low_stock_threshold)
      select input.id, "productId", input.sku, title, options, "weightGrams", position, "availableForSale",
        "pimVersion",
        coalesce(policies -> input.sku ->> 'inventoryPolicy', 'deny'),
        coalesce((policies -> input.sku ->> 'oversellLimit')::integer, 0),
        coalesce((policies -> input.sku ->> 'lowStockThreshold')::integer, 0)
      from input cross join given
      order by input.sku
      on conflict (sku) do update set
        title = excluded.title, options = excluded.options, weight_grams = excluded.weight_grams,
        position = excluded.position, available_for_sale = excluded.available_for_sale,
        pim_version = excluded.pim_version, updated_at = now(),
        inventory_policy = coalesce((select policies from given) -> excluded.sku ->> 'inventoryPolicy', v.inventory_policy),
        oversell_limit = coalesce(((select policies from given) -> excluded.sku ->> 'oversellLimit')::integer, v.oversell_limit),
        low_stock_threshold = coalesce(((select policies from given) -> excluded.sku ->> 'lowStockThreshold')::integer, v.low_stock_threshold)
      where v.product_id = excluded.product_id
      returning v.id, v.sku, v.product_id, v.inventory_policy, v.oversell_limit, v.low_stock_threshold
    )
    -- A new SKU's object starts from the defaults (deny, 0, 0), so a new SKU changed its policy
    -- only when it differs from them; a removed one is listed so its object can be put back.
    select written.*, false as removed,
      (coalesce(before.inventory_policy, 'deny'), coalesce(before.oversell_limit, 0),
        coalesce(before.low_stock_threshold, 0))
        is distinct from (written.inventory_policy, written.oversell_limit, written.low_stock_threshold)
        as stock_policy_changed
    from written left join before on before.sku = written.sku
    union all
    select null, removed.sku, null, null, null, null, true, true from removed`);
  const written = rows.filter((row) => !row.removed);
  if (written.length < variants.length) {
    const skus = new Set(written.map((row) => row.sku));
    throw new SkuOwnedElsewhereError(variants.filter((variant) => !skus.has(variant.sku)).map((v) => v.sku));
  }
  return {
    written: written.map((row) => ({
      id: row.id,
      sku: row.sku,
      productId: row.product_id,
      stockPolicy: {
        sku: row.sku,
        inventoryPolicy: row.inventory_policy,
        oversellLimit: row.oversell_limit,
        lowStockThreshold: row.low_stock_threshold,
        changed: row.stock_policy_changed,
      },
    })),
    removedSkus: rows.filter((row) => row.removed).map((row) => row.sku),
  };
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
