import { type SQL, sql } from 'drizzle-orm';
import { type Listed, type ListPage, microsecondInstant } from '../admin-lists';
import { type Executor, jsonParameter, textArray } from '../catalog-writes/executor';

/** A message QStash took for an event: our delivery id (`dlv_…`), QStash's, and where it goes. */
export interface PublishedMessage {
  id: string;
  messageId: string;
  eventId: string;
  destination: string;
  url: string;
}

export type DeliveryStatus = 'published' | 'retrying' | 'delivered' | 'failed';

/** A delivery as the admin API shows it. */
export interface DeliveryRecord {
  id: string;
  messageId: string;
  eventId: string;
  eventType: string;
  aggregate: { type: string; id: string };
  destination: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastAnswer: string | null;
  dlqId: string | null;
  replayId: string | null;
  publishedAt: string;
  updatedAt: string;
}

const deliveryJson = sql`json_build_object(
  'id', d.id, 'messageId', d.message_id, 'eventId', d.event_id, 'eventType', e.type,
  'aggregate', json_build_object('type', e.aggregate_type, 'id', e.aggregate_id),
  'destination', d.destination, 'url', d.url, 'status', d.status, 'attempts', d.attempts,
  'lastStatus', d.last_status, 'lastAnswer', d.last_answer, 'dlqId', d.dlq_id, 'replayId', d.replay_id,
  'publishedAt', to_char(d.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'updatedAt', to_char(d.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/**
 * QStash took these events' messages: the events are marked published and each message recorded,
 * in one statement. A message QStash answered as a duplicate has the id of the one it kept, which
 * is recorded already (or reported by a callback first): that row is left as it is.
 */
export async function recordPublished(
  db: Executor,
  eventIds: readonly string[],
  messages: readonly PublishedMessage[],
  replayId: string | null = null,
): Promise<void> {
  await db.execute(sql`
    with marked as (
      update outbox_events set published_at = now()
      where id = any(${textArray(eventIds)}) and published_at is null)
    insert into event_deliveries (id, message_id, event_id, destination, url, replay_id)
    select m.id, m."messageId", m."eventId", m.destination, m.url, ${replayId}
    from jsonb_to_recordset(${jsonParameter(messages)})
      as m(id text, "messageId" text, "eventId" text, destination text, url text)
    on conflict (message_id) do nothing`);
}

/** What a QStash callback reports of one attempt (or, from the failure callback, of the last). */
export interface DeliveryReport {
  /** The delivery id to record it under if the relay has not recorded the message yet. */
  id: string;
  messageId: string;
  eventId: string;
  destination: string;
  url: string;
  /** The destination's answer; 0 when it gave none. */
  status: number;
  /** Attempts made, this one included. */
  attempts: number;
  answer: string;
  /** `failed` for the failure callback (retries exhausted), else from the status. */
  outcome: 'delivered' | 'retrying' | 'failed';
  dlqId: string | null;
}

/**
 * Records a callback's report. Callbacks may come late, twice, or before the relay recorded the
 * message: the row is created if missing, never moved back from `delivered` or `failed` by an
 * older attempt's report, and an attempt count never goes down. Answers whether its event exists.
 */
export async function recordDeliveryReport(db: Executor, report: DeliveryReport): Promise<boolean> {
  const { rows } = await db.execute<{ recorded: boolean }>(sql`
    with event as (select id from outbox_events where id = ${report.eventId}),
    recorded as (
      insert into event_deliveries as d (id, message_id, event_id, destination, url, status, attempts,
        last_status, last_answer, dlq_id, updated_at)
      select ${report.id}, ${report.messageId}, e.id, ${report.destination}, ${report.url}, ${report.outcome},
        ${report.attempts}, ${report.status}, ${report.answer.slice(0, 500)}, ${report.dlqId}, now()
      from event e
      on conflict (message_id) do update set
        status = case
          when d.status in ('delivered', 'failed') and excluded.status = 'retrying' then d.status
          when excluded.attempts < d.attempts and excluded.status = 'retrying' then d.status
          else excluded.status end,
        attempts = greatest(d.attempts, excluded.attempts),
        last_status = case when excluded.attempts >= d.attempts then excluded.last_status else d.last_status end,
        last_answer = case when excluded.attempts >= d.attempts then excluded.last_answer else d.last_answer end,
        dlq_id = coalesce(excluded.dlq_id, d.dlq_id),
        updated_at = now()
      returning 1)
    select exists (select 1 from event) as recorded`);
  return rows[0]?.recorded === true;
}

/** Which deliveries a list shows; every filter absent: all of them. */
export interface DeliveryFilters {
  status?: DeliveryStatus | undefined;
  destination?: string | undefined;
  eventType?: string | undefined;
  eventId?: string | undefined;
  aggregateId?: string | undefined;
  publishedFrom?: string | undefined;
  publishedBefore?: string | undefined;
}

/** Deliveries newest first (published instant, then id), a keyset page per statement. */
export async function listDeliveries(
  db: Executor,
  filters: DeliveryFilters,
  page: ListPage,
): Promise<Listed<DeliveryRecord>[]> {
  const { rows } = await db.execute<{ delivery: DeliveryRecord; publishedAt: string }>(sql`
    select ${deliveryJson} as delivery, ${microsecondInstant(sql`d.published_at`)} as "publishedAt"
    from event_deliveries d join outbox_events e on e.id = d.event_id
    where ${sql.join(conditions(filters), sql` and `)}
      and ${page.after ? sql`(d.published_at, d.id) < (${page.after.createdAt}::timestamptz, ${page.after.id})` : sql`true`}
    order by d.published_at desc nulls last, d.id desc nulls last
    limit ${page.rows}`);
  return rows.map(({ delivery, publishedAt }) => ({
    view: delivery,
    position: { createdAt: publishedAt, id: delivery.id },
  }));
}

function conditions(filters: DeliveryFilters): SQL[] {
  const where: SQL[] = [sql`true`];
  if (filters.status !== undefined) where.push(sql`d.status = ${filters.status}`);
  if (filters.destination !== undefined) where.push(sql`d.destination = ${filters.destination}`);
  if (filters.eventType !== undefined) where.push(sql`e.type = ${filters.eventType}`);
  if (filters.eventId !== undefined) where.push(sql`d.event_id = ${filters.eventId}`);
  if (filters.aggregateId !== undefined) where.push(sql`e.aggregate_id = ${filters.aggregateId}`);
  if (filters.publishedFrom !== undefined)
    where.push(sql`d.published_at >= ${filters.publishedFrom}::timestamptz`);
  if (filters.publishedBefore !== undefined)
    where.push(sql`d.published_at < ${filters.publishedBefore}::timestamptz`);
  return where;
}

/** One event as recorded, with every delivery of it, oldest first; undefined when unknown. */
export async function eventWithDeliveries(
  db: Executor,
  eventId: string,
): Promise<{ event: StoredEvent; deliveries: DeliveryRecord[] } | undefined> {
  const { rows } = await db.execute<{ event: StoredEvent; deliveries: DeliveryRecord[] }>(sql`
    select ${storedEventJson} as event,
      coalesce((select json_agg(${deliveryJson} order by d.published_at, d.id)
                from event_deliveries d where d.event_id = e.id), '[]'::json) as deliveries
    from outbox_events e where e.id = ${eventId}`);
  return rows[0];
}

/** An outbox event as stored: its envelope's fields and when it was published. */
export interface StoredEvent {
  id: string;
  type: string;
  version: number;
  sequence: number;
  occurredAt: string;
  aggregate: { type: string; id: string };
  data: unknown;
  publishedAt: string | null;
}

const storedEventJson = sql`json_build_object(
  'id', e.id, 'type', e.type, 'version', e.version, 'sequence', e.sequence,
  'occurredAt', to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'aggregate', json_build_object('type', e.aggregate_type, 'id', e.aggregate_id), 'data', e.data,
  'publishedAt', to_char(e.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/** What a replay sends again: these events, or those recorded in a range, of a type or aggregate. */
export interface ReplaySelection {
  eventIds?: readonly string[] | undefined;
  occurredFrom?: string | undefined;
  occurredBefore?: string | undefined;
  eventType?: string | undefined;
  aggregateId?: string | undefined;
  /** Only events with a delivery that failed for good (in QStash's DLQ). */
  failedOnly?: boolean | undefined;
}

/** The published events a replay selects, in sequence order, at most `limit`. */
export async function eventsToReplay(
  db: Executor,
  selection: ReplaySelection,
  limit: number,
): Promise<StoredEvent[]> {
  const where: SQL[] = [sql`e.published_at is not null`];
  if (selection.eventIds !== undefined) where.push(sql`e.id = any(${textArray(selection.eventIds)})`);
  if (selection.occurredFrom !== undefined)
    where.push(sql`e.occurred_at >= ${selection.occurredFrom}::timestamptz`);
  if (selection.occurredBefore !== undefined)
    where.push(sql`e.occurred_at < ${selection.occurredBefore}::timestamptz`);
  if (selection.eventType !== undefined) where.push(sql`e.type = ${selection.eventType}`);
  if (selection.aggregateId !== undefined) where.push(sql`e.aggregate_id = ${selection.aggregateId}`);
  if (selection.failedOnly)
    where.push(
      sql`exists (select 1 from event_deliveries d where d.event_id = e.id and d.status = 'failed')`,
    );
  const { rows } = await db.execute<{ event: StoredEvent }>(sql`
    select ${storedEventJson} as event from outbox_events e
    where ${sql.join(where, sql` and `)}
    order by e.sequence limit ${limit}`);
  return rows.map((row) => row.event);
}

/** The DLQ ids of these events' deliveries that failed for good (to `destinations` only, when given). */
export async function deadLetteredDeliveries(
  db: Executor,
  eventIds: readonly string[],
  destinations: readonly string[] | undefined,
): Promise<string[]> {
  const { rows } = await db.execute<{ dlqId: string }>(sql`
    select dlq_id as "dlqId" from event_deliveries
    where event_id = any(${textArray(eventIds)}) and status = 'failed' and dlq_id is not null
      ${destinations ? sql`and destination = any(${textArray(destinations)})` : sql``}`);
  return rows.map((row) => row.dlqId);
}
