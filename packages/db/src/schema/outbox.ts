import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';

/**
 * Integration events waiting to be relayed (the transactional outbox). A state change writes
 * its event here in the same transaction, so an event exists if and only if the change does.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: text().primaryKey(),
    type: text().notNull(),
    version: integer().notNull().default(1),
    aggregateType: text().notNull(),
    aggregateId: text().notNull(),
    data: jsonb().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true }),
    /**
     * The order events were recorded in (ADR 33). One aggregate's changes take its row lock, so
     * its events are numbered in the order they committed: a consumer that needs them in order
     * applies an event only above the highest sequence it applied for that aggregate.
     */
    sequence: bigint({ mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (table) => [
    idPrefixCheck('outbox_events', table.id, 'evt'),
    index('outbox_events_unpublished_idx').on(table.sequence).where(sql`published_at is null`),
    index('outbox_events_aggregate_idx').on(table.aggregateType, table.aggregateId, table.occurredAt),
    // Retention walks published rows oldest first (OUTBOX_RETENTION_DAYS).
    index('outbox_events_published_idx').on(table.publishedAt).where(sql`published_at is not null`),
  ],
);

/**
 * Inbound messages already applied, by the sender's message id: a redelivery finds its id here
 * and changes nothing. Written in the same transaction as the change it records. Kept for
 * `PROCESSED_MESSAGES_RETENTION_DAYS`, well past any redelivery; the every-minute cron deletes
 * older entries, oldest first, through the `processed_at` index.
 */
export const processedMessages = pgTable(
  'processed_messages',
  {
    messageId: text().primaryKey(),
    source: text().notNull(),
    kind: text().notNull(),
    /** The response first given, replayed verbatim to a redelivery. */
    result: jsonb().notNull(),
    processedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('processed_messages_processed_at_idx').on(table.processedAt)],
);

/**
 * Each QStash message the relay published for an event, one per destination (ADR 33), and what
 * QStash's callbacks reported of it: delivered, retrying, or failed for good (in QStash's DLQ,
 * `dlq_id`). Keyed by QStash's message id; deleted with its event when retention ends.
 */
export const eventDeliveries = pgTable(
  'event_deliveries',
  {
    id: text().primaryKey(),
    /** QStash's message id: what its callbacks name. */
    messageId: text().notNull().unique(),
    eventId: text()
      .notNull()
      .references(() => outboxEvents.id, { onDelete: 'cascade' }),
    destination: text().notNull(),
    url: text().notNull(),
    status: text({ enum: ['published', 'retrying', 'delivered', 'failed'] })
      .notNull()
      .default('published'),
    /** Attempts QStash reported so far (a callback says how many retries came before it). */
    attempts: integer().notNull().default(0),
    /** The destination's last answer: its status, and the start of its body. */
    lastStatus: integer(),
    lastAnswer: text(),
    dlqId: text(),
    /** Set on a replay's message: the replay that sent the event again. */
    replayId: text(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('event_deliveries_event_idx').on(table.eventId),
    idPrefixCheck('event_deliveries', table.id, 'dlv'),
    index('event_deliveries_newest_idx').on(table.publishedAt.desc(), table.id.desc()),
    index('event_deliveries_status_idx').on(table.status, table.publishedAt.desc()),
    check(
      'event_deliveries_status_known',
      sql`${table.status} in ('published', 'retrying', 'delivered', 'failed')`,
    ),
  ],
);
