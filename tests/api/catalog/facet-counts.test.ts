import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { postSigned, uniqueSuffix, withDatabase } from './catalog-test-kit';
import { facetCountDrift, unfilteredPagesThatDiffer } from './facet-count-checks';
import { productItem } from './pim-fixtures';
import { buildWorld, pricedVariant } from './storefront-fixtures';

// The unfiltered product list reads its facets and total from counts maintained at each
// writer's commit (ADR 12). After every kind of write, they must be what counting the listings
// from scratch gives, and the page byte for byte what it was when it counted.

async function expectCountsInStep(): Promise<void> {
  expect(await withDatabase(facetCountDrift)).toEqual([]);
  expect(await withDatabase(unfilteredPagesThatDiffer)).toEqual([]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Each check counts the whole test database twice; on a large one (a developer's) that takes a while.
describe('maintained facet counts of the unfiltered product list', { timeout: 120_000 }, () => {
  it('follow inserts, edits, archives, deletes, category moves, hand repairs and price windows', async () => {
    const soon = new Date(Date.now() + 2_500);
    const world = await buildWorld([
      {
        key: 'tee',
        title: 'Count Tee',
        categories: ['child'],
        variants: [pricedVariant({ size: 'M' }, 1500)],
      },
      {
        key: 'ending-sale',
        title: 'Ending Sale Cap',
        categories: ['sibling'],
        variants: [
          {
            options: { size: 'S', colour: 'Teal' },
            prices: [
              { currency: 'USD', amount: 3000 },
              { currency: 'USD', amount: 900, startsAt: new Date(Date.now() - 60_000), endsAt: soon },
              { currency: 'EUR', amount: 2700 },
            ],
          },
        ],
      },
      {
        key: 'coming-sale',
        title: 'Coming Sale Coat',
        categories: ['root'],
        variants: [
          {
            options: { size: 'L' },
            prices: [
              { currency: 'GBP', amount: 12000 },
              { currency: 'GBP', amount: 250000, startsAt: soon },
            ],
          },
        ],
      },
      { key: 'draft', title: 'Draft Scarf', status: 'draft', variants: [pricedVariant({ size: 'XS' }, 700)] },
      {
        key: 'usd-only',
        title: 'USD Socks',
        variants: [{ options: { size: 'S' }, prices: [{ currency: 'USD', amount: 450 }] }],
      },
    ]);
    await expectCountsInStep();

    // Writers straight to the catalog tables, several in one transaction.
    await withDatabase((db) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`update products set status = 'archived' where id = ${world.idOf('tee')}`);
        await tx.execute(sql`update products set status = 'active' where id = ${world.idOf('draft')}`);
        await tx.execute(sql`insert into product_categories (product_id, category_id)
          select ${world.idOf('draft')}, id from categories where handle = ${world.categories.child}`);
        await tx.execute(sql`update prices set amount = 55000
          where variant_id = ${world.products.get('usd-only')?.variantIds[0] ?? ''}`);
      }),
    );
    await expectCountsInStep();

    // A category moves under its sibling: its products' ancestor keys change.
    await withDatabase((db) =>
      db.execute(sql`update categories set parent_id = (select id from categories where handle = ${world.categories.child}),
        path = ${`${world.categories.root}/${world.categories.child}/${world.categories.sibling}`}
        where handle = ${world.categories.sibling}`),
    );
    await expectCountsInStep();

    // A variant deleted, then a whole product (its listing goes by cascade, not by a refresh).
    await withDatabase(async (db) => {
      await db.execute(
        sql`delete from variants where id = ${world.products.get('draft')?.variantIds[0] ?? ''}`,
      );
      await db.execute(sql`delete from products where id = ${world.idOf('usd-only')}`);
    });
    await expectCountsInStep();

    // A hand repair of a listing (as the storefront suite does): stale, with another offer.
    await withDatabase((db) =>
      db.execute(sql`update product_listings set fresh_until = now() - interval '1 second',
        offers = '{"USD": {"min": 1, "max": 1, "compareAtMin": null, "compareAtMax": null, "available": false, "amounts": [1]}}',
        price_band_keys = '{USD:0}' where product_id = ${world.idOf('ending-sale')}`),
    );
    await expectCountsInStep();

    // The windows open and close: read with prices as of now before the cron, then rewritten.
    await sleep(soon.getTime() - Date.now() + 200);
    await expectCountsInStep();
    await withDatabase((db) => db.execute(sql`select storefront_refresh_stale_listing_batch(100000)`));
    await expectCountsInStep();
  });

  it('follow PIM batches that create, change and archive products', async () => {
    const run = uniqueSuffix();
    const handles = Array.from({ length: 4 }, (_, index) => `facet-${run}-${index}`);
    const created = await postSigned('/v1/integrations/pim/products', {
      products: handles.map((handle) => productItem(handle, 1)),
    });
    expect(created.status).toBe(200);
    const prices = await postSigned('/v1/integrations/pim/prices', {
      prices: handles.flatMap((handle) => [
        { sku: `${handle.toUpperCase()}-S`, currency: 'USD', amount: 1900, version: 1 },
        { sku: `${handle.toUpperCase()}-M`, currency: 'EUR', amount: 21000, version: 1 },
      ]),
    });
    expect(prices.status).toBe(200);
    await expectCountsInStep();

    const changed = await postSigned('/v1/integrations/pim/products', {
      products: handles.map((handle, index) =>
        index === 0
          ? productItem(handle, 2, { status: 'archived' })
          : productItem(handle, 2, {
              options: [{ name: 'size', values: ['S', 'XL'] }],
              variants: [
                { sku: `${handle.toUpperCase()}-S`, options: { size: 'S' } },
                { sku: `${handle.toUpperCase()}-XL`, options: { size: 'XL' } },
              ],
            }),
      ),
    });
    expect(changed.status).toBe(200);
    await expectCountsInStep();
  });
});
