import { sql } from 'drizzle-orm';
import { bigint, char, check, index, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';
import { variants } from './variants';

/**
 * A variant's price in one currency, in integer minor units, optionally with a compare-at price
 * and a validity window (`startsAt` inclusive, `endsAt` exclusive; null = unbounded). Several
 * windows per variant and currency may exist; the one in force now is the latest started.
 */
export const prices = pgTable(
  'prices',
  {
    id: text().primaryKey(),
    variantId: text()
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    currency: char({ length: 3 }).notNull(),
    amount: bigint({ mode: 'number' }).notNull(),
    compareAtAmount: bigint({ mode: 'number' }),
    startsAt: timestamp({ withTimezone: true }).notNull().default(sql`'-infinity'`),
    endsAt: timestamp({ withTimezone: true }).notNull().default(sql`'infinity'`),
    pimVersion: bigint({ mode: 'number' }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('prices', table.id, 'price'),
    unique('prices_variant_currency_window_key').on(table.variantId, table.currency, table.startsAt),
    check('prices_amount_non_negative', sql`${table.amount} >= 0`),
    check(
      'prices_compare_at_above_amount',
      sql`${table.compareAtAmount} is null or ${table.compareAtAmount} > ${table.amount}`,
    ),
    check('prices_window_ordered', sql`${table.startsAt} < ${table.endsAt}`),
    check('prices_currency_format', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    index('prices_currency_variant_idx').on(table.currency, table.variantId),
  ],
);

export type Price = typeof prices.$inferSelect;
