import { DatabaseSync } from 'node:sqlite';
import { InventoryLedger } from '../ledger';
import { describeInventoryLedger, ManualClock } from '../testing';
import { NodeSqliteStorage } from './sqlite-storage';

describeInventoryLedger('node:sqlite', async (body) => {
  const database = new DatabaseSync(':memory:');
  try {
    const storage = new NodeSqliteStorage(database);
    const clock = new ManualClock();
    const ledger = new InventoryLedger(storage, clock);
    await body({
      ledger,
      clock,
      alarmAt: async () => storage.alarm,
      fireAlarm: async () => {
        storage.deleteAlarm();
        return ledger.expire();
      },
    });
  } finally {
    database.close();
  }
});
