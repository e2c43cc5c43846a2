import { sql } from 'drizzle-orm';
import { jsonParameter, type Transaction, textArray } from './executor';
import {
  type MediaRow,
  type OptionRow,
  type ProductCategoryRow,
  replaceProductCategories,
  replaceProductMedia,
  replaceProductOptions,
  replaceProductVariants,
  type VariantRow,
  type WrittenVariant,
} from './product-children';
import { searchDocumentOf } from './search-document';
import type { StockPolicyChange } from './stock-policy';

export type ProductStatus = 'draft' | 'active' | 'archived';

/** A product as the PIM sends it, resolved and ready to write. */
export interface PimProduct {
  /** Used only when the handle is new. */
  id: string;
  handle: string;
  title: string;
  description: string;
  status: ProductStatus;
  vendor: string | null;
  tags: string[];
  attributes: Record<string, string | number | boolean>;
  version: number;
  options: { name: string; values: string[] }[];
  variants: {
    id: string;
    sku: string;
    title: string;
    options: Record<string, string>;
    weightGrams: number | null;
    availableForSale: boolean;
    stockPolicy: StockPolicyChange;
  }[];
  media: { id: string; url: string; alt: string }[];
  categoryIds: string[];
}

export type ProductOutcome =
  | { handle: string; productId: string; outcome: 'created' | 'updated'; version: number }
  /** Not applied: the stored version is the same or newer. */
  | { handle: string; productId: string; outcome: 'stale'; version: number; currentVersion: number };

export interface AppliedProduct {
  productId: string;
  product: PimProduct;
  outcome: 'created' | 'updated';
  variants: WrittenVariant[];
}

/**
 * Applies a PIM batch in the caller's transaction, set-based: one statement upserts every
 * product, guarded by `pim_version < excluded.pim_version`, and one statement per child table
 * (options, variants, media, categories) rewrites the children of the products that were
 * applied; a batch costs the same handful of statements at 1 item or 500.
 *
 * Ordering and concurrency: the upsert locks each product row it touches, applied or not (ON
 * CONFLICT DO UPDATE locks even when its WHERE fails), in handle order. A concurrent batch for
 * the same product waits, then compares versions against the committed row, so the highest
 * version wins whole: children are only written by whoever holds that lock and won.
 */
export async function upsertPimProducts(
  tx: Transaction,
  products: readonly PimProduct[],
): Promise<{ outcomes: ProductOutcome[]; applied: AppliedProduct[]; removedSkus: string[] }> {
  const input = products.map(
    ({ id, handle, title, description, status, vendor, tags, attributes, version }) => ({
      id,
      handle,
      title,
      description,
      status,
      vendor,
      tags,
      attributes,
      version,
    }),
  );
  const { rows } = await tx.execute<{ id: string; handle: string; created: boolean }>(sql`
    with input as (
      select * from jsonb_to_recordset(${jsonParameter(input)})
        as i(id text, handle text, title text, description text, status text, vendor text, tags text[],
             attributes jsonb, version bigint)
    )
    insert into products as p
      (id, handle, title, description, status, vendor, tags, attributes, search_document, pim_version)
    select id, handle, title, description, status::product_status, vendor, tags, attributes,
      ${searchDocumentOf({ title: sql`title`, vendor: sql`vendor`, tags: sql`tags`, description: sql`description` })},
      version
    from input
    order by handle
    on conflict (handle) do update set
      title = excluded.title, description = excluded.description, status = excluded.status,
      vendor = excluded.vendor, tags = excluded.tags, attributes = excluded.attributes,
      search_document = excluded.search_document, pim_version = excluded.pim_version, updated_at = now()
    where p.pim_version < excluded.pim_version
    returning p.id, p.handle, (p.xmax = 0) as created`);

  const written = new Map(rows.map((row) => [row.handle, row]));
  const applied: AppliedProduct[] = [];
  const staleHandles: string[] = [];
  for (const product of products) {
    const row = written.get(product.handle);
    if (row)
      applied.push({
        productId: row.id,
        product,
        outcome: row.created ? 'created' : 'updated',
        variants: [],
      });
    else staleHandles.push(product.handle);
  }

  const current = await currentVersions(tx, staleHandles);
  const removedSkus: string[] = [];
  if (applied.length > 0) {
    const byProductId = new Map(applied.map((entry) => [entry.productId, entry]));
    const children = await rewriteChildren(tx, applied);
    for (const variant of children.written) byProductId.get(variant.productId)?.variants.push(variant);
    removedSkus.push(...children.removedSkus);
  }

  const appliedByHandle = new Map(applied.map((entry) => [entry.product.handle, entry]));
  const outcomes = products.map((product): ProductOutcome => {
    const entry = appliedByHandle.get(product.handle);
    if (entry) {
      return {
        handle: product.handle,
        productId: entry.productId,
        outcome: entry.outcome,
        version: product.version,
      };
    }
    const stored = current.get(product.handle);
    // Not written means the row exists with a version at least as high: products are never deleted.
    if (!stored) throw new Error(`product ${product.handle} was neither written nor found`);
    return {
      handle: product.handle,
      productId: stored.id,
      outcome: 'stale',
      version: product.version,
      currentVersion: stored.version,
    };
  });
  return { outcomes, applied, removedSkus };
}

// Read after the upsert, in the same transaction: under READ COMMITTED it sees the rows that
// made these items stale, including ones a concurrent batch committed while we waited.
async function currentVersions(
  tx: Transaction,
  handles: readonly string[],
): Promise<Map<string, { id: string; version: number }>> {
  if (handles.length === 0) return new Map();
  const { rows } = await tx.execute<{ id: string; handle: string; pim_version: string }>(sql`
    select id, handle, pim_version from products where handle = any(${textArray(handles)})`);
  return new Map(rows.map((row) => [row.handle, { id: row.id, version: Number(row.pim_version) }]));
}

async function rewriteChildren(
  tx: Transaction,
  applied: readonly AppliedProduct[],
): Promise<{ written: WrittenVariant[]; removedSkus: string[] }> {
  const productIds = applied.map((entry) => entry.productId);
  const options: OptionRow[] = [];
  const variants: VariantRow[] = [];
  const media: MediaRow[] = [];
  const categories: ProductCategoryRow[] = [];
  for (const { productId, product } of applied) {
    product.options.forEach((option, position) => {
      options.push({ productId, name: option.name, position, values: option.values });
    });
    product.variants.forEach((variant, position) => {
      variants.push({ ...variant, productId, position, pimVersion: product.version });
    });
    product.media.forEach((picture, position) => {
      media.push({ ...picture, productId, position });
    });
    for (const categoryId of product.categoryIds) categories.push({ productId, categoryId });
  }
  await replaceProductOptions(tx, productIds, options);
  const written = await replaceProductVariants(tx, productIds, variants);
  await replaceProductMedia(tx, productIds, media);
  await replaceProductCategories(tx, productIds, categories);
  return written;
}
