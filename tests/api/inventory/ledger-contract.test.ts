import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { InventoryLedger } from '@edge-commerce/inventory';
import { describeInventoryLedger, ManualClock } from '@edge-commerce/inventory/testing';
import { DurableObjectInventoryStorage } from '../../../workers/api/src/inventory/durable-object-storage';

// A year ahead: the object's real alarm (set from the manual clock's deadlines) must not fire
// during the test and run the host's own expire with the real clock.
const YEAR = 365 * 24 * 60 * 60 * 1000;

describeInventoryLedger('a Durable Object', async (body) => {
  // A new object per case: storage is not reset between the tests of a file.
  const stub = env.INVENTORY.get(env.INVENTORY.newUniqueId());
  await runInDurableObject(stub, async (_instance, state) => {
    const clock = new ManualClock(Date.now() + YEAR);
    const ledger = new InventoryLedger(new DurableObjectInventoryStorage(state.storage), clock);
    await body({
      ledger,
      clock,
      alarmAt: () => state.storage.getAlarm(),
      fireAlarm: async () => {
        await state.storage.deleteAlarm();
        return ledger.expire();
      },
    });
  });
});
