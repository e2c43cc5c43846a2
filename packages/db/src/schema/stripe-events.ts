import { boolean, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';

/**
 * Every Stripe event the webhook receiver accepted (ADR 27), once: its signature verified on the
 * raw body, then inserted by its id, so a redelivery (Stripe sends at least once, and retries for
 * up to 3 days) finds its row and changes nothing. The row is written in the transaction that
 * will also hold the event's effect (the checkout's, issue 11), so an event is recorded if and
 * only if it was applied. Kept for `STRIPE_EVENTS_RETENTION_DAYS` (at least 30: Stripe lists and
 * resends an event for 30 days), then deleted by the every-minute cron through `received_at`.
 */
export const stripeEvents = pgTable(
  'stripe_events',
  {
    /** Stripe's event id (`evt_…`): the same on every delivery of one event. */
    id: text().primaryKey(),
    /** `payment_intent.succeeded`, `charge.refunded`, … */
    type: text().notNull(),
    /** The id of the object the event is about (`data.object.id`, e.g. `pi_…`), when it has one. */
    objectId: text(),
    /** The API version Stripe rendered the event with (the webhook endpoint's). */
    apiVersion: text(),
    livemode: boolean().notNull(),
    /** The event's `created`: when it happened, by Stripe's clock. */
    createdAt: timestamp({ withTimezone: true }).notNull(),
    /** When its first verified delivery reached us, by the database's clock. */
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The event as Stripe sent it (a snapshot of its object then, not now). */
    payload: jsonb().notNull(),
  },
  (table) => [
    idPrefixCheck('stripe_events', table.id, 'evt'),
    index('stripe_events_object_id_idx').on(table.objectId),
    index('stripe_events_received_at_idx').on(table.receivedAt),
  ],
);
