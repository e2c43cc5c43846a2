import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';

/**
 * Shoppers' accounts (ADR 23). `email` is stored as the customer typed it but compared lower-cased
 * (one account per address, whatever its case). `password_hash` is an Argon2id PHC string that
 * carries its own cost. A deleted account (GDPR erasure) stays as a tombstone, `deleted_at` set and
 * every personal field gone, so what accounting keeps (orders) still names a customer id.
 */
export const customers = pgTable(
  'customers',
  {
    id: text().primaryKey(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    firstName: text(),
    lastName: text(),
    phone: text(),
    /** BCP 47 language tag the shop writes to them in (emails). */
    locale: text().notNull().default('en'),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
    /**
     * The CRM's version of the profile it last changed here (issue 12): a CRM update whose
     * `sequence` is not above it is stale and changes nothing. Null until the CRM changes one.
     */
    crmProfileSequence: bigint({ mode: 'number' }),
  },
  (table) => [
    idPrefixCheck('customers', table.id, 'cus'),
    uniqueIndex('customers_email_key').on(sql`lower(${table.email})`),
    check('customers_email_length', sql`char_length(${table.email}) between 3 and 254`),
  ],
);

/**
 * A signed-in device: one login and the refresh tokens rotated from it (the token family).
 * Revoking it (logout, a reused refresh token, a password change) ends the family.
 */
export const customerSessions = pgTable(
  'customer_sessions',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    /** Why it ended: `logout`, `refresh_token_reused`, `password_changed`, `password_reset`, `customer_deleted`. */
    revokedReason: text(),
  },
  (table) => [
    idPrefixCheck('customer_sessions', table.id, 'ses'),
    index('customer_sessions_customer_idx').on(table.customerId),
  ],
);

/**
 * Refresh tokens, by the SHA-256 of the secret (never the secret). Each is good for one refresh:
 * `used_at` marks it spent, and presenting a spent one again revokes its session (RFC 9700 §4.14.2).
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    tokenHash: text().primaryKey(),
    sessionId: text()
      .notNull()
      .references(() => customerSessions.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (table) => [index('refresh_tokens_session_idx').on(table.sessionId)],
);

/**
 * A customer's address book: at most 20 addresses (the route counts under the customer's row
 * lock), each a validated postal address as the cart takes it. At most one is the default for
 * shipping and one for billing (partial unique indexes).
 */
export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** What the customer calls it ("Home", "Office"). */
    label: text(),
    /** The address as `validateAddress` returns it (firstName … country, phone). */
    address: jsonb().notNull(),
    isDefaultShipping: boolean().notNull().default(false),
    isDefaultBilling: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('customer_addresses', table.id, 'addr'),
    index('customer_addresses_customer_idx').on(table.customerId, table.createdAt),
    uniqueIndex('customer_addresses_default_shipping_key')
      .on(table.customerId)
      .where(sql`is_default_shipping`),
    uniqueIndex('customer_addresses_default_billing_key').on(table.customerId).where(sql`is_default_billing`),
  ],
);

/**
 * Single-use tokens sent by email (ADR 25): an address to verify, a password to reset. Stored by
 * the SHA-256 of the secret. `email` is the address the token went to: a verification proves that
 * address only. A token is spent by setting `used_at`, in the statement that acts on it, so two
 * requests racing with one token succeed once.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    tokenHash: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** `email_verification` or `password_reset`. */
    purpose: text().notNull(),
    email: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    check('account_tokens_purpose', sql`${table.purpose} in ('email_verification', 'password_reset')`),
    index('account_tokens_customer_idx').on(table.customerId, table.purpose),
  ],
);

/**
 * Each customer's open cart (ADR 26): the cart a claim merges guest carts into and
 * `GET /v1/customers/me/cart` answers. The cart itself lives in its CartObject; this only names
 * it. One row per customer, so two claims racing agree on one cart.
 */
export const customerCarts = pgTable('customer_carts', {
  customerId: text()
    .primaryKey()
    .references(() => customers.id, { onDelete: 'cascade' }),
  cartId: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
