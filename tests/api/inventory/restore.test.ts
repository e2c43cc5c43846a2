import { env } from 'cloudflare:workers';
import { newId } from '@edge-commerce/domain';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { adminRequest, uniqueSuffix, withDatabase } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import { pimApplies, productWithPolicies } from './stock-policy-kit';

// An InventoryObject whose storage holds nothing (new, lost or moved) rebuilds itself from what
// Postgres records, once, on its first call (ADR 19, rebuild); operators can force it.

/**
 * A SKU that exists only in Postgres: a variant and its levels inserted directly, so no writer
 * ever sent anything to its object, as for an object that lost its storage.
 */
async function skuKnownOnlyToPostgres(
  policy: { inventoryPolicy: string; oversellLimit: number; lowStockThreshold: number },
  levels: { location: string; onHand: number; sequence: number }[],
): Promise<string> {
  const item = productWithPolicies(1, [{}, {}, {}]);
  await pimApplies([item]);
  const sku = `LOST-${uniqueSuffix()}`.toUpperCase();
  await withDatabase(async (db) => {
    await db.execute(sql`
      insert into variants (id, product_id, sku, title, options, pim_version, position,
        inventory_policy, oversell_limit, low_stock_threshold)
      select ${newId('variant')}, product_id, ${sku}, 'XL', '{"size":"XL"}', 1, 3,
        ${policy.inventoryPolicy}, ${policy.oversellLimit}, ${policy.lowStockThreshold}
      from variants where sku = ${item.variants[0]?.sku ?? ''}`);
    for (const level of levels) {
      await db.execute(sql`
        insert into inventory_levels (sku, location, on_hand, sequence)
        values (${sku}, ${level.location}, ${level.onHand}, ${level.sequence})`);
    }
  });
  return sku;
}

async function setLevelInPostgres(sku: string, location: string, onHand: number, sequence: number) {
  await withDatabase((db) =>
    db.execute(sql`
      update inventory_levels set on_hand = ${onHand}, sequence = ${sequence}
      where sku = ${sku} and location = ${location}`),
  );
}

describe('InventoryObject rebuilt from Postgres', { timeout: 30_000 }, () => {
  it('restores levels with their sequences and the stock policy on its first call, a reservation', async () => {
    const sku = await skuKnownOnlyToPostgres(
      { inventoryPolicy: 'backorder', oversellLimit: 2, lowStockThreshold: 1 },
      [
        { location: 'berlin', onHand: 3, sequence: 7 },
        { location: 'lyon', onHand: 1, sequence: 2 },
      ],
    );
    const inventory = env.INVENTORY.getByName(sku);

    // 4 on hand and 2 beyond: the first call already sees them.
    expect(await inventory.reserve('cart_a', 6, 60_000)).toMatchObject({ ok: true, availableToSell: -2 });
    expect(await inventory.reserve('cart_b', 1, 60_000)).toMatchObject({ ok: false, available: 0 });
    expect(await inventory.snapshot()).toMatchObject({
      sku,
      onHand: 4,
      backorderLimit: 2,
      lowStockThreshold: 1,
      restoredAt: expect.any(Number),
    });
    // The sequences came along: the level Postgres had is stale, the next one applies.
    expect(await inventory.recordLevel({ sku, location: 'berlin', onHand: 50, sequence: 7 })).toMatchObject({
      applied: false,
    });
    expect(await inventory.recordLevel({ sku, location: 'berlin', onHand: 5, sequence: 8 })).toMatchObject({
      applied: true,
    });
  });

  it('restores once: later calls do not read Postgres again, so a warm add-to-cart costs no SQL', async () => {
    const sku = await skuKnownOnlyToPostgres(
      { inventoryPolicy: 'deny', oversellLimit: 0, lowStockThreshold: 0 },
      [{ location: 'berlin', onHand: 2, sequence: 1 }],
    );
    const inventory = env.INVENTORY.getByName(sku);
    expect(await inventory.reserve('cart_a', 1, 60_000)).toMatchObject({ ok: true, availableToSell: 1 });
    const { restoredAt } = await inventory.snapshot();

    await setLevelInPostgres(sku, 'berlin', 100, 2);
    expect(await inventory.reserve('cart_b', 2, 60_000)).toMatchObject({ ok: false, available: 1 });
    expect(await inventory.snapshot()).toMatchObject({ onHand: 2, restoredAt });
  });

  it('still restores on the first reservation when writers sent a level and a policy first', async () => {
    const sku = await skuKnownOnlyToPostgres(
      { inventoryPolicy: 'backorder', oversellLimit: 1, lowStockThreshold: 0 },
      [
        { location: 'berlin', onHand: 6, sequence: 3 },
        { location: 'lyon', onHand: 2, sequence: 1 },
      ],
    );
    const inventory = env.INVENTORY.getByName(sku);
    // What the WMS route and a catalog write send after their commits: no Postgres read for them.
    await inventory.recordLevel({ sku, location: 'lyon', onHand: 4, sequence: 2 });
    await inventory.configure(sku, { backorder: { policy: 'allow', limit: 1 }, lowStockThreshold: 0 });
    expect(await inventory.reserve('cart_a', 11, 60_000)).toMatchObject({ ok: true, availableToSell: -1 });
    expect(await inventory.snapshot()).toMatchObject({ onHand: 10, backorderLimit: 1 });
  });

  it('finds nothing to restore for a SKU no variant has, and says it looked', async () => {
    const inventory = env.INVENTORY.getByName(`NOBODY-${uniqueSuffix()}`);
    expect(await inventory.reserve('cart_a', 1, 60_000)).toMatchObject({ ok: false, available: 0 });
    expect(await inventory.snapshot()).toMatchObject({ onHand: 0, restoredAt: expect.any(Number) });
  });
});

