import { env, exports } from 'cloudflare:workers';
import { schema } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DEMO_MARKETS } from '../../../packages/devstack/src/seed/markets';
import {
  API_ORIGIN,
  adminRequest,
  newMessageId,
  postSigned,
  uniqueSuffix,
  withDatabase,
} from '../catalog/catalog-test-kit';
import { outboxEventsOf } from '../events/event-kit';
import {
  adminProduct,
  PIM_PRODUCTS,
  pimApplies,
  productWithPolicies,
  skusOf,
  unitsGranted,
  wakeObjects,
} from './stock-policy-kit';

// Backorder and preorder per variant (issue 9): written by the PIM and the admin API to Postgres,
// then sent to each SKU's InventoryObject, which sells up to the limit below zero and no further.

interface AdminVariant {
  id: string;
  sku: string;
  inventoryPolicy: string;
  oversellLimit: number;
  lowStockThreshold: number;
}

async function storedPolicies(skus: readonly string[]): Promise<Record<string, [string, number, number]>> {
  const { rows } = await withDatabase((db) =>
    db.execute<{
      sku: string;
      inventory_policy: string;
      oversell_limit: number;
      low_stock_threshold: number;
    }>(sql`
      select sku, inventory_policy, oversell_limit, low_stock_threshold from variants
      where sku in (select jsonb_array_elements_text(${JSON.stringify(skus)}::jsonb))`),
  );
  return Object.fromEntries(
    rows.map((row) => [row.sku, [row.inventory_policy, row.oversell_limit, row.low_stock_threshold]]),
  );
}

