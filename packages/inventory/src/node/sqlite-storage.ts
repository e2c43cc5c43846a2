import type { DatabaseSync } from 'node:sqlite';
import type { InventoryStorage, SqlRow, SqlValue } from '../storage';

/**
 * The ledger's storage over node:sqlite: what a Node host (one process, an actor per SKU) would
 * give it, and what the Node tests run on. The alarm is the host's to honour; this one records it.
 */
export class NodeSqliteStorage implements InventoryStorage {
  alarm: number | null = null;
  private depth = 0;

  constructor(private readonly database: DatabaseSync) {}

  exec<Row extends SqlRow = SqlRow>(statement: string, ...params: SqlValue[]): Row[] {
    return this.database.prepare(statement).all(...params) as Row[];
  }

  transaction<T>(work: () => T): T {
    // Nested calls join the outer transaction, as Durable Object transactionSync does.
    if (this.depth > 0) return work();
    this.database.exec('BEGIN IMMEDIATE');
    this.depth++;
    try {
      const result = work();
      this.database.exec('COMMIT');
      return result;
    } catch (error) {
      this.database.exec('ROLLBACK');
      throw error;
    } finally {
      this.depth--;
    }
  }

  setAlarm(at: number): void {
    this.alarm = at;
  }

  deleteAlarm(): void {
    this.alarm = null;
  }
}
