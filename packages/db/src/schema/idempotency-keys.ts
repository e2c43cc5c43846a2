import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * `Idempotency-Key`s of the API's creating and changing POSTs (ADR 30), Stripe's way: the first
 * answer is kept and replayed for 24 hours to a retry with the same key and parameters. Neither
 * the key nor the answer is stored as sent: `id` is a digest of the caller and the key, and the
 * answer is encrypted with a key derived from them (it may hold a cart's or order's token), so
 * only a caller who still holds the key can read it back. `response` null: the first request is
 * still running.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: text().primaryKey(),
    /** What the key was first sent with: method, path and the body's parameters, hashed. */
    requestHash: text().notNull(),
    /** The answer, AES-GCM encrypted (IV first), base64url. */
    response: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('idempotency_keys_created_at_idx').on(table.createdAt)],
);
