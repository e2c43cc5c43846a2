import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The QStash signatures already seen, each with the `Upstash-Message-Id` it first came with
 * (ADR 17). The message id is not covered by the signature, so this is what binds the two: the
 * same token under another message id is a captured delivery being replayed, and is refused.
 * QStash signs each delivery attempt anew (a fresh `jti`, a 5-minute life), so a row is needed
 * only while its token verifies; the every-minute cron deletes it after `expires_at`.
 */
export const signedDeliveryTokens = pgTable(
  'signed_delivery_tokens',
  {
    /** The verified token's `jti` claim: covered by the signature, unlike the header. */
    tokenId: text().primaryKey(),
    /** The `Upstash-Message-Id` the token first came with, as sent (not namespaced). */
    messageId: text().notNull(),
    /** Until when the token verifies: its `exp` plus our clock tolerance. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [index('signed_delivery_tokens_expires_at_idx').on(table.expiresAt)],
);
