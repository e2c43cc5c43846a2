import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { deleteExpiredRows } from '../batched-delete';
import type { Executor } from '../catalog-writes/executor';
import type { OutboxEvent } from '../catalog-writes/outbox';

/** An outbox row waiting to be published, as the relay reads it (its time as ISO 8601 text). */
export type PendingEvent = Omit<OutboxEvent, 'occurredAt'> & { occurredAt: string; sequence: number };

/**
 * The oldest `limit` events not yet published, in the order they were recorded (their sequence;
 * the partial `outbox_events_unpublished_idx` serves it). Not locked: one relay runs at a time (its job lease),
 * and publishing twice is harmless (QStash deduplicates by id, consumers by event id).
 */
export async function pendingEvents(db: Executor, limit: number): Promise<PendingEvent[]> {
  const { rows } = await db.execute<PendingEvent & Record<string, unknown>>(sql`
    select id, type, version, aggregate_type as "aggregateType", aggregate_id as "aggregateId", data, sequence,
           to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "occurredAt"
    from outbox_events where published_at is null
    order by sequence limit ${limit}`);
  return rows.map((row) => ({ ...row, version: Number(row.version), sequence: Number(row.sequence) }));
}

/**
 * Deletes events published more than `retentionDays` ago, oldest first, in short batches. Never
 * an unpublished one: an event leaves the outbox only after QStash has taken it.
 */
export function deletePublishedEvents(
  db: Database,
  options: { retentionDays: number; batchSize: number; maxBatches: number },
): Promise<number> {
  return deleteExpiredRows(
    db,
    {
      table: 'outbox_events',
      key: 'id',
      time: 'published_at',
      cutoff: sql`now() - make_interval(days => ${options.retentionDays})`,
    },
    options,
  );
}

export {
  type DeliveryFilters,
  type DeliveryRecord,
  type DeliveryReport,
  type DeliveryStatus,
  deadLetteredDeliveries,
  eventsToReplay,
  eventWithDeliveries,
  listDeliveries,
  type PublishedMessage,
  type ReplaySelection,
  recordDeliveryReport,
  recordPublished,
  type StoredEvent,
} from './deliveries';