describe('stock policy through the PIM', { timeout: 30_000 }, () => {
  it('reaches the objects: backorder and preorder with 0 on hand take 5 and refuse the 6th, deny refuses at 0', async () => {
    const item = productWithPolicies(1, [
      { inventoryPolicy: 'backorder', oversellLimit: 5 },
      { inventoryPolicy: 'deny' },
      { inventoryPolicy: 'preorder', oversellLimit: 5, lowStockThreshold: 2 },
    ]);
    await wakeObjects(skusOf(item));
    await pimApplies([item]);
    const [backorder, deny, preorder] = skusOf(item) as [string, string, string];

    expect(await storedPolicies(skusOf(item))).toEqual({
      [backorder]: ['backorder', 5, 0],
      [deny]: ['deny', 0, 0],
      [preorder]: ['preorder', 5, 2],
    });
    expect(await unitsGranted(backorder, 6)).toBe(5);
    expect(await unitsGranted(deny, 1)).toBe(0);
    expect(await unitsGranted(preorder, 6)).toBe(5);
    expect(await env.INVENTORY.getByName(backorder).snapshot()).toMatchObject({
      onHand: 0,
      reserved: 5,
      availableToSell: -5,
      backorderLimit: 5,
    });
  });

  it("shows shoppers each variant's policy on the product, but not its limit or threshold", async () => {
    const item = productWithPolicies(1, [
      { inventoryPolicy: 'backorder', oversellLimit: 5, lowStockThreshold: 2 },
      {},
      { inventoryPolicy: 'preorder', oversellLimit: 1 },
    ]);
    await pimApplies([item]);
    await withDatabase((db) => db.insert(schema.markets).values(DEMO_MARKETS).onConflictDoNothing());
    const response = await exports.default.fetch(`${API_ORIGIN}/v1/products/${item.handle}`);
    expect(response.status, await response.clone().text()).toBe(200);
    const product = await response.json<{ variants: Record<string, unknown>[] }>();
    expect(product.variants.map((variant) => variant.inventoryPolicy)).toEqual([
      'backorder',
      'deny',
      'preorder',
    ]);
    for (const variant of product.variants) {
      expect(variant).not.toHaveProperty('oversellLimit');
      expect(variant).not.toHaveProperty('lowStockThreshold');
    }
  });

  it('keeps stored policies when a newer item omits them, and sends a changed one', async () => {
    const handle = `policy-keep-${uniqueSuffix()}`;
    const first = productWithPolicies(
      1,
      [{ inventoryPolicy: 'backorder', oversellLimit: 3 }, {}, {}],
      handle,
    );
    await pimApplies([first]);
    const [small, medium] = skusOf(first) as [string, string];

    await pimApplies([productWithPolicies(2, [{}, {}, {}], handle)]);
    expect((await storedPolicies([small]))[small]).toEqual(['backorder', 3, 0]);
    expect(await unitsGranted(small, 4)).toBe(3);

    await pimApplies([
      productWithPolicies(3, [{ inventoryPolicy: 'deny' }, { lowStockThreshold: 4 }, {}], handle),
    ]);
    expect(await storedPolicies([small, medium])).toMatchObject({
      [small]: ['deny', 0, 0],
      [medium]: ['deny', 0, 4],
    });
    expect(await env.INVENTORY.getByName(small).snapshot()).toMatchObject({ backorderLimit: 0 });
    expect(await env.INVENTORY.getByName(medium).snapshot()).toMatchObject({ lowStockThreshold: 4 });
    expect(await unitsGranted(small, 1)).toBe(0);
  });

  it('configures the object of a SKU the PIM renamed', async () => {
    const handle = `policy-rename-${uniqueSuffix()}`;
    const first = productWithPolicies(
      1,
      [{ inventoryPolicy: 'backorder', oversellLimit: 2 }, {}, {}],
      handle,
    );
    await pimApplies([first]);
    const renamed = productWithPolicies(
      2,
      [{ inventoryPolicy: 'preorder', oversellLimit: 2 }, {}, {}],
      handle,
    );
    const newSku = `${skusOf(first)[0]}-NEW`;
    const [firstVariant] = renamed.variants;
    if (!firstVariant) throw new Error('the fixture has three variants');
    firstVariant.sku = newSku;
    await wakeObjects([newSku]);
    await pimApplies([renamed]);

    expect((await storedPolicies([newSku]))[newSku]).toEqual(['preorder', 2, 0]);
    expect(await unitsGranted(newSku, 3)).toBe(2);
  });

  it('puts the object of a SKU the PIM removed back to deny, so the SKU cannot return with its old policy', async () => {
    const handle = `policy-removed-${uniqueSuffix()}`;
    const first = productWithPolicies(
      1,
      [{ inventoryPolicy: 'backorder', oversellLimit: 3 }, {}, {}],
      handle,
    );
    await pimApplies([first]);
    const [small] = skusOf(first) as [string];
    expect(await env.INVENTORY.getByName(small).snapshot()).toMatchObject({ backorderLimit: 3 });

    const without = productWithPolicies(2, [{}, {}, {}], handle);
    without.variants = without.variants.slice(1);
    await pimApplies([without]);
    expect(await env.INVENTORY.getByName(small).snapshot()).toMatchObject({ backorderLimit: 0 });

    // Back as a new variant with the default policy, which is not sent: the object already holds it.
    await pimApplies([productWithPolicies(3, [{}, {}, {}], handle)]);
    expect(await unitsGranted(small, 1)).toBe(0);
  });

  it('sends the committed policies again on a redelivery, so an object that missed them catches up', async () => {
    const item = productWithPolicies(1, [{ inventoryPolicy: 'backorder', oversellLimit: 4 }, {}, {}]);
    const messageId = newMessageId();
    expect((await postSigned(PIM_PRODUCTS, { products: [item] }, { messageId })).status).toBe(200);
    const [sku] = skusOf(item) as [string];
    // As if the Worker had died between the commit and the objects.
    await env.INVENTORY.getByName(sku).configure(sku, {
      backorder: { policy: 'deny' },
      lowStockThreshold: 0,
    });

    const replay = await postSigned(PIM_PRODUCTS, { products: [item] }, { messageId });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await env.INVENTORY.getByName(sku).snapshot()).toMatchObject({ backorderLimit: 4 });
  });

  it('records InventoryUpdated when available to sell crosses the low-stock threshold, into the outbox', async () => {
    const item = productWithPolicies(1, [{ lowStockThreshold: 3 }, {}, {}]);
    await pimApplies([item]);
    const [sku] = skusOf(item) as [string];
    const inventory = env.INVENTORY.getByName(sku);
    await inventory.recordLevel({ sku, location: 'berlin', onHand: 10, sequence: 1 });
    expect(await inventory.reserve('cart_a', 6, 60_000)).toMatchObject({ ok: true, availableToSell: 4 });
    // The object moves each event to Postgres's outbox after the call that recorded it (ADR 33).
    const updates = async (count: number) =>
      (await outboxEventsOf('sku', sku, count)).flatMap((event) =>
        event.type === 'InventoryUpdated' ? [event.data] : [],
      );
    expect((await updates(1)).map((update) => update.stockStatus)).toEqual(['in_stock']);

    expect(await inventory.reserve('cart_b', 1, 60_000)).toMatchObject({ ok: true, availableToSell: 3 });
    expect((await updates(2)).map((update) => [update.previousStockStatus, update.stockStatus])).toEqual([
      ['out_of_stock', 'in_stock'],
      ['in_stock', 'low_stock'],
    ]);
    expect(await inventory.outbox()).toEqual([]);
    expect((await outboxEventsOf('sku', sku, 2)).at(-1)).toMatchObject({
      type: 'InventoryUpdated',
      aggregate: { type: 'sku', id: sku },
      data: { availableToSell: 3, lowStockThreshold: 3 },
    });
  });
});

