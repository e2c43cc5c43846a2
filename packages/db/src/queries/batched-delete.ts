import type { SQL } from 'drizzle-orm';
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
