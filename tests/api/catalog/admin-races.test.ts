import { describe, expect, it } from 'vitest';
import { adminPatch, createAdminCategory, createAdminProduct } from './admin-kit';
import { eventsFor, storedProduct } from './catalog-rows';
import { adminRequest, onEmbeddedPglite, uniqueSuffix, withDatabase } from './catalog-test-kit';

// Concurrent PATCHes only mean something on a real PostgreSQL: the embedded PGlite serves every
// connection from one session, so there these tests are skipped. CI runs them in its
// real-PostgreSQL pass; locally:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run --project workers tests/api/catalog/admin-races.test.ts
const skipOnPglite = await onEmbeddedPglite();

const RACERS = 12;

async function etagOf(path: string): Promise<string> {
  const response = await adminRequest('GET', path);
  await response.body?.cancel();
  return response.headers.get('ETag') ?? '';
}

/** Sends `RACERS` PATCHes at once, each with its own change and the same If-Match. */
async function race(path: string, change: (racer: number) => unknown, ifMatch?: string) {
  const responses = await Promise.all(
    Array.from({ length: RACERS }, (_, racer) => adminPatch(path, change(racer), ifMatch)),
  );
  return Promise.all(
    responses.map(async (response, racer) => ({
      racer,
      status: response.status,
      body: await response.json<{ title?: string; name?: string; code?: string }>(),
    })),
  );
}

describe.skipIf(skipOnPglite)(
  'admin PATCHes racing with one If-Match (real PostgreSQL only)',
  { timeout: 120_000 },
  () => {
    it(`${RACERS} concurrent product PATCHes with the same If-Match: exactly one applies, the others get 412 and change nothing`, async () => {
      const product = await createAdminProduct();
      const path = `/v1/admin/products/${product.id}`;
      const etag = await etagOf(path);
      const eventsBefore = (await withDatabase((db) => eventsFor(db, [product.id]))).length;

      const answers = await race(path, (racer) => ({ title: `Racer ${racer}` }), etag);

      const winners = answers.filter((answer) => answer.status === 200);
      expect(winners).toHaveLength(1);
      expect(
        answers.filter((answer) => answer.status === 412 && answer.body.code === 'precondition_failed'),
      ).toHaveLength(RACERS - 1);
      expect((await withDatabase((db) => storedProduct(db, product.handle)))?.title).toBe(
        `Racer ${winners[0]?.racer}`,
      );
      expect(await withDatabase((db) => eventsFor(db, [product.id]))).toHaveLength(eventsBefore + 1);
    });

    it(`${RACERS} concurrent variant PATCHes with the same If-Match: exactly one applies`, async () => {
      const product = await createAdminProduct();
      const path = `/v1/admin/variants/${product.variants[0]?.id}`;
      const etag = await etagOf(path);

      const answers = await race(path, (racer) => ({ title: `Racer ${racer}` }), etag);

      const winners = answers.filter((answer) => answer.status === 200);
      expect(winners).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 412)).toHaveLength(RACERS - 1);
      const stored = await (await adminRequest('GET', path)).json<{ title: string }>();
      expect(stored.title).toBe(`Racer ${winners[0]?.racer}`);
    });

    it(`${RACERS} concurrent category PATCHes with the same If-Match: exactly one applies`, async () => {
      const category = await createAdminCategory();
      const path = `/v1/admin/categories/${category.id}`;
      const etag = await etagOf(path);

      const answers = await race(path, (racer) => ({ name: `Racer ${racer}` }), etag);

      const winners = answers.filter((answer) => answer.status === 200);
      expect(winners).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 412)).toHaveLength(RACERS - 1);
      const stored = await (await adminRequest('GET', path)).json<{ name: string }>();
      expect(stored.name).toBe(`Racer ${winners[0]?.racer}`);
    });

    it(`without If-Match the same ${RACERS} PATCHes all apply, one after another (last write wins)`, async () => {
      const product = await createAdminProduct();
      const path = `/v1/admin/products/${product.id}`;
      const eventsBefore = (await withDatabase((db) => eventsFor(db, [product.id]))).length;

      const answers = await race(path, (racer) => ({ title: `Racer ${racer}` }));

      expect(answers.map((answer) => answer.status)).toEqual(Array(RACERS).fill(200));
      expect(await withDatabase((db) => eventsFor(db, [product.id]))).toHaveLength(eventsBefore + RACERS);
    });
    it(`${RACERS} concurrent variants with the same option values: one is created, the others get 422`, async () => {
      const suffix = uniqueSuffix().toUpperCase();
      const product = await createAdminProduct({
        options: [{ name: 'size', values: ['S', 'M'] }],
        variants: [{ sku: `RACE-${suffix}-S`, options: { size: 'S' } }],
      });
      const responses = await Promise.all(
        Array.from({ length: RACERS }, (_, racer) =>
          adminRequest('POST', `/v1/admin/products/${product.id}/variants`, {
            body: { sku: `RACE-${suffix}-M${racer}`, options: { size: 'M' } },
            idempotencyKey: crypto.randomUUID(),
          }),
        ),
      );
      const statuses = await Promise.all(
        responses.map(async (response) => ({
          status: response.status,
          code: (await response.json<{ code?: string }>()).code,
        })),
      );
      expect(statuses.filter((answer) => answer.status === 201)).toHaveLength(1);
      expect(
        statuses.filter((answer) => answer.status === 422 && answer.code === 'rule_violated'),
      ).toHaveLength(RACERS - 1);
      const stored = await (await adminRequest('GET', `/v1/admin/products/${product.id}`)).json<{
        variants: { options: Record<string, string> }[];
      }>();
      expect(stored.variants.map((variant) => variant.options.size).sort()).toEqual(['M', 'S']);
    });
  },
);
