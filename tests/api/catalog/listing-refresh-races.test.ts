import { describe, expect, it } from 'vitest';
import { onEmbeddedPglite, postSigned, uniqueSuffix, withDatabase } from './catalog-test-kit';
import { driftedListings } from './listing-drift';
import { productItem } from './pim-fixtures';

// Listings are refreshed at each writer's commit, one refresher per product at a time (ADR 9).
// Product batches and price batches for the same products lock different rows while they
// write, so they commit at the same moments: these races check that none of those commits
// leaves a listing missing another's change. Real PostgreSQL only, like pim-races.test.ts:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run --project workers tests/api/catalog/listing-refresh-races.test.ts
const skipOnPglite = await onEmbeddedPglite();

const PRODUCTS = '/v1/integrations/pim/products';
const PRICES = '/v1/integrations/pim/prices';

async function productIdsOf(responses: Response[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const response of responses) {
    const body = await response.json<{ results: { productId: string }[] }>();
    for (const result of body.results) ids.add(result.productId);
  }
  return [...ids];
}

function interleaved<T>(left: readonly T[], right: readonly T[]): T[] {
  return left.flatMap((item, index) => (right[index] === undefined ? [item] : [item, right[index] as T]));
}

describe.skipIf(skipOnPglite)(
  'listing refreshes racing each other (real PostgreSQL only)',
  { timeout: 120_000 },
  () => {
    it('12 product versions and 12 price versions of the same 4 products at once: every listing as if rebuilt', async () => {
      const run = uniqueSuffix();
      const handles = Array.from({ length: 4 }, (_, index) => `lrace-${run}-${index}`);
      const product = (handle: string, version: number) =>
        productItem(handle, version, {
          tags: [`v${version}`],
          variants: ['S', 'M', 'L'].map((size, index) => ({
            sku: `${handle.toUpperCase()}-${size}`,
            options: { size },
            availableForSale: (version + index) % 2 === 0,
          })),
        });
      const created = await postSigned(PRODUCTS, { products: handles.map((handle) => product(handle, 1)) });
      expect(created.status).toBe(200);
      const productIds = await productIdsOf([created]);

      const versions = Array.from({ length: 12 }, (_, index) => index + 2);
      // Each product version differs (tags, availability) and is sent once, racing the prices.
      const productWrites = versions.map(
        (version) => () =>
          postSigned(PRODUCTS, { products: handles.map((handle) => product(handle, version)) }),
      );
      const priceWrites = versions.map(
        (version) => () =>
          postSigned(PRICES, {
            prices: handles.flatMap((handle) =>
              ['S', 'M', 'L'].flatMap((size, index) => [
                {
                  sku: `${handle.toUpperCase()}-${size}`,
                  currency: 'USD',
                  amount: version * 100 + index,
                  version,
                },
                {
                  sku: `${handle.toUpperCase()}-${size}`,
                  currency: 'EUR',
                  amount: version * 90 + index,
                  version,
                },
              ]),
            ),
          }),
      );

      const responses = await Promise.all(interleaved(productWrites, priceWrites).map((write) => write()));
      expect(responses.map((response) => response.status)).toEqual(Array(24).fill(200));
      expect(await withDatabase((db) => driftedListings(db, productIds))).toEqual([]);
    });

    it('products activated while their prices change, 6 rounds: no activation misses a price', async () => {
      for (let round = 0; round < 6; round++) {
        const run = uniqueSuffix();
        const handles = Array.from({ length: 3 }, (_, index) => `lact-${run}-${index}`);
        const drafts = handles.map((handle) => productItem(handle, 1, { status: 'draft' }));
        const created = await postSigned(PRODUCTS, { products: drafts });
        expect(created.status).toBe(200);
        const productIds = await productIdsOf([created]);
        const prices = (version: number) => ({
          prices: drafts.flatMap((item) =>
            item.variants.map((variant) => ({
              sku: variant.sku,
              currency: 'USD',
              amount: 1000 + version,
              version,
            })),
          ),
        });
        expect((await postSigned(PRICES, prices(1))).status).toBe(200);

        const responses = await Promise.all([
          postSigned(PRODUCTS, { products: handles.map((handle) => productItem(handle, 2)) }),
          postSigned(PRICES, prices(2)),
          postSigned(PRICES, prices(3)),
        ]);

        expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
        expect(await withDatabase((db) => driftedListings(db, productIds))).toEqual([]);
      }
    });
  },
);
