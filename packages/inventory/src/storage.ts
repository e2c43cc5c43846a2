/** A value SQLite stores and hands back: the common ground of Durable Object SQL and node:sqlite. */
export type SqlValue = string | number | null;

export type SqlRow = Record<string, SqlValue>;

/**
 * What the ledger needs from its host: one SQLite database of its own, an alarm, and a clock.
 * Every call is synchronous, so each ledger operation runs start to end with no other request
 * in between (a Durable Object's SQL is synchronous; so is node:sqlite).
 */
export interface InventoryStorage {
  /** Runs one statement with `?` parameters and returns its rows (none for writes). */
  exec<Row extends SqlRow = SqlRow>(statement: string, ...params: SqlValue[]): Row[];
  /** Runs `work` atomically: all of its statements are kept, or none when it throws. */
  transaction<T>(work: () => T): T;
  /** Wakes the host at `at` (epoch ms) to call `expire`; replaces any alarm already set. */
  setAlarm(at: number): void;
  deleteAlarm(): void;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
