import { DatabaseSync } from 'node:sqlite';
import { InventoryLedger } from '../ledger';
import { describeInventoryLedger, ManualClock } from '../testing';
import { NodeSqliteStorage } from './sqlite-storage';

describeInventoryLedger('node:sqlite', async (body) => {
  const database = new DatabaseSync(':memory:');
  try {
    const storage = new NodeSqliteStorage(database);
    const clock = new ManualClock();
    await body({ ledger: new InventoryLedger(storage, clock), clock, alarmAt: async () => storage.alarm });
  } finally {
    database.close();
  }
});
