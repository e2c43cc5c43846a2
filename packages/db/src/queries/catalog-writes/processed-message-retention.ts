import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { type DeleteBatches, deleteExpiredRows } from '../batched-delete';

export interface ProcessedMessageRetention extends DeleteBatches {
  /** Entries recorded longer ago than this are deleted. */
  retentionDays: number;
}

/**
 * Deletes `processed_messages` entries older than the retention window, oldest first, in
 * batches of `batchSize` rows (at most `maxBatches` of them), and returns how many went. Each
 * batch walks the `processed_at` index and skips rows another transaction holds, so it never
 * waits on a delivery being applied. Not in a transaction: every batch commits on its own.
 */
export async function deleteExpiredProcessedMessages(
  db: Database,
  { retentionDays, batchSize, maxBatches }: ProcessedMessageRetention,
): Promise<number> {
  return deleteExpiredRows(
    db,
    {
      table: 'processed_messages',
      key: 'message_id',
      time: 'processed_at',
      cutoff: sql`now() - make_interval(days => ${retentionDays}::int)`,
    },
    { batchSize, maxBatches },
  );
}
