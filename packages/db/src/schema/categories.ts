import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';
import { products } from './products';

/**
 * The category tree. `path` is the chain of handles from the root (`apparel/shirts`), kept with
 * the row so that "this category and everything below it" is one index range scan.
 */
export const categories = pgTable(
  'categories',
  {
    id: text().primaryKey(),
    handle: text().notNull().unique(),
    name: text().notNull(),
    parentId: text().references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    path: text().notNull().unique(),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('categories', table.id, 'cat'),
    check('categories_handle_format', sql`${table.handle} ~ '^[\\w-]{1,100}$'`),
    index('categories_path_prefix_idx').on(sql`${table.path} text_pattern_ops`),
    index('categories_parent_idx').on(table.parentId, table.position),
  ],
);

export const productCategories = pgTable(
  'product_categories',
  {
    productId: text()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    categoryId: text()
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.productId, table.categoryId] }),
    index('product_categories_category_idx').on(table.categoryId, table.productId),
  ],
);

export type Category = typeof categories.$inferSelect;
