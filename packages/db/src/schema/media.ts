import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';
import { products } from './products';
import { variants } from './variants';

/** An image or video of a product on the CDN, optionally specific to one variant. */
export const media = pgTable(
  'media',
  {
    id: text().primaryKey(),
    productId: text()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    variantId: text().references(() => variants.id, { onDelete: 'set null' }),
    url: text().notNull(),
    alt: text().notNull().default(''),
    position: integer().notNull().default(0),
  },
  (table) => [
    idPrefixCheck('media', table.id, 'med'),
    check('media_url_https', sql`${table.url} ~ '^https://'`),
    index('media_product_idx').on(table.productId, table.position),
  ],
);
