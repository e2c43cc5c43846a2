import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { type DeleteBatches, deleteInBatches } from '../batched-delete';

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
  return deleteInBatches(
    db,
    { batchSize, maxBatches },
    (limit) => sql`
      with expired as (
        select message_id from processed_messages
        where processed_at < now() - make_interval(days => ${retentionDays}::int)
        order by processed_at
        limit ${limit}
        for update skip locked
      ), removed as (
        delete from processed_messages p using expired e where p.message_id = e.message_id
        returning 1
      )
      select count(*)::int as deleted from removed`,
  );
}
