import { sql } from 'drizzle-orm';
import { boolean, char, check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A market is where the shop sells: which countries it covers, which currencies
 * prices are shown in there, and whether those prices include tax.
 */
export const markets = pgTable(
  'markets',
  {
    id: text('id').primaryKey(),
    handle: text('handle').notNull().unique(),
    name: text('name').notNull(),
    defaultCurrency: char('default_currency', { length: 3 }).notNull(),
    currencies: text('currencies').array().notNull(),
    countries: text('countries').array().notNull(),
    pricesIncludeTax: boolean('prices_include_tax').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('markets_id_prefix', sql`${table.id} like 'mkt\\_%'`),
    check('markets_default_currency_listed', sql`${table.defaultCurrency} = any(${table.currencies})`),
  ],
);

export type Market = typeof markets.$inferSelect;
export type NewMarket = typeof markets.$inferInsert;
