import { catalogWrites, type Database, productSearchDocument, schema } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { uniqueSuffix, withDatabase } from './catalog-test-kit';

// Listings are refreshed once per transaction, at its commit (ADR 9): writes only queue their
// products. These tests write straight to the catalog tables, as any writer may.

type Tx = catalogWrites.Transaction;

class RolledBack extends Error {}

/** Writes one active product, its variant and price and a category link, one statement each. */
async function writeProduct(tx: Tx, suffix: string): Promise<{ productId: string; variantId: string }> {
  const productId = `prod_lr${suffix}`;
  const variantId = `var_lr${suffix}`;
  const categoryId = `cat_lr${suffix}`;
  const searchable = { title: `Refresh Tee ${suffix}`, vendor: 'Fixture Goods', tags: [], description: '' };
  await tx.insert(schema.categories).values({
    id: categoryId,
    handle: `lr-${suffix}`,
    name: 'Refresh',
    path: `lr-${suffix}`,
    position: 0,
  });
  await tx.insert(schema.products).values({
    id: productId,
    handle: `refresh-tee-${suffix}`,
    title: searchable.title,
    description: '',
    status: 'active',
    vendor: searchable.vendor,
    tags: [],
    searchDocument: productSearchDocument(searchable),
    pimVersion: 1,
  });
  await tx.insert(schema.variants).values({
    id: variantId,
    productId,
    sku: `LR-${suffix}`,
    title: 'M',
    options: { size: 'M' },
    position: 0,
    pimVersion: 1,
  });
  await tx.insert(schema.prices).values({
    id: `price_lr${suffix}`,
    variantId,
    currency: 'USD',
    amount: 2500,
    pimVersion: 1,
  });
  await tx.insert(schema.productCategories).values({ productId, categoryId });
  return { productId, variantId };
}

async function listingOf(db: Database | Tx, productId: string) {
  const { rows } = await db.execute<{ offers: Record<string, { min: number }>; facet_keys: string[] }>(
    sql`select offers, facet_keys from product_listings where product_id = ${productId}`,
  );
  return rows[0];
}

/** Rows of the refresh queue anyone can see: only a transaction's own, uncommitted, ever exist. */
async function visibleQueueRows(db: Database): Promise<number> {
  const { rows } = await db.execute<{ queued: number; pending: number }>(sql`
    select (select count(*)::int from storefront_listing_refresh_queue) as queued,
      (select count(*)::int from storefront_listing_refresh_pending) as pending`);
  return (rows[0]?.queued ?? 0) + (rows[0]?.pending ?? 0);
}

describe('listing refresh at commit', () => {
  it('queues a product once however many of its rows a transaction writes, and lists it at commit', async () => {
    const suffix = uniqueSuffix();
    const { productId, queuedInside, listedInside } = await withDatabase((db) =>
      db.transaction(async (tx) => {
        const { productId } = await writeProduct(tx, suffix);
        const { rows } = await tx.execute<{ queued: number }>(sql`
          select count(*)::int as queued from storefront_listing_refresh_queue
          where xact = pg_current_xact_id()`);
        return { productId, queuedInside: rows[0]?.queued, listedInside: await listingOf(tx, productId) };
      }),
    );

    // Four statements touched the product (product, variant, price, category link): one entry.
    expect(queuedInside).toBe(1);
    expect(listedInside).toBeUndefined();
    const listed = await withDatabase((db) => listingOf(db, productId));
    expect(listed?.offers.USD?.min).toBe(2500);
    expect(listed?.facet_keys).toEqual(expect.arrayContaining([`c:cat_lr${suffix}`, 'o:size\u001fM']));
    expect(await withDatabase(visibleQueueRows)).toBe(0);
  });

  it('a rolled-back transaction lists nothing and leaves nothing queued', async () => {
    const suffix = uniqueSuffix();
    await expect(
      withDatabase((db) =>
        db.transaction(async (tx) => {
          await writeProduct(tx, suffix);
          throw new RolledBack();
        }),
      ),
    ).rejects.toBeInstanceOf(RolledBack);

    expect(await withDatabase((db) => listingOf(db, `prod_lr${suffix}`))).toBeUndefined();
    expect(await withDatabase(visibleQueueRows)).toBe(0);
  });

  it('flushListingRefreshes lets the writing transaction read its listings, and commit still refreshes later writes', async () => {
    const suffix = uniqueSuffix();
    const { productId, flushed, listedInside } = await withDatabase((db) =>
      db.transaction(async (tx) => {
        const { productId, variantId } = await writeProduct(tx, suffix);
        const flushed = await catalogWrites.flushListingRefreshes(tx);
        const listedInside = await listingOf(tx, productId);
        // Written after the flush: the refresh at commit must still pick it up.
        await tx.update(schema.prices).set({ amount: 1900 }).where(sql`variant_id = ${variantId}`);
        return { productId, flushed, listedInside };
      }),
    );

    expect(flushed).toBe(1);
    expect(listedInside?.offers.USD?.min).toBe(2500);
    expect((await withDatabase((db) => listingOf(db, productId)))?.offers.USD?.min).toBe(1900);
    expect(await withDatabase(visibleQueueRows)).toBe(0);
  });

  it('a single statement outside any explicit transaction is listed when it commits', async () => {
    const suffix = uniqueSuffix();
    const productId = await withDatabase(async (db) => {
      const { productId, variantId } = await db.transaction((tx) => writeProduct(tx, suffix));
      await db.update(schema.variants).set({ availableForSale: false }).where(sql`id = ${variantId}`);
      return productId;
    });
    const { rows } = await withDatabase((db) =>
      db.execute<{ available: boolean }>(
        sql`select (offers -> 'USD' ->> 'available')::boolean as available from product_listings
          where product_id = ${productId}`,
      ),
    );
    expect(rows[0]?.available).toBe(false);
  });
});
