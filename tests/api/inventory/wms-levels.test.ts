import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import {
  newMessageId,
  onEmbeddedPglite,
  postSigned,
  postWithKey,
  uniqueSuffix,
  withDatabase,
} from '../catalog/catalog-test-kit';
import { productItem } from '../catalog/pim-fixtures';
import { expectProblem } from '../problem-assertions';

// POST /v1/integrations/wms/inventory-levels: Postgres is the record, each SKU's InventoryObject
// the live view; both must end where the highest sequence put them, whatever the deliveries do.

const LEVELS = '/v1/integrations/wms/inventory-levels';

interface Level {
  sku: string;
  location: string;
  onHand: number;
  sequence: number;
}

interface LevelBatchResult {
  deliveryId: string;
  applied: number;
  stale: number;
  unknownSku: number;
  shortfalls: number;
  results: (Level & {
    index: number;
    outcome: 'applied' | 'stale' | 'unknown_sku';
    currentSequence?: number;
    shortfall?: number;
  })[];
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Three SKUs of a new product, so levels for them are accepted. */
async function catalogSkus(): Promise<[string, string, string]> {
  const item = productItem(`wms-${uniqueSuffix()}`, 1);
  expect((await postSigned('/v1/integrations/pim/products', { products: [item] })).status).toBe(200);
  const [small, medium, large] = item.variants.map((variant) => variant.sku);
  if (!small || !medium || !large) throw new Error('the fixture has three variants');
  return [small, medium, large];
}

function postLevels(levels: unknown[], idempotencyKey = uniqueSuffix()): Promise<Response> {
  return postWithKey(LEVELS, { levels }, { key: testCredentials.wmsPartnerKey, idempotencyKey });
}

/** What Postgres holds for `skus`, by `sku@location`. */
async function storedLevels(skus: readonly string[]): Promise<Record<string, [number, number]>> {
  const { rows } = await withDatabase((db) =>
    db.execute<{ sku: string; location: string; on_hand: string; sequence: string }>(sql`
      select sku, location, on_hand, sequence from inventory_levels
      where sku in (select jsonb_array_elements_text(${JSON.stringify(skus)}::jsonb))`),
  );
  return Object.fromEntries(
    rows.map((row) => [`${row.sku}@${row.location}`, [Number(row.on_hand), Number(row.sequence)]]),
  );
}

const objectOnHand = async (sku: string) => (await env.INVENTORY.getByName(sku).snapshot()).onHand;

describe('POST /v1/integrations/wms/inventory-levels', () => {
  it('records applied levels in Postgres and in each SKU’s inventory object', async () => {
    const [small, medium] = await catalogSkus();
    const response = await postLevels([
      { sku: small, location: 'berlin-1', onHand: 7, sequence: 1 },
      { sku: small, location: 'lyon-2', onHand: 3, sequence: 4 },
      { sku: medium, location: 'berlin-1', onHand: 12, sequence: 9 },
    ]);

    expect(response.status).toBe(200);
    const body = await response.json<LevelBatchResult>();
    expect(body).toMatchObject({ applied: 3, stale: 0, unknownSku: 0, shortfalls: 0 });
    expect(body.results).toEqual([
      expect.objectContaining({ index: 0, outcome: 'applied', currentSequence: 1, shortfall: 0 }),
      expect.objectContaining({ index: 1, outcome: 'applied', currentSequence: 4, shortfall: 0 }),
      expect.objectContaining({ index: 2, outcome: 'applied', currentSequence: 9, shortfall: 0 }),
    ]);
    expect(await storedLevels([small, medium])).toEqual({
      [`${small}@berlin-1`]: [7, 1],
      [`${small}@lyon-2`]: [3, 4],
      [`${medium}@berlin-1`]: [12, 9],
    });
    expect(await objectOnHand(small)).toBe(10);
    expect(await objectOnHand(medium)).toBe(12);
  });

  it('ignores a level whose sequence is not above the stored one, in Postgres and in the object', async () => {
    const [sku] = await catalogSkus();
    await postLevels([{ sku, location: 'berlin-1', onHand: 10, sequence: 5 }]);

    const older = await postLevels([{ sku, location: 'berlin-1', onHand: 2, sequence: 4 }]);
    const same = await postLevels([{ sku, location: 'berlin-1', onHand: 3, sequence: 5 }]);

    for (const response of [older, same]) {
      const body = await response.json<LevelBatchResult>();
      expect(body).toMatchObject({ applied: 0, stale: 1 });
      expect(body.results[0]).toMatchObject({ outcome: 'stale', currentSequence: 5 });
      expect(body.results[0]).not.toHaveProperty('shortfall');
    }
    expect(await storedLevels([sku])).toEqual({ [`${sku}@berlin-1`]: [10, 5] });
    expect(await objectOnHand(sku)).toBe(10);
  });

  it('answers a redelivery with the recorded answer and changes nothing, even after newer levels', async () => {
    const [sku] = await catalogSkus();
    const messageId = newMessageId();
    const batch = { levels: [{ sku, location: 'berlin-1', onHand: 6, sequence: 1 }] };
    const first = await postSigned(LEVELS, batch, { messageId });
    expect(first.status).toBe(200);
    await postLevels([{ sku, location: 'berlin-1', onHand: 40, sequence: 2 }]);

    const again = await postSigned(LEVELS, batch, { messageId });

    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    const firstBody = await first.json<LevelBatchResult>();
    expect(firstBody.results[0]).toMatchObject({ outcome: 'applied' });
    expect(await again.json<LevelBatchResult>()).toEqual(firstBody);
    expect(await storedLevels([sku])).toEqual({ [`${sku}@berlin-1`]: [40, 2] });
    expect(await objectOnHand(sku)).toBe(40);
  });

  it('re-sends the applied levels to the objects on a redelivery, so an object that missed them catches up', async () => {
    const [small, medium] = await catalogSkus();
    const idempotencyKey = uniqueSuffix();
    const levels = [
      { sku: small, location: 'berlin-1', onHand: 8, sequence: 3 },
      { sku: medium, location: 'lyon-2', onHand: 5, sequence: 3 },
    ];
    expect((await postLevels(levels, idempotencyKey)).status).toBe(200);
    // As if the Worker had died after the commit, before the objects heard of the levels. Each
    // object is read first: its one rebuild from Postgres is spent, so only the redelivery can help.
    for (const sku of [small, medium]) {
      await objectOnHand(sku);
      await runInDurableObject(env.INVENTORY.getByName(sku), (_instance, state) => {
        state.storage.sql.exec('DELETE FROM inventory_on_hand');
      });
      expect(await objectOnHand(sku)).toBe(0);
    }

    const redelivery = await postLevels(levels, idempotencyKey);

    expect(redelivery.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await objectOnHand(small)).toBe(8);
    expect(await objectOnHand(medium)).toBe(5);
  });

  it('reports a SKU no variant has per item, stores nothing for it and applies the others', async () => {
    const [sku] = await catalogSkus();
    const unknown = `NO-SUCH-${uniqueSuffix()}`;
    const response = await postLevels([
      { sku: unknown, location: 'berlin-1', onHand: 4, sequence: 1 },
      { sku, location: 'berlin-1', onHand: 9, sequence: 1 },
    ]);

    expect(response.status).toBe(200);
    const body = await response.json<LevelBatchResult>();
    expect(body).toMatchObject({ applied: 1, stale: 0, unknownSku: 1 });
    expect(body.results[0]).toEqual({
      index: 0,
      sku: unknown,
      location: 'berlin-1',
      onHand: 4,
      sequence: 1,
      outcome: 'unknown_sku',
    });
    expect(await storedLevels([unknown, sku])).toEqual({ [`${sku}@berlin-1`]: [9, 1] });
    expect(await objectOnHand(unknown)).toBe(0);
  });

  it('records a level below committed stock as reported, with its shortfall and a warning', async () => {
    const [sku] = await catalogSkus();
    const inventory = env.INVENTORY.getByName(sku);
    await postLevels([{ sku, location: 'berlin-1', onHand: 5, sequence: 1 }]);
    expect(await inventory.reserve('cart_wms', 5, 60_000)).toMatchObject({ ok: true });
    expect(await inventory.commit('cart_wms', 'ord_wms')).toMatchObject({ ok: true });
    const warnings = vi.spyOn(console, 'warn');

    const response = await postLevels([{ sku, location: 'berlin-1', onHand: 2, sequence: 2 }]);

    const body = await response.json<LevelBatchResult>();
    expect(body).toMatchObject({ applied: 1, shortfalls: 1 });
    expect(body.results[0]).toMatchObject({ outcome: 'applied', onHand: 2, shortfall: 3 });
    expect(await storedLevels([sku])).toEqual({ [`${sku}@berlin-1`]: [2, 2] });
    expect(await inventory.snapshot()).toMatchObject({ onHand: 2, committed: 5, availableToSell: -3 });
    const logged = warnings.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        sku,
        location: 'berlin-1',
        onHand: 2,
        committed: 5,
        shortfall: 3,
        requestId: response.headers.get('X-Request-Id'),
      }),
    );
  });

  it.each([
    ['a negative onHand', { onHand: -1 }, 'levels[0].onHand'],
    ['a fractional onHand', { onHand: 1.5 }, 'levels[0].onHand'],
    ['a huge onHand', { onHand: 1e20 }, 'levels[0].onHand'],
    ['onHand as text', { onHand: '5' }, 'levels[0].onHand'],
    ['a sequence of 0', { sequence: 0 }, 'levels[0].sequence'],
    ['a missing sequence', { sequence: undefined }, 'levels[0].sequence'],
    ['a missing location', { location: undefined }, 'levels[0].location'],
    ['a location with a space', { location: 'berlin 1' }, 'levels[0].location'],
    ['an unknown field', { bin: 'A-12' }, 'levels[0]'],
  ])('refuses %s with 400 naming the field, applying nothing', async (_case, change, path) => {
    const [sku, other] = await catalogSkus();
    const response = await postLevels([
      { sku, location: 'berlin-1', onHand: 5, sequence: 1, ...change },
      { sku: other, location: 'berlin-1', onHand: 5, sequence: 1 },
    ]);

    const problem = await expectProblem(response, 400, 'validation_failed');
    expect(problem.errors?.map((error) => error.path)).toContain(path);
    expect(await storedLevels([sku, other])).toEqual({});
  });

  it('refuses an empty batch with 400, an oversized one with 413 and a place twice with 422', async () => {
    const [sku] = await catalogSkus();
    await expectProblem(await postLevels([]), 400, 'validation_failed');
    const oversized = Array.from({ length: 501 }, (_, index) => ({
      sku,
      location: `bin-${index}`,
      onHand: 1,
      sequence: 1,
    }));
    await expectProblem(await postLevels(oversized), 413, 'batch_too_large');
    const twice = await expectProblem(
      await postLevels([
        { sku, location: 'berlin-1', onHand: 1, sequence: 1 },
        { sku, location: 'berlin-1', onHand: 2, sequence: 2 },
      ]),
      422,
      'batch_rejected',
    );
    expect(twice.errors?.map((error) => error.path)).toEqual(['levels[1]']);
    expect(await storedLevels([sku])).toEqual({});
  });

  it('refuses a partner key without wms:write with 403 and a call without a key with 401', async () => {
    const [sku] = await catalogSkus();
    const levels = { levels: [{ sku, location: 'berlin-1', onHand: 5, sequence: 1 }] };
    const pim = await expectProblem(
      await postWithKey(LEVELS, levels, { key: testCredentials.pimPartnerKey }),
      403,
      'forbidden',
    );
    expect(pim.requiredScope).toBe('wms:write');
    await expectProblem(await postWithKey(LEVELS, levels, { key: 'pk_nobody' }), 401, 'unauthorized');
    expect(await storedLevels([sku])).toEqual({});
  });
});

