import { describe, expect, it } from 'vitest';
import { insertCategory } from './catalog-rows';
import { onEmbeddedPglite, postSigned, uniqueSuffix, withDatabase } from './catalog-test-kit';
import { facetCountDrift, unfilteredPagesThatDiffer } from './facet-count-checks';
import { productItem } from './pim-fixtures';

// Writers committing at the same moment all change the same counts (the totals, a shared
// category, the same sizes): each adds its changes at commit, in key order (ADR 12). Real
// PostgreSQL only, like the other race suites:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run --project workers tests/api/catalog/facet-count-races.test.ts
const skipOnPglite = await onEmbeddedPglite();

const PRODUCTS = '/v1/integrations/pim/products';
const PRICES = '/v1/integrations/pim/prices';

describe.skipIf(skipOnPglite)(
  'facet counts under concurrent writers (real PostgreSQL only)',
  { timeout: 120_000 },
  () => {
    it('30 product and price batches at once over shared keys: counts as if counted from scratch', async () => {
      const run = uniqueSuffix();
      const category = `facet-race-${run}`;
      await withDatabase((db) => insertCategory(db, category));
      const handles = Array.from({ length: 12 }, (_, index) => `frace-${run}-${index}`);
      const product = (handle: string, version: number) =>
        productItem(handle, version, {
          // Versions move products in and out of the list and between option values.
          status: version % 3 === 0 ? 'archived' : 'active',
          categories: version % 2 === 0 ? [category] : [],
          options: [{ name: 'size', values: [`S${version % 4}`, 'M'] }],
          variants: [
            { sku: `${handle.toUpperCase()}-S`, options: { size: `S${version % 4}` } },
            { sku: `${handle.toUpperCase()}-M`, options: { size: 'M' } },
          ],
        });
      const created = await postSigned(PRODUCTS, { products: handles.map((handle) => product(handle, 1)) });
      expect(created.status).toBe(200);

      const writes = Array.from({ length: 15 }, (_, index) => {
        const version = index + 2;
        // Overlapping halves of the products, so batches both share and not share rows.
        const mine = handles.filter((_, position) => (position + index) % 2 === 0);
        return [
          () => postSigned(PRODUCTS, { products: mine.map((handle) => product(handle, version)) }),
          () =>
            postSigned(PRICES, {
              prices: mine.flatMap((handle) => [
                { sku: `${handle.toUpperCase()}-S`, currency: 'USD', amount: 150 * version, version },
                { sku: `${handle.toUpperCase()}-M`, currency: 'GBP', amount: 1000 * version, version },
              ]),
            }),
        ];
      }).flat();

      const responses = await Promise.all(writes.map((write) => write()));

      expect(responses.map((response) => response.status)).toEqual(Array(30).fill(200));
      expect(await withDatabase(facetCountDrift)).toEqual([]);
      expect(await withDatabase(unfilteredPagesThatDiffer)).toEqual([]);
    });
  },
);
