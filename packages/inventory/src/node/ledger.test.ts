import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { InventoryLedger } from '../ledger';
import type { SqlValue } from '../storage';
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

describe('a hot SKU', () => {
  it('costs a reservation two statements once warm (its cart’s row, the upsert) and the alarm no write', () => {
    const database = new DatabaseSync(':memory:');
    try {
      const storage = new NodeSqliteStorage(database);
      const clock = new ManualClock();
      const ledger = new InventoryLedger(storage, clock);
      ledger.recordLevel({ sku: 'HOT-1', location: 'berlin', onHand: 1_000_000, sequence: 1 });
      const carts = Array.from({ length: 50 }, (_, index) => `cart_${index}`);
      for (const cart of carts) ledger.reserve(cart, 1, 900_000);
      const statements: string[] = [];
      const exec = storage.exec.bind(storage);
      storage.exec = ((statement: string, ...params: SqlValue[]) => {
        statements.push(statement);
        return exec(statement, ...params);
      }) as typeof storage.exec;
      let alarmWrites = 0;
      const setAlarm = storage.setAlarm.bind(storage);
      storage.setAlarm = (at: number) => {
        alarmWrites++;
        setAlarm(at);
      };
      // The carts re-reserve in turn, as shoppers on one SKU do: each call moves the earliest
      // deadline on (the alarm was set for the cart reserving now).
      for (let round = 2; round <= 5; round++) {
        for (const cart of carts) {
          clock.advance(1_000);
          expect(ledger.reserve(cart, round, 900_000)).toMatchObject({ ok: true });
        }
      }
      expect(statements.length / (4 * carts.length)).toBe(2);
      expect(alarmWrites).toBe(0);
      // Remembering changed no answer: the totals are the tables'.
      expect(ledger.snapshot()).toMatchObject({ reserved: 5 * carts.length, reservations: carts.length });
    } finally {
      database.close();
    }
  });
});