// Concurrency only shows on a real PostgreSQL (the embedded PGlite serves every connection from
// one session); locally:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> npx vitest run --project workers tests/api/inventory/wms-levels.test.ts
const skipOnPglite = await onEmbeddedPglite();

describe.skipIf(skipOnPglite)(
  'WMS deliveries racing each other (real PostgreSQL only)',
  { timeout: 120_000 },
  () => {
    it('24 concurrent deliveries of one SKU’s level: Postgres and the object end at the highest sequence', async () => {
      const [sku] = await catalogSkus();
      const sequences = Array.from({ length: 24 }, (_, index) => index + 1).sort(() => Math.random() - 0.5);

      const responses = await Promise.all(
        sequences.map((sequence) =>
          postSigned(LEVELS, { levels: [{ sku, location: 'berlin-1', onHand: sequence * 10, sequence }] }),
        ),
      );

      const bodies = await Promise.all(responses.map((response) => response.json<LevelBatchResult>()));
      expect(responses.map((response) => response.status)).toEqual(Array(24).fill(200));
      expect(bodies.every((body) => body.results[0]?.outcome !== 'unknown_sku')).toBe(true);
      expect(await storedLevels([sku])).toEqual({ [`${sku}@berlin-1`]: [240, 24] });
      expect(await objectOnHand(sku)).toBe(240);
    });
  },
);