describe('POST /v1/admin/inventory/{sku}/restore', { timeout: 30_000 }, () => {
  it('takes what Postgres records now, keeps live reservations, and is idempotent', async () => {
    const sku = await skuKnownOnlyToPostgres(
      { inventoryPolicy: 'preorder', oversellLimit: 3, lowStockThreshold: 0 },
      [{ location: 'berlin', onHand: 2, sequence: 1 }],
    );
    const inventory = env.INVENTORY.getByName(sku);
    expect(await inventory.reserve('cart_a', 2, 60_000)).toMatchObject({ ok: true });
    // An incident: Postgres moved on (a later count, a changed policy) and the object missed it.
    await setLevelInPostgres(sku, 'berlin', 9, 5);
    await withDatabase((db) =>
      db.execute(sql`update variants set inventory_policy = 'deny', oversell_limit = 0 where sku = ${sku}`),
    );

    const first = await adminRequest('POST', `/v1/admin/inventory/${sku}/restore`);
    expect(first.status, await first.clone().text()).toBe(200);
    const body = await first.json<Record<string, unknown>>();
    expect(body).toEqual({
      sku,
      variantId: expect.stringMatching(/^var_/),
      onHand: 9,
      committed: 0,
      reserved: 2,
      available: 7,
      reservations: 1,
      backorderLimit: 0,
      lowStockThreshold: 0,
      restoredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const again = await adminRequest('POST', `/v1/admin/inventory/${sku}/restore`);
    expect(again.status).toBe(200);
    const { restoredAt: _first, ...firstStock } = body;
    const { restoredAt: _again, ...againStock } = await again.json<Record<string, unknown>>();
    expect(againStock).toEqual(firstStock);
  });

  it('answers 404 for a SKU no variant has, 400 for a malformed one, and 401 without the key', async () => {
    await expectProblem(
      await adminRequest('POST', `/v1/admin/inventory/NO-SUCH-${uniqueSuffix()}/restore`),
      404,
      'not_found',
    );
    await expectProblem(
      await adminRequest('POST', `/v1/admin/inventory/${'X'.repeat(65)}/restore`),
      400,
      'validation_failed',
    );
    await expectProblem(
      await adminRequest('POST', '/v1/admin/inventory/ANY/restore', { key: null }),
      401,
      'unauthorized',
    );
  });
});
