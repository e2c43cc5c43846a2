import { env } from 'cloudflare:workers';
import { createDatabase, promotions } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminPatch } from '../catalog/admin-kit';
import { onEmbeddedPglite, uniqueSuffix, withDatabase } from '../catalog/catalog-test-kit';
import { createPromotion, withDemoMarkets } from './promotion-kit';

// redeemPromotions is what checkout runs inside its order transaction to count a use. These
// call it as checkout will, each "order" in a transaction of its own.

/** Places an "order" with the promotions: redeems them in a transaction that commits. */
const placeOrder = (ids: readonly string[]) =>
  withDatabase((db) => db.transaction((tx) => promotions.redeemPromotions(tx, ids)));

const usageOf = async (id: string) =>
  (await withDatabase((db) => promotions.readPromotion(db, id)))?.usageCount;

beforeAll(withDemoMarkets);

describe('redeemPromotions: counting a use when an order is placed', { timeout: 60_000 }, () => {
  it('counts one use per order, then refuses the code as exhausted at its limit without counting', async () => {
    const promotion = await createPromotion({ usageLimit: 2 });

    expect(await placeOrder([promotion.id])).toEqual([]);
    expect(await placeOrder([promotion.id])).toEqual([]);
    expect(await placeOrder([promotion.id])).toEqual([{ promotionId: promotion.id, reason: 'exhausted' }]);

    expect(await usageOf(promotion.id)).toBe(2);
  });

  it('counts nothing when the order transaction rolls back', async () => {
    const promotion = await createPromotion({ usageLimit: 1 });

    await expect(
      withDatabase((db) =>
        db.transaction(async (tx) => {
          await promotions.redeemPromotions(tx, [promotion.id]);
          throw new Error('payment declined');
        }),
      ),
    ).rejects.toThrow('payment declined');

    expect(await usageOf(promotion.id)).toBe(0);
    expect(await placeOrder([promotion.id])).toEqual([]);
  });

  it('refuses inactive, not yet started, ended and unknown promotions, saying which, and counts the others', async () => {
    const open = await createPromotion();
    const inactive = await createPromotion({ active: false });
    const future = await createPromotion({ startsAt: '2999-01-01T00:00:00Z' });
    const ended = await createPromotion({ startsAt: '2020-01-01T00:00:00Z', endsAt: '2021-01-01T00:00:00Z' });
    const unknown = `promo_${uniqueSuffix()}`;

    const refused = await placeOrder([open.id, inactive.id, future.id, ended.id, unknown]);

    expect(refused).toEqual(
      expect.arrayContaining([
        { promotionId: inactive.id, reason: 'inactive' },
        { promotionId: future.id, reason: 'not_started' },
        { promotionId: ended.id, reason: 'ended' },
        { promotionId: unknown, reason: 'unknown' },
      ]),
    );
    expect(refused).toHaveLength(4);
    expect(await usageOf(open.id)).toBe(1);
    for (const promotion of [inactive, future, ended]) expect(await usageOf(promotion.id)).toBe(0);
  });

  it('counts a promotion named twice by one order once', async () => {
    const promotion = await createPromotion({ usageLimit: 5 });

    expect(await placeOrder([promotion.id, promotion.id])).toEqual([]);

    expect(await usageOf(promotion.id)).toBe(1);
  });

  it('a code deactivated after a cart applied it is refused when the order is placed', async () => {
    const promotion = await createPromotion();
    expect((await adminPatch(`/v1/admin/promotions/${promotion.id}`, { active: false })).status).toBe(200);

    expect(await placeOrder([promotion.id])).toEqual([{ promotionId: promotion.id, reason: 'inactive' }]);
  });

  it('refuses a use count above the limit even from a writer that skips the guard (CHECK)', async () => {
    const promotion = await createPromotion({ usageLimit: 1 });
    await placeOrder([promotion.id]);

    await expect(
      withDatabase((db) =>
        db.execute(sql`update promotions set usage_count = usage_count + 1 where id = ${promotion.id}`),
      ),
    ).rejects.toThrow();
    expect(await usageOf(promotion.id)).toBe(1);
  });
});

// Concurrent transactions only mean something on a real PostgreSQL: the embedded PGlite serves
// every connection from one session. CI runs this in its real-PostgreSQL pass; locally:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run --project workers tests/api/promotions
const skipOnPglite = await onEmbeddedPglite();

const RACERS = 24;
const LIMIT = 7;

describe.skipIf(skipOnPglite)('redeemPromotions racing (real PostgreSQL only)', { timeout: 120_000 }, () => {
  it(`${RACERS} orders placed at once with a code limited to ${LIMIT}: exactly ${LIMIT} count a use, the others are refused as exhausted`, async () => {
    const promotion = await createPromotion({ usageLimit: LIMIT });
    const bindings = env as unknown as Record<string, string>;
    // One connection per order, as concurrent checkouts have; each holds its row lock a moment
    // after redeeming (the rest of an order's writes), so the others queue behind it.
    const handles = Array.from({ length: RACERS }, () =>
      createDatabase({ url: bindings.DATABASE_URL ?? '', localWebSocketProxy: bindings.DATABASE_WS_PROXY }),
    );
    try {
      const outcomes = await Promise.all(
        handles.map(({ db }) =>
          db.transaction(async (tx) => {
            const refused = await promotions.redeemPromotions(tx, [promotion.id]);
            await tx.execute(sql`select pg_sleep(0.05)`);
            return refused;
          }),
        ),
      );

      expect(outcomes.filter((refused) => refused.length === 0)).toHaveLength(LIMIT);
      expect(
        outcomes.filter(
          (refused) => refused[0]?.reason === 'exhausted' && refused[0].promotionId === promotion.id,
        ),
      ).toHaveLength(RACERS - LIMIT);
      expect(await usageOf(promotion.id)).toBe(LIMIT);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
  });
});