describe('stock policy through the admin API', { timeout: 30_000 }, () => {
  it('creates a variant whose policy reaches its object, shows all three fields, and changes it', async () => {
    const productId = await adminProduct();
    const sku = `ADM-${uniqueSuffix()}`.toUpperCase();
    await wakeObjects([sku]);
    const created = await adminRequest('POST', `/v1/admin/products/${productId}/variants`, {
      body: {
        sku,
        options: { size: 'S' },
        inventoryPolicy: 'backorder',
        oversellLimit: 5,
        lowStockThreshold: 1,
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const variant = await created.json<AdminVariant>();
    expect(variant).toMatchObject({ inventoryPolicy: 'backorder', oversellLimit: 5, lowStockThreshold: 1 });
    expect(await unitsGranted(sku, 6)).toBe(5);

    const read = await adminRequest('GET', `/v1/admin/variants/${variant.id}`);
    expect(await read.json()).toMatchObject({
      inventoryPolicy: 'backorder',
      oversellLimit: 5,
      lowStockThreshold: 1,
    });

    // The threshold alone changes alone; the policy stays.
    const threshold = await adminRequest('PATCH', `/v1/admin/variants/${variant.id}`, {
      body: { lowStockThreshold: 7 },
    });
    expect(await threshold.json()).toMatchObject({
      inventoryPolicy: 'backorder',
      oversellLimit: 5,
      lowStockThreshold: 7,
    });
    expect(await env.INVENTORY.getByName(sku).snapshot()).toMatchObject({
      backorderLimit: 5,
      lowStockThreshold: 7,
    });

    const denied = await adminRequest('PATCH', `/v1/admin/variants/${variant.id}`, {
      body: { inventoryPolicy: 'deny' },
    });
    expect(await denied.json()).toMatchObject({ inventoryPolicy: 'deny', oversellLimit: 0 });
    expect(await env.INVENTORY.getByName(sku).snapshot()).toMatchObject({ backorderLimit: 0 });
  });

  it('defaults a new variant to deny, and configures the object of a SKU it renames', async () => {
    const productId = await adminProduct();
    const sku = `ADM-${uniqueSuffix()}`.toUpperCase();
    const created = await adminRequest('POST', `/v1/admin/products/${productId}/variants`, {
      body: { sku, options: { size: 'M' } },
    });
    const variant = await created.json<AdminVariant>();
    expect(variant).toMatchObject({ inventoryPolicy: 'deny', oversellLimit: 0, lowStockThreshold: 0 });
    expect(await unitsGranted(sku, 1)).toBe(0);

    await adminRequest('PATCH', `/v1/admin/variants/${variant.id}`, {
      body: { inventoryPolicy: 'preorder', oversellLimit: 2 },
    });
    const renamed = `${sku}-R`;
    await wakeObjects([renamed]);
    const patched = await adminRequest('PATCH', `/v1/admin/variants/${variant.id}`, {
      body: { sku: renamed },
    });
    expect(patched.status).toBe(200);
    expect(await unitsGranted(renamed, 3)).toBe(2);
    // The old SKU's object is back to the defaults, should the SKU ever return.
    expect(await env.INVENTORY.getByName(sku).snapshot()).toMatchObject({ backorderLimit: 0 });
  });

  it('accepts stock policies on the variants of a new admin product', async () => {
    const handle = `admin-policy-${uniqueSuffix()}`;
    const sku = handle.toUpperCase();
    await wakeObjects([sku]);
    const response = await adminRequest('POST', '/v1/admin/products', {
      body: { handle, title: 'Cap', variants: [{ sku, inventoryPolicy: 'preorder', oversellLimit: 1 }] },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await unitsGranted(sku, 2)).toBe(1);
  });
});
