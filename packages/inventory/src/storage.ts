/** A value SQLite stores and hands back: the common ground of Durable Object SQL and node:sqlite. */
export type SqlValue = string | number | null;

export type SqlRow = Record<string, SqlValue>;

/**
 * What a ledger needs from its host (an actor per key: a Durable Object, or an in-process actor
 * elsewhere): one SQLite database of its own and an alarm. Every call is synchronous, so each
 * ledger operation runs start to end with no other request in between (a Durable Object's SQL
 * is synchronous; so is node:sqlite). The inventory and cart ledgers both take it.
 */
export interface ActorStorage {
  /** Runs one statement with `?` parameters and returns its rows (none for writes). */
  exec<Row extends SqlRow = SqlRow>(statement: string, ...params: SqlValue[]): Row[];
  /** Runs `work` atomically: all of its statements are kept, or none when it throws. */
  transaction<T>(work: () => T): T;
  /** Wakes the host at `at` (epoch ms) to call the ledger's alarm work; replaces any alarm set. */
  setAlarm(at: number): void;
  deleteAlarm(): void;
}

/** The inventory ledger's name for its storage. */
export type InventoryStorage = ActorStorage;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
