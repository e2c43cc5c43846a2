import { type SQL, sql } from 'drizzle-orm';
import type { ProductListRequest } from './product-list';

/**
 * Whether a product list request narrows nothing (no search text, no filter, not a
 * collection): its result is every listing priced in its currency, whatever the order, so its
 * facets and total are the maintained counts of that currency (ADR 12).
 */
export function listsEveryListing(request: ProductListRequest): boolean {
  return (
    request.order !== 'collection' &&
    !request.search &&
    request.categoryHandle === undefined &&
    request.collectionHandle === undefined &&
    request.tags.length === 0 &&
    request.options.length === 0 &&
    request.minPrice === undefined &&
    request.maxPrice === undefined &&
    !request.availableOnly
  );
}

/**
 * The `key_counts` of every listing in `currency` (key → listings carrying it; the empty key is
 * the total), read from `storefront_facet_counts` instead of counted. The counts hold the
 * listings as stored; a listing whose price windows moved on is read with its prices as of now
 * (as the list query reads it), so its stored contribution is taken out and its current one put
 * in. Such listings are few: the every-minute cron rewrites them (and their counts).
 */
export function maintainedKeyCounts(currency: string): SQL {
  // `fresh_until < 'infinity'` is implied, and spelled out so the partial index serves it.
  const moved = sql`l.fresh_until < 'infinity' and l.fresh_until <= now()`;
  return sql`key_counts as (
    select key, sum(listings)::int as count from (
      select f.key, f.listings from storefront_facet_counts f where f.currency = ${currency}
      union all
      select c.key, -1 from product_listings l
        cross join lateral storefront_facet_contributions(l.offers, l.facet_keys, l.price_band_keys) c
        where ${moved} and c.currency = ${currency}
      union all
      select c.key, 1 from product_listings l
        cross join lateral storefront_listing_prices_of(array[l.product_id], now()) live
        cross join lateral storefront_facet_contributions(live.offers, l.facet_keys, live.price_band_keys) c
        where ${moved} and c.currency = ${currency}
    ) counted
    group by key having sum(listings) > 0
  )`;
}
