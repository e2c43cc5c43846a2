import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';

/** The kinds of promotion a code can give; the CHECK below and the API accept exactly these. */
export const PROMOTION_KINDS = ['percentage', 'fixed_amount', 'free_shipping'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

/**
 * A promotion code, as operators create it through the admin API (ADR 20). The code is stored as
 * typed and unique whatever its case, so `summer25` typed by a shopper finds `SUMMER25`.
 *
 * `usage_count` counts the code's uses: held by a checkout whose payment is open (a row of
 * `promotion_holds`) or taken by an order. Checkout raises it with one guarded UPDATE
 * (`redeemPromotions`) when it holds a use, so a limited code is never promised to more
 * shoppers than it has uses (ADR 29); a released or lapsed hold gives its use back. The CHECK
 * that it never passes `usage_limit` is the last line of defence should a writer forget the guard.
 *
 * Every rule of the API is also a CHECK here, so a bug in a writer is a refused statement
 * rather than a code that discounts 120% or a fixed amount in no currency.
 */
export const promotions = pgTable(
  'promotions',
  {
    id: text().primaryKey(),
    code: text().notNull(),
    kind: text().$type<PromotionKind>().notNull(),
    /** Basis points (1 = 0.01%, 10000 = 100%): integers, so no float ever prices a cart. */
    percentOff: integer(),
    amountOff: bigint({ mode: 'number' }),
    currency: char({ length: 3 }),
    minimumSubtotalAmount: bigint({ mode: 'number' }),
    minimumSubtotalCurrency: char({ length: 3 }),
    /** Inclusive; null = from creation. */
    startsAt: timestamp({ withTimezone: true }),
    /** Exclusive; null = until deactivated. */
    endsAt: timestamp({ withTimezone: true }),
    usageLimit: integer(),
    usageCount: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('promotions', table.id, 'promo'),
    // Codes are typed by shoppers and read aloud by support: letters, digits, '-' and '_' only.
    check('promotions_code_format', sql`${table.code} ~ '^[A-Za-z0-9_-]{3,64}$'`),
    check('promotions_kind_known', sql`${table.kind} in ('percentage', 'fixed_amount', 'free_shipping')`),
    check(
      'promotions_percent_off_iff_percentage',
      sql`(${table.kind} = 'percentage') = (${table.percentOff} is not null)`,
    ),
    check('promotions_percent_off_range', sql`${table.percentOff} between 1 and 10000`),
    check(
      'promotions_amount_off_iff_fixed_amount',
      sql`(${table.kind} = 'fixed_amount') = (${table.amountOff} is not null)`,
    ),
    check(
      'promotions_amount_off_has_currency',
      sql`(${table.amountOff} is null) = (${table.currency} is null)`,
    ),
    check('promotions_amount_off_positive', sql`${table.amountOff} > 0`),
    check('promotions_currency_format', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check(
      'promotions_minimum_subtotal_has_currency',
      sql`(${table.minimumSubtotalAmount} is null) = (${table.minimumSubtotalCurrency} is null)`,
    ),
    check('promotions_minimum_subtotal_positive', sql`${table.minimumSubtotalAmount} > 0`),
    check(
      'promotions_minimum_subtotal_currency_format',
      sql`${table.minimumSubtotalCurrency} ~ '^[A-Z]{3}$'`,
    ),
    // A fixed amount off and its minimum subtotal in two currencies could never both apply.
    check(
      'promotions_minimum_subtotal_in_amount_currency',
      sql`${table.currency} is null or ${table.minimumSubtotalCurrency} is null or ${table.currency} = ${table.minimumSubtotalCurrency}`,
    ),
    check('promotions_window_ordered', sql`${table.startsAt} < ${table.endsAt}`),
    check('promotions_usage_limit_positive', sql`${table.usageLimit} > 0`),
    check('promotions_usage_count_non_negative', sql`${table.usageCount} >= 0`),
    check('promotions_usage_within_limit', sql`${table.usageCount} <= ${table.usageLimit}`),
    // One code whatever its case: the cart looks codes up by upper(code), through this index.
    uniqueIndex('promotions_code_upper_key').on(sql`upper(${table.code})`),
    // The admin list: newest first, a keyset page at a time.
    index('promotions_newest_idx').on(table.createdAt.desc(), table.id.desc()),
  ],
);

export type Promotion = typeof promotions.$inferSelect;

/**
 * A use of a promotion held for a cart while its payment is open (ADR 29), counted in
 * `usage_count`: the shopper pays the discounted total only if the code had a use left when the
 * payment opened. The order takes the use over (`order_id`); a checkout that is cancelled,
 * declined or refunded gives it back, and one left open past `held_until` is given back by the
 * cron. One per promotion and cart: checking out again keeps the same hold.
 */
export const promotionHolds = pgTable(
  'promotion_holds',
  {
    promotionId: text()
      .notNull()
      .references(() => promotions.id),
    cartId: text().notNull(),
    heldUntil: timestamp({ withTimezone: true }).notNull(),
    /** The order that took the use over; null while the payment is open. */
    orderId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.promotionId, table.cartId] }),
    index('promotion_holds_cart_idx').on(table.cartId),
    // The cron's sweep: lapsed holds no order took, oldest first.
    index('promotion_holds_lapsed_idx').on(table.heldUntil).where(sql`order_id is null`),
  ],
);
