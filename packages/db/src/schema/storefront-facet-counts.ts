import { bigint, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';

/**
 * How many listings carry each facet key, per currency: what the unfiltered product list's
 * facets and total are read from, instead of counting every listing (ADR 12). A listing priced
 * in a currency counts once under the empty key (the total), once under each of its facet keys
 * (`c:…`, `o:…`) and once under each of its price-band keys of that currency (`USD:2000`).
 *
 * Kept in step with `product_listings` by the migration `facet_counts`: triggers on the
 * listings note each statement's change, and each transaction adds its changes here once, as it
 * commits, to one of eight stripes (by transaction id), so concurrent commits seldom wait on the
 * same rows. A count is the sum over its stripes.
 */
export const storefrontFacetCounts = pgTable(
  'storefront_facet_counts',
  {
    currency: text().notNull(),
    /** Empty for the listings themselves; otherwise a facet or price-band key. */
    key: text().notNull(),
    stripe: smallint().notNull(),
    /** This stripe's share of the count; a stripe alone may be negative. */
    listings: bigint({ mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.currency, table.key, table.stripe] })],
);
