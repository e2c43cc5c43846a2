import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { CartLedger } from '@edge-commerce/cart';
import { describeCartLedger, TestCatalog } from '@edge-commerce/cart/testing';
import { createRateTableTaxCalculator, createTableRateProvider } from '@edge-commerce/domain';
import { ManualClock } from '@edge-commerce/inventory/testing';
import { inventoryObjects } from '../../../workers/api/src/carts/cart-inventory';
import { DurableObjectInventoryStorage } from '../../../workers/api/src/inventory/durable-object-storage';

const HOUR = 60 * 60 * 1000;

// The ledger's cases over a real CartObject's storage, with the real InventoryObjects as its
// inventory. The clock starts at the real time, so the objects' deadlines and the cart's agree.
describeCartLedger('a Durable Object', async (body) => {
  // A new object per case: storage is not reset between the tests of a file.
  const stub = env.CART.get(env.CART.newUniqueId());
  const run = crypto.randomUUID().slice(0, 8);
  await runInDurableObject(stub, async (_instance, state) => {
    const clock = new ManualClock(Date.now());
    const catalog = new TestCatalog();
    const inventory = inventoryObjects(env.INVENTORY);
    const storage = new DurableObjectInventoryStorage(state.storage);
    const ledger = new CartLedger(
      storage,
      clock,
      { catalog, inventory, tax: createRateTableTaxCalculator(), shipping: createTableRateProvider() },
      { abandonAfterMs: HOUR },
    );
    await body({
      ledger,
      clock,
      catalog,
      sku: (name) => `${name}-${run}`,
      stock: async (sku, onHand) => {
        await env.INVENTORY.getByName(sku).recordLevel({ sku, location: 'berlin', onHand, sequence: 1 });
      },
      reserved: async (sku) => (await env.INVENTORY.getByName(sku).snapshot()).reserved,
      alarmAt: () => state.storage.getAlarm(),
      fireAlarm: async () => {
        await state.storage.deleteAlarm();
        ledger.abandon();
      },
      // workerd keeps bookkeeping tables of its own (`_cf_…`); ours are the rest.
      storesAnything: async () =>
        state.storage.sql
          .exec<{ name: string }>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
          )
          .toArray().length > 0,
    });
  });
});
