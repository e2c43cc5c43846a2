import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from './customers';
import { idPrefixCheck } from './ids';

/**
 * Emails to send (ADR 25), written in the transaction that makes them due, so an email exists if
 * and only if its cause does; sent after the commit and, whatever dies on the way, by the
 * every-minute cron. `template` and `data` are rendered at sending. `data` can hold a single-use
 * link, so it is cleared once the email is sent or given up. `id` is the Idempotency-Key the
 * provider sees: an email sent twice (a kick and the cron) goes out once.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: text().primaryKey(),
    template: text().notNull(),
    /** Set for account emails, so an erasure deletes them with the account's other data. */
    customerId: text().references(() => customers.id, { onDelete: 'cascade' }),
    recipient: text().notNull(),
    /** BCP 47 tag the email is written in. */
    locale: text().notNull(),
    data: jsonb(),
    /** `pending`, `sent` or `failed` (given up: the provider refused it, or every attempt failed). */
    status: text().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    /** When a sender may next take it: pushed ahead by each attempt, so two senders never overlap. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    /**
     * The integration event this email answers (an order confirmation, a shipment, a cart
     * reminder: ADR 34), so a redelivered or replayed event queues it once.
     */
    eventId: text().unique(),
    /** The provider's id of the sent email. */
    providerId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    idPrefixCheck('email_outbox', table.id, 'eml'),
    check('email_outbox_status', sql`${table.status} in ('pending', 'sent', 'failed')`),
    index('email_outbox_due_idx').on(table.nextAttemptAt).where(sql`status = 'pending'`),
    index('email_outbox_customer_idx').on(table.customerId),
  ],
);
