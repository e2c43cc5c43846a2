import { sql } from 'drizzle-orm';
import { customType, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { products } from './products';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** One currency's offer of a listed product: prices in force now, in minor units. */
export interface ListingOffer {
  min: number;
  max: number;
  compareAtMin: number | null;
  compareAtMax: number | null;
  /** Whether some variant priced in this currency can be sold. */
  available: boolean;
  /** Distinct prices of the variants, so a price filter means "some variant costs this much". */
  amounts: number[];
}

/** A variant as listings hold it: options, for sale or not, price in force per currency. */
export interface ListingVariant {
  o: Record<string, string>;
  a: boolean;
  p: Record<string, number>;
}

/**
 * The storefront's read model: one row per active product, holding what listing, filtering and
 * faceting need, so that a search over thousands of products reads one narrow row each instead
 * of joining variants and prices per variant. Maintained by triggers on products, variants,
 * prices, product_categories and categories (migrations `storefront_listing_maintenance` and
 * `listing_refresh_at_commit`): writers change nothing, their statements queue the products
 * they touch and each transaction rebuilds those rows once, as it commits, so a row is never
 * older than the last committed write. A transaction reading listings it has just changed calls
 * `catalogWrites.flushListingRefreshes` first (ADR 9).
 *
 * Prices have validity windows, so `offers` and `priceBandKeys` hold as of `refreshedAt` and
 * stay right until `freshUntil` (the next start or end of a window of the product). Readers
 * recompute rows past it (`storefront_listing_prices_of`); `storefront_refresh_stale_listing_batch()`
 * brings them up to date, a batch at a time (ADR 16).
 */
export const productListings = pgTable(
  'product_listings',
  {
    productId: text()
      .primaryKey()
      .references(() => products.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    searchDocument: tsvector().notNull(),
    tags: text().array().notNull(),
    /**
     * `c:<category id>` for each category of the product and all their ancestors, and
     * `o:<option name>\x1f<value>` for each option value of its variants: what category and
     * option filters match and what their facets count.
     */
    facetKeys: text().array().notNull(),
    /** Currency code → offer, for each currency the product has a price in force in. */
    offers: jsonb().$type<Record<string, ListingOffer>>().notNull(),
    /** `<currency>:<band floor>` for each price band some variant's price falls in. */
    priceBandKeys: text().array().notNull(),
    /**
     * Each variant as `{ o: options, a: available, p: { currency: amount in force } }`, so that
     * "size M in navy, for sale, under 50" is checked on one variant without a join.
     */
    variants: jsonb().$type<ListingVariant[]>().notNull().default([]),
    freshUntil: timestamp({ withTimezone: true }).notNull(),
    refreshedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('product_listings_search_document_idx').using('gin', table.searchDocument),
    index('product_listings_facet_keys_idx').using('gin', table.facetKeys),
    index('product_listings_tags_idx').using('gin', table.tags),
    index('product_listings_newest_idx').on(table.createdAt.desc(), table.productId.desc()),
    index('product_listings_fresh_until_idx').on(table.freshUntil).where(sql`fresh_until < 'infinity'`),
  ],
);

export type ProductListing = typeof productListings.$inferSelect;
