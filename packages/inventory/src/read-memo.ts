import type { ActorStorage, SqlRow, SqlValue } from './storage';

/**
 * The ledger's storage with a memory of its small aggregate reads (on hand, committed, the
 * settings row) within one transaction, between writes to their tables. A reservation reads
 * them several times (its check, its answer, the stock-status crossing, the alarm) but never
 * changes them, so most of those reads need no SQLite call. Nothing is remembered outside a
 * transaction or from one to the next (a rollback, or a change made by anyone else between two
 * operations, leaves nothing stale), and inside one every change goes through `exec` here, where
 * a write to a table forgets what was read from it.
 */
export class ReadMemo implements ActorStorage {
  private readonly remembered = new Map<string, unknown>();
  private depth = 0;

  constructor(private readonly storage: ActorStorage) {}

  /** `read`'s answer, remembered until a write to `key`'s table (`table` or `table:what`). */
  of<T>(key: string, read: () => T): T {
    if (this.depth === 0) return read();
    if (this.remembered.has(key)) return this.remembered.get(key) as T;
    const value = read();
    this.remembered.set(key, value);
    return value;
  }

  /**
   * Remembers `value` as `read`'s answer for `key` after a write the caller can account for
   * itself (a reservation moving a total by what it changed), so the next read needs no SQL.
   * Outside a transaction it does nothing, as `of` remembers nothing there.
   */
  remember(key: string, value: unknown): void {
    if (this.depth > 0) this.remembered.set(key, value);
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
    this.remembered.clear();
    this.depth++;
    try {
      return this.storage.transaction(work);
    } finally {
      this.depth--;
      this.remembered.clear();
    }
  }

  setAlarm(at: number): void {
    this.storage.setAlarm(at);
  }

  deleteAlarm(): void {
    this.storage.deleteAlarm();
  }
}
