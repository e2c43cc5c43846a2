import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';
import { products } from './products';

/** A sellable variant of a product, identified across systems by its SKU. */
export const variants = pgTable(
  'variants',
  {
    id: text().primaryKey(),
    productId: text()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text().notNull().unique(),
    title: text().notNull(),
    /** Option name → value, e.g. `{ "size": "M", "colour": "Blue" }`. */
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    weightGrams: integer(),
    position: integer().notNull().default(0),
    /** Whether the variant can be sold at all; stock levels arrive with the WMS integration. */
    availableForSale: boolean().notNull().default(true),
    pimVersion: bigint({ mode: 'number' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('variants', table.id, 'var'),
    check('variants_weight_non_negative', sql`${table.weightGrams} is null or ${table.weightGrams} >= 0`),
    index('variants_product_idx').on(table.productId, table.position),
    index('variants_options_idx').using('gin', table.options),
  ],
);

export type Variant = typeof variants.$inferSelect;
