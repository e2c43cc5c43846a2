import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

function inventoryFor(sku: string) {
  return env.INVENTORY.getByName(`${sku}-${crypto.randomUUID()}`);
}

async function stocked(onHand: number) {
  const sku = `SKU-${crypto.randomUUID()}`;
  const inventory = env.INVENTORY.getByName(sku);
  const level = await inventory.recordLevel({ sku, location: 'berlin', onHand, sequence: 1 });
  expect(level).toMatchObject({ ok: true, applied: true });
  return inventory;
}

async function reservationRows(inventory: ReturnType<typeof inventoryFor>): Promise<number> {
  return runInDurableObject(inventory, (_instance, state) => {
    const [row] = state.storage.sql
      .exec<{ n: number }>('SELECT COUNT(*) AS n FROM inventory_reservations')
      .toArray();
    return row?.n ?? -1;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('InventoryObject', () => {
  it('lets exactly 50 of 500 concurrent single reservations from 500 carts through when 50 are on hand', async () => {
    const inventory = await stocked(50);
    const outcomes = await Promise.all(
      Array.from({ length: 500 }, (_, index) => inventory.reserve(`cart_${index}`, 1)),
    );
    const granted = outcomes.filter((outcome) => outcome.ok);
    const refused = outcomes.filter((outcome) => !outcome.ok);
    expect(granted).toHaveLength(50);
    expect(refused).toHaveLength(450);
    for (const outcome of refused)
      expect(outcome).toEqual({ ok: false, reason: 'insufficient_stock', available: 0 });
    // Never below zero along the way: each grant saw what was left after the ones before it.
    const leftAfterEach = granted
      .map((outcome) => (outcome.ok ? outcome.availableToSell : Number.NaN))
      .sort((a, b) => a - b);
    expect(leftAfterEach).toEqual(Array.from({ length: 50 }, (_, index) => index));
    expect(await inventory.snapshot()).toMatchObject({
      onHand: 50,
      reserved: 50,
      availableToSell: 0,
      reservations: 50,
    });
  });

  it('holds a reservation for RESERVATION_TTL_SECONDS by default', async () => {
    const inventory = await stocked(5);
    const before = Date.now();
    const outcome = await inventory.reserve('cart_a', 2);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.expiresAt - before).toBeGreaterThanOrEqual(900_000 - 1_000);
    expect(outcome.expiresAt - before).toBeLessThanOrEqual(900_000 + 5_000);
  });

  it('frees an expired reservation on its alarm, and a commit after expiry fails cleanly', async () => {
    const inventory = await stocked(3);
    const held = await inventory.reserve('cart_late', 3, 200);
    expect(held).toMatchObject({ ok: true, availableToSell: 0 });
    expect(await runInDurableObject(inventory, (_instance, state) => state.storage.getAlarm())).toBe(
      held.ok ? held.expiresAt : null,
    );
    await sleep(400);
    // Runs the alarm now unless workerd already ran it on time; either way it must have run.
    await runDurableObjectAlarm(inventory);
    expect(await reservationRows(inventory)).toBe(0);
    expect(await runInDurableObject(inventory, (_instance, state) => state.storage.getAlarm())).toBeNull();
    expect(await inventory.snapshot()).toMatchObject({ reserved: 0, availableToSell: 3 });
    expect(await inventory.commit('cart_late', 'ord_late')).toEqual({ ok: false, reason: 'no_reservation' });
    expect(await inventory.snapshot()).toMatchObject({ committed: 0 });
    expect(await inventory.reserve('cart_next', 3)).toMatchObject({ ok: true });
  });

  it('commits once however often the checkout retries', async () => {
    const inventory = await stocked(4);
    await inventory.reserve('cart_a', 2);
    const commits = await Promise.all(Array.from({ length: 5 }, () => inventory.commit('cart_a', 'ord_a')));
    for (const outcome of commits) expect(outcome).toEqual({ ok: true, orderId: 'ord_a', quantity: 2 });
    expect(await inventory.snapshot()).toMatchObject({ committed: 2, reserved: 0, availableToSell: 2 });
  });
});
