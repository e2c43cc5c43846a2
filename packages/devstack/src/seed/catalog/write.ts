import { type catalogWrites, type Database, productSearchDocument, schema } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import { generateProduct, seedId } from './generator';
import { CATEGORY_TREE, COLLECTIONS } from './vocabulary';

// Postgres allows 65,535 parameters per statement; rows are inserted in slices well below it.
const ROWS_PER_STATEMENT = 1_000;
const PRODUCTS_PER_ROUND = 200;

export interface CatalogSeedReport {
  products: number;
  productsInserted: number;
}

/**
 * Writes products 0..count-1 of the deterministic catalog, with their categories and
 * collections. Idempotent: every row has a fixed id and existing rows are left alone, so a
 * second run, or a run for a bigger count, only adds what is missing.
 */
export async function seedCatalog(
  db: Database,
  count: number,
  progress?: (done: number) => void,
): Promise<CatalogSeedReport> {
  const categoryIds = await seedCategories(db);
  const collectionIds = await seedCollections(db);
  if (count === 0 || (await isSeeded(db, count))) return { products: count, productsInserted: 0 };
  let productsInserted = 0;
  for (let start = 0; start < count; start += PRODUCTS_PER_ROUND) {
    const batch = Array.from({ length: Math.min(PRODUCTS_PER_ROUND, count - start) }, (_, offset) =>
      generateProduct(start + offset),
    );
    // One transaction per round: listings are refreshed once per transaction, at its commit
    // (ADR 9), so a round's products, variants, prices and category links cost one refresh.
    productsInserted += await db.transaction((tx) => insertProducts(tx, batch, categoryIds, collectionIds));
    progress?.(start + batch.length);
  }
  return { products: count, productsInserted };
}

// Rounds run in order, each in its own transaction, so the last product's category link
// existing means every earlier row does: a re-run of 50,000 products is one query.
async function isSeeded(db: Database, count: number): Promise<boolean> {
  const lastProduct = seedId('prod', count - 1);
  const rows = await db
    .select({ productId: schema.productCategories.productId })
    .from(schema.productCategories)
    .where(sql`${schema.productCategories.productId} = ${lastProduct}`)
    .limit(1);
  return rows.length > 0;
}

async function seedCategories(db: Database): Promise<Map<string, string>> {
  const ids = new Map(CATEGORY_TREE.map((category, index) => [category.handle, seedId('cat', index)]));
  const paths = new Map<string, string>();
  const rows = CATEGORY_TREE.map((category, position) => {
    const parentPath = category.parent ? paths.get(category.parent) : undefined;
    const path = parentPath ? `${parentPath}/${category.handle}` : category.handle;
    paths.set(category.handle, path);
    return {
      id: ids.get(category.handle) ?? '',
      handle: category.handle,
      name: category.name,
      parentId: category.parent ? (ids.get(category.parent) ?? null) : null,
      path,
      position,
    };
  });
  await db.insert(schema.categories).values(rows).onConflictDoNothing();
  return ids;
}

async function seedCollections(db: Database): Promise<Map<string, string>> {
  const ids = new Map(COLLECTIONS.map((collection, index) => [collection.handle, seedId('col', index)]));
  await db
    .insert(schema.collections)
    .values(COLLECTIONS.map((collection) => ({ ...collection, id: ids.get(collection.handle) ?? '' })))
    .onConflictDoNothing();
  return ids;
}

async function insertProducts(
  db: catalogWrites.Transaction,
  batch: ReturnType<typeof generateProduct>[],
  categoryIds: Map<string, string>,
  collectionIds: Map<string, string>,
): Promise<number> {
  const inserted = await db
    .insert(schema.products)
    .values(
      batch.map(({ product }) => ({
        ...product,
        searchDocument: productSearchDocument(product),
        pimVersion: 1,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: schema.products.id });

  await insertSliced(
    batch.flatMap(({ product, options }) => options.map((option) => ({ ...option, productId: product.id }))),
    (rows) => db.insert(schema.productOptions).values(rows).onConflictDoNothing(),
  );
  await insertSliced(
    batch.flatMap(({ product, variants }) =>
      variants.map((variant) => ({ ...variant, productId: product.id, pimVersion: 1 })),
    ),
    (rows) => db.insert(schema.variants).values(rows).onConflictDoNothing(),
  );
  await insertSliced(
    batch.flatMap(({ prices }) =>
      prices.map(({ startsAt, ...price }) => ({
        ...price,
        pimVersion: 1,
        ...(startsAt ? { startsAt } : {}),
      })),
    ),
    (rows) => db.insert(schema.prices).values(rows).onConflictDoNothing(),
  );
  await insertSliced(
    batch.flatMap(({ product, media }) => media.map((item) => ({ ...item, productId: product.id }))),
    (rows) => db.insert(schema.media).values(rows).onConflictDoNothing(),
  );
  await insertSliced(
    batch.flatMap(({ product, collectionHandles }) =>
      collectionHandles.map((handle) => ({
        productId: product.id,
        collectionId: collectionIds.get(handle) ?? '',
        // Merchandised order: newest first, as a merchandiser would start a collection.
        position: -product.createdAt.getTime() / 60_000,
      })),
    ),
    (rows) => db.insert(schema.collectionProducts).values(rows).onConflictDoNothing(),
  );
  await insertSliced(
    batch.map(({ product, categoryHandle }) => ({
      productId: product.id,
      categoryId: categoryIds.get(categoryHandle) ?? '',
    })),
    (rows) => db.insert(schema.productCategories).values(rows).onConflictDoNothing(),
  );
  return inserted.length;
}

async function insertSliced<Row>(rows: Row[], insert: (slice: Row[]) => PromiseLike<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await insert(rows.slice(start, start + ROWS_PER_STATEMENT));
  }
}

/** Refreshes planner statistics after a bulk load, so the first queries get good plans. */
export async function analyzeCatalog(db: Database): Promise<void> {
  await db.execute(
    sql`analyze products, variants, prices, product_categories, collection_products, media, categories`,
  );
}
