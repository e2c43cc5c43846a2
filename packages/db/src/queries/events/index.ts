import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { deleteExpiredRows } from '../batched-delete';
import type { Executor } from '../catalog-writes/executor';
import { jsonParameter } from '../catalog-writes/executor';
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

/** An event a Durable Object recorded in its own outbox, moved here to be relayed with the rest. */
export interface ObjectEvent {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  aggregate: { type: string; id: string };
  data: unknown;
}

/**
 * Appends a Durable Object's events to the outbox (ADR 33), keeping the time the object recorded
 * them; one the outbox has already (a drain that died before the object forgot it) is skipped.
 * The object drains its events in order, so they take sequence numbers in that order.
 */
export async function appendObjectEvents(db: Executor, objectEvents: readonly ObjectEvent[]): Promise<void> {
  if (objectEvents.length === 0) return;
  const rows = objectEvents.map((event) => ({
    id: event.id,
    type: event.type,
    version: event.version,
    aggregateType: event.aggregate.type,
    aggregateId: event.aggregate.id,
    data: event.data,
    occurredAt: event.occurredAt,
  }));
  await db.execute(sql`
    insert into outbox_events (id, type, version, aggregate_type, aggregate_id, data, occurred_at)
    select e.id, e.type, e.version, e."aggregateType", e."aggregateId", e.data, e."occurredAt"
    from rows from (jsonb_to_recordset(${jsonParameter(rows)})
        as (id text, type text, version int, "aggregateType" text, "aggregateId" text, data jsonb,
            "occurredAt" timestamptz))
      with ordinality as e(id, type, version, "aggregateType", "aggregateId", data, "occurredAt", position)
    order by position
    on conflict (id) do nothing`);
}
