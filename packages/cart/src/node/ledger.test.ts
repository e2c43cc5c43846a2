import { DatabaseSync } from 'node:sqlite';
import { createRateTableTaxCalculator, createTableRateProvider } from '@edge-commerce/domain';
import { InventoryLedger } from '@edge-commerce/inventory';
import { NodeSqliteStorage } from '@edge-commerce/inventory/node';
import { ManualClock } from '@edge-commerce/inventory/testing';
import { CartLedger } from '../ledger';
import type { CartInventory } from '../ports';
import { describeCartLedger, TestCatalog } from '../testing';

const HOUR = 60 * 60 * 1000;
const RESERVATION_TTL_MS = 15 * 60 * 1000;

describeCartLedger('node:sqlite', async (body) => {
  const databases: DatabaseSync[] = [];
  const open = () => {
    const database = new DatabaseSync(':memory:');
    databases.push(database);
    return new NodeSqliteStorage(database);
  };
  try {
    const clock = new ManualClock();
    // One InventoryLedger per SKU, each over its own database: as the Durable Objects are.
    const ledgers = new Map<string, InventoryLedger>();
    const ledgerOf = (sku: string) => {
      let ledger = ledgers.get(sku);
      if (!ledger) {
        ledger = new InventoryLedger(open(), clock);
        ledgers.set(sku, ledger);
      }
      return ledger;
    };
    // Answered on a later turn of the event loop, like an RPC, so concurrent cart calls would
    // interleave here if the ledger let them.
    const rpc = () => new Promise((resolve) => setTimeout(resolve, 0));
    const inventory: CartInventory = {
      reserve: async (sku, cartId, quantity) => {
        await rpc();
        return ledgerOf(sku).reserve(cartId, quantity, RESERVATION_TTL_MS);
      },
      release: async (sku, cartId) => {
        await rpc();
        return ledgerOf(sku).release(cartId);
      },
      transfer: async (sku, fromCartId, toCartId, quantity) => {
        await rpc();
        return ledgerOf(sku).transfer(fromCartId, toCartId, quantity, RESERVATION_TTL_MS);
      },
      commit: async (sku, cartId, orderId) => {
        await rpc();
        return ledgerOf(sku).commit(cartId, orderId);
      },
    };
    const storage = open();
    const catalog = new TestCatalog();
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
      sku: (name) => name,
      stock: async (sku, onHand) => {
        ledgerOf(sku).recordLevel({ sku, location: 'berlin', onHand, sequence: 1 });
      },
      reserved: async (sku) => ledgerOf(sku).snapshot().reserved,
      alarmAt: async () => storage.alarm,
      fireAlarm: async () => {
        storage.deleteAlarm();
        ledger.abandon();
      },
      storesAnything: async () =>
        storage.exec("SELECT name FROM sqlite_master WHERE type = 'table'").length > 0,
    });
  } finally {
    for (const database of databases) database.close();
  }
});
