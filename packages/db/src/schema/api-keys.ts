import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';

/**
 * API keys for partners and operators (ADR 22). The secret itself is never stored: `secret_hash`
 * is its SHA-256, which a lookup matches exactly, and `hint` its first characters for lists.
 *
 * A key is live while not revoked and not past `expires_at`. Rotating a key issues its successor
 * (`rotated_to_id`) and gives the old one an `expires_at` a grace period away, so the partner
 * can deploy the new one before the old stops working. `last_used_at` is written at most every
 * few minutes per key, never on every request.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    /** Who holds it (`acme-pim`): what logs, rate limits and deliveries name the caller by. */
    holder: text().notNull(),
    mode: text().$type<'live' | 'test'>().notNull(),
    scopes: text().array().notNull(),
    secretHash: text().notNull(),
    hint: text().notNull(),
    /** The key that created it, or `bootstrap` for the configured first operator's key. */
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    rotatedToId: text(),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    idPrefixCheck('api_keys', table.id, 'key'),
    uniqueIndex('api_keys_secret_hash_key').on(table.secretHash),
    // Newest first, as the admin list pages them.
    index('api_keys_newest_idx').on(table.createdAt.desc(), table.id.desc()),
    check('api_keys_mode_known', sql`${table.mode} in ('live', 'test')`),
    check('api_keys_has_scopes', sql`cardinality(${table.scopes}) between 1 and 8`),
    check('api_keys_name_length', sql`char_length(${table.name}) between 1 and 100`),
    check('api_keys_holder_format', sql`${table.holder} ~ '^[a-z0-9][a-z0-9-]{0,62}$'`),
  ],
);
