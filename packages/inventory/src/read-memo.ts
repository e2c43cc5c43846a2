import type { ActorStorage, SqlRow, SqlValue } from './storage';

/**
 * The ledger's storage with a memory of its small aggregate reads (on hand, committed, the
 * settings row, the live reservations' total) between writes to their tables. A reservation
 * reads them several times (its check, its answer, the stock-status crossing, the alarm) and a
 * hot SKU takes hundreds a second without changing most of them, so most of those reads need no
 * SQLite call. The memory outlives a transaction because the object's storage has one writer,
 * the ledger, and every change goes through `exec` here, where a write to a table forgets what
 * was read from it; a transaction that throws (rolled back) forgets everything, since what was
 * remembered inside it may never have been stored.
 */
export class ReadMemo implements ActorStorage {
  private readonly remembered = new Map<string, unknown>();

  constructor(private readonly storage: ActorStorage) {}

  /** `read`'s answer, remembered until a write to `key`'s table (`table` or `table:what`). */
  of<T>(key: string, read: () => T): T {
    if (this.remembered.has(key)) return this.remembered.get(key) as T;
    const value = read();
    this.remembered.set(key, value);
    return value;
  }

  /**
   * Remembers `value` as `read`'s answer for `key` after a write the caller can account for
   * itself (a reservation moving a total by what it changed), so the next read needs no SQL.
   */
  remember(key: string, value: unknown): void {
    this.remembered.set(key, value);
  }

  /** Forgets everything: the next reads come from the tables. */
  forget(): void {
    this.remembered.clear();
  }

  exec<Row extends SqlRow = SqlRow>(statement: string, ...params: SqlValue[]): Row[] {
    if (!/^\s*SELECT\b/i.test(statement)) {
      // A key is a table, or `table:what` for a second read of it: a write to the table forgets both.
      for (const key of this.remembered.keys())
        if (statement.includes(key.split(':')[0] ?? key)) this.remembered.delete(key);
    }
    return this.storage.exec<Row>(statement, ...params);
  }

  transaction<T>(work: () => T): T {
    try {
      return this.storage.transaction(work);
    } catch (error) {
      this.remembered.clear();
      throw error;
    }
  }

  setAlarm(at: number): void {
    this.storage.setAlarm(at);
  }

  deleteAlarm(): void {
    this.storage.deleteAlarm();
  }
}
