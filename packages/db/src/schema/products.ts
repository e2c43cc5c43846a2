import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';

export const productStatus = pgEnum('product_status', ['draft', 'active', 'archived']);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * A product as the PIM defines it. `pimVersion` is the PIM's version of the record: an update
 * carrying a lower or equal version is stale and changes nothing.
 */
export const products = pgTable(
  'products',
  {
    id: text().primaryKey(),
    handle: text().notNull().unique(),
    title: text().notNull(),
    description: text().notNull().default(''),
    status: productStatus().notNull().default('draft'),
    vendor: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    attributes: jsonb().$type<Record<string, string | number | boolean>>().notNull().default({}),
    /** Weighted title (A), vendor (B), tags (C), description (D); written with the row. */
    searchDocument: tsvector().notNull(),
    pimVersion: bigint({ mode: 'number' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('products', table.id, 'prod'),
    check('products_handle_format', sql`${table.handle} ~ '^[\\w-]{1,200}$'`),
    index('products_search_document_idx').using('gin', table.searchDocument),
    index('products_title_trigram_idx').using('gin', sql`${table.title} gin_trgm_ops`),
    index('products_tags_idx').using('gin', table.tags),
    index('products_active_newest_idx')
      .on(table.createdAt.desc(), table.id.desc())
      .where(sql`status = 'active'`),
    // The admin list: every product (or those of some statuses), newest first, a page at a time.
    index('products_newest_idx').on(table.createdAt.desc(), table.id.desc()),
  ],
);

/** The options a product's variants vary by (size, colour), with their values in display order. */
export const productOptions = pgTable(
  'product_options',
  {
    productId: text()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    position: integer().notNull(),
    values: text().array().notNull(),
  },
  (table) => [primaryKey({ columns: [table.productId, table.name] })],
);

export type Product = typeof products.$inferSelect;
