import type { InventoryStorage, SqlRow, SqlValue } from '@edge-commerce/inventory';

/** The inventory ledger's storage port over a SQLite-backed Durable Object's own storage. */
export class DurableObjectInventoryStorage implements InventoryStorage {
  constructor(private readonly storage: DurableObjectStorage) {}

  exec<Row extends SqlRow = SqlRow>(statement: string, ...params: SqlValue[]): Row[] {
    // The cursor is lazy: reading it to the end is what runs a write to completion.
    return this.storage.sql.exec<Row>(statement, ...params).toArray();
  }

  transaction<T>(work: () => T): T {
    return this.storage.transactionSync(work);
  }

  // Not awaited: the ledger is synchronous, and the object's output gate holds every reply until
  // the alarm write is durable; a failed write breaks the object, so it cannot pass unnoticed.
  setAlarm(at: number): void {
    void this.storage.setAlarm(at);
  }

  deleteAlarm(): void {
    void this.storage.deleteAlarm();
  }
}
