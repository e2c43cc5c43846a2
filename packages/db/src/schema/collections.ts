import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';
import { products } from './products';

/** A merchandised, ordered selection of products ("Summer sale", "New in"). */
export const collections = pgTable(
  'collections',
  {
    id: text().primaryKey(),
    handle: text().notNull().unique(),
    title: text().notNull(),
    description: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('collections', table.id, 'col'),
    check('collections_handle_format', sql`${table.handle} ~ '^[\\w-]{1,100}$'`),
  ],
);

export const collectionProducts = pgTable(
  'collection_products',
  {
    collectionId: text()
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    productId: text()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer().notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.collectionId, table.productId] }),
    index('collection_products_product_idx').on(table.productId),
    // A collection page in merchandised order is a walk of this index that stops at the page.
    index('collection_products_position_idx').on(table.collectionId, table.position, table.productId),
  ],
);

export type Collection = typeof collections.$inferSelect;
