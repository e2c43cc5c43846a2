import { sql } from 'drizzle-orm';
import type { Database } from '../../client';

export interface ProcessedMessageRetention {
  /** Entries recorded longer ago than this are deleted. */
  retentionDays: number;
  /** Rows per DELETE: each is its own short transaction, so no run holds locks for long. */
  batchSize: number;
  /** DELETEs per call at most; a backlog is worked off over several calls. */
  maxBatches: number;
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
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const { rows } = await db.execute<{ deleted: number }>(sql`
      with expired as (
        select message_id from processed_messages
        where processed_at < now() - make_interval(days => ${retentionDays}::int)
        order by processed_at
        limit ${batchSize}
        for update skip locked
      ), removed as (
        delete from processed_messages p using expired e where p.message_id = e.message_id
        returning 1
      )
      select count(*)::int as deleted from removed`);
    const removed = rows[0]?.deleted ?? 0;
    deleted += removed;
    if (removed < batchSize) break;
  }
  return deleted;
}
