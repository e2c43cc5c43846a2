import { describe, expect, it } from 'vitest';
import { eventsFor, storedPrices, storedProduct } from './catalog-rows';
import { newMessageId, onEmbeddedPglite, postSigned, uniqueSuffix, withDatabase } from './catalog-test-kit';
import { type ProductItem, productItem } from './pim-fixtures';

// Concurrency only shows on a real PostgreSQL: the embedded PGlite serves every connection from
// one session and mixes up concurrent clients' statements, so there these tests are skipped. CI
// runs them in its real-PostgreSQL pass; locally:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run --project workers tests/api/catalog/pim-races.test.ts
const skipOnPglite = await onEmbeddedPglite();

const PRODUCTS = '/v1/integrations/pim/products';
const PRICES = '/v1/integrations/pim/prices';

/** Version `version` of a product: every field and every SKU says which version wrote it. */
function versionOf(handle: string, version: number): ProductItem {
  const tag = `V${version}`;
  return productItem(handle, version, {
    title: `Title ${tag}`,
    tags: [tag.toLowerCase()],
    options: [{ name: 'size', values: [`S${tag}`, `M${tag}`] }],
    variants: [
      { sku: `${handle.toUpperCase()}-${tag}-S`, options: { size: `S${tag}` } },
      { sku: `${handle.toUpperCase()}-${tag}-M`, options: { size: `M${tag}` } },
    ],
    media: [{ url: `https://cdn.example.com/${handle}/${tag}.jpg`, alt: tag }],
  });
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
    const swap = other % (index + 1);
    [copy[index], copy[swap]] = [copy[swap] as T, copy[index] as T];
  }
  return copy;
}

async function statusesOf(responses: Response[]): Promise<number[]> {
  return Promise.all(
    responses.map(async (response) => {
      await response.body?.cancel();
      return response.status;
    }),
  );
}

describe.skipIf(skipOnPglite)(
  'PIM deliveries racing each other (real PostgreSQL only)',
  { timeout: 120_000 },
  () => {
    it('24 concurrent versions of the same 5 products, in shuffled order: the highest version wins whole', async () => {
      const run = uniqueSuffix();
      const handles = Array.from({ length: 5 }, (_, index) => `race-${run}-${index}`);
      const versions = shuffled(Array.from({ length: 24 }, (_, index) => index + 1));

      const responses = await Promise.all(
        versions.map((version) =>
          postSigned(PRODUCTS, { products: shuffled(handles).map((handle) => versionOf(handle, version)) }),
        ),
      );

      expect(await statusesOf(responses)).toEqual(Array(24).fill(200));
      for (const handle of handles) {
        const stored = await withDatabase((db) => storedProduct(db, handle));
        const winner = versionOf(handle, 24);
        expect(stored).toMatchObject({ pimVersion: 24, title: 'Title V24', tags: ['v24'] });
        expect(stored?.options).toEqual([{ name: 'size', position: 0, values: ['SV24', 'MV24'] }]);
        expect(stored?.variants.map((variant) => [variant.sku, variant.pimVersion])).toEqual(
          winner.variants.map((variant) => [variant.sku, 24]),
        );
        expect(stored?.media.map((picture) => picture.alt)).toEqual(['V24']);
        // One event per applied version, never two for the same version, the last for the winner.
        const events = await withDatabase((db) => eventsFor(db, [stored?.id ?? '']));
        const eventVersions = events.map((event) => event.data.pimVersion as number);
        expect(new Set(eventVersions).size).toBe(eventVersions.length);
        expect(Math.max(...eventVersions)).toBe(24);
      }
    });

    it('16 concurrent redeliveries of one message: applied once, every one answered alike', async () => {
      const item = productItem(`redeliver-${uniqueSuffix()}`, 1);
      const messageId = newMessageId();

      const responses = await Promise.all(
        Array.from({ length: 16 }, () => postSigned(PRODUCTS, { products: [item] }, { messageId })),
      );

      const bodies = await Promise.all(
        responses.map((response) => response.json<{ results: { productId: string }[] }>()),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(16).fill(200));
      expect(
        responses.filter((response) => response.headers.get('Idempotent-Replayed') === null),
      ).toHaveLength(1);
      expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
      const productId = bodies[0]?.results[0]?.productId ?? '';
      expect(await withDatabase((db) => eventsFor(db, [productId]))).toHaveLength(1);
    });

    it('24 concurrent versions of the same price window: the highest version wins', async () => {
      const item = productItem(`pricerace-${uniqueSuffix()}`, 1);
      expect((await postSigned(PRODUCTS, { products: [item] })).status).toBe(200);
      const sku = item.variants[0]?.sku ?? '';
      const versions = shuffled(Array.from({ length: 24 }, (_, index) => index + 1));

      const responses = await Promise.all(
        versions.map((version) =>
          postSigned(PRICES, {
            prices: [
              { sku, currency: 'EUR', amount: version * 100, version },
              { sku, currency: 'USD', amount: version * 100 + 1, version },
            ],
          }),
        ),
      );

      expect(await statusesOf(responses)).toEqual(Array(24).fill(200));
      expect(await withDatabase((db) => storedPrices(db, [sku]))).toEqual([
        expect.objectContaining({ currency: 'EUR', amount: 2400, pimVersion: 24 }),
        expect.objectContaining({ currency: 'USD', amount: 2401, pimVersion: 24 }),
      ]);
    });

    it('8 products racing for one new SKU: exactly one gets it, the others are rejected whole', async () => {
      const run = uniqueSuffix();
      const sku = `CONTESTED-${run}`;
      const contenders = Array.from({ length: 8 }, (_, index) =>
        productItem(`contender-${run}-${index}`, 1, { options: [], variants: [{ sku }] }),
      );

      const responses = await Promise.all(
        contenders.map((item) => postSigned(PRODUCTS, { products: [item] })),
      );

      const statuses = await statusesOf(responses);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 422)).toHaveLength(7);
      const stored = await withDatabase(async (db) =>
        Promise.all(contenders.map((item) => storedProduct(db, item.handle))),
      );
      expect(stored.filter((product) => product !== undefined)).toHaveLength(1);
    });
  },
);
