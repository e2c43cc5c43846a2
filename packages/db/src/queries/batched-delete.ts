import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client';

/** How a retention job deletes: in short transactions, so no run holds locks for long. */
export interface DeleteBatches {
  /** Rows per DELETE: each is its own short transaction. */
  batchSize: number;
  /** DELETEs per call at most; a backlog is worked off over several calls. */
  maxBatches: number;
}

/**
 * Runs `deleteBatch(batchSize)` (a statement deleting at most that many rows and answering
 * `deleted`, their count) until one deletes fewer, or `maxBatches` times; returns the total.
 * Not in a transaction: every batch commits on its own.
 */
export async function deleteInBatches(
  db: Database,
  { batchSize, maxBatches }: DeleteBatches,
  deleteBatch: (limit: number) => SQL,
): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const { rows } = await db.execute<{ deleted: number }>(deleteBatch(batchSize));
    const removed = rows[0]?.deleted ?? 0;
    deleted += removed;
    if (removed < batchSize) break;
  }
  return deleted;
}

/** The rows a retention job deletes: those of `table` whose `time` column is before `cutoff`. */
export interface ExpiredRows {
  table: string;
  /** The primary key, by which each batch's rows are deleted. */
  key: string;
  /** An indexed timestamp column: each batch walks its index, oldest first. */
  time: string;
  /** An SQL expression (`now() - make_interval(…)`). */
  cutoff: SQL;
}

/**
 * Deletes the rows of `rows.table` whose `rows.time` is before `rows.cutoff`, oldest first, in
 * batches (`deleteInBatches`), and returns how many went. Each batch skips rows another
 * transaction holds, so a retention job never waits on a delivery being applied.
 */
export function deleteExpiredRows(db: Database, rows: ExpiredRows, batches: DeleteBatches): Promise<number> {
  const table = sql.identifier(rows.table);
  const key = sql.identifier(rows.key);
  const time = sql.identifier(rows.time);
  return deleteInBatches(
    db,
    batches,
    (limit) => sql`
      with expired as (
        select ${key} from ${table}
        where ${time} < ${rows.cutoff}
        order by ${time}
        limit ${limit}
        for update skip locked
      ), removed as (
        delete from ${table} t using expired e where t.${key} = e.${key}
        returning 1
      )
      select count(*)::int as deleted from removed`,
  );
}
