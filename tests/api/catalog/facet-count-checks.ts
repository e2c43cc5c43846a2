import { type Database, storefront } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';

// Checks of the maintained facet counts (ADR 12) against counting from scratch, each inside one
// REPEATABLE READ transaction: one snapshot for both sides, whatever other suites write
// meanwhile (a transaction's listings and counts commit together).

export const MARKET_CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
const ORDERS = ['newest', 'price_asc', 'price_desc'] as const;

/**
 * Every (currency, key) whose maintained count differs from a count over `product_listings` as
 * stored, as `currency key: maintained != counted`. Empty when the counts kept up.
 */
export function facetCountDrift(db: Database): Promise<string[]> {
  return db.transaction(
    async (tx) => {
      const { rows } = await tx.execute<{ drift: string }>(sql`
        with maintained as (
          select currency, key, sum(listings) as listings from storefront_facet_counts
          group by currency, key having sum(listings) <> 0
        ), counted as (
          select c.currency, c.key, count(*) as listings from product_listings l
          cross join lateral storefront_facet_contributions(l.offers, l.facet_keys, l.price_band_keys) c
          group by c.currency, c.key
        )
        select format('%s %s: %s != %s', coalesce(m.currency, c.currency), coalesce(m.key, c.key),
          coalesce(m.listings, 0), coalesce(c.listings, 0)) as drift
        from maintained m full join counted c on c.currency = m.currency and c.key = m.key
        where m.listings is distinct from c.listings
        order by 1`);
      return rows.map((row) => row.drift);
    },
    { isolationLevel: 'repeatable read' },
  );
}

/**
 * The unfiltered first pages (every market currency, every order with facets) whose response
 * from the maintained counts is not byte for byte the one counted over the listings.
 */
export function unfilteredPagesThatDiffer(db: Database): Promise<string[]> {
  return db.transaction(
    async (tx) => {
      const differing: string[] = [];
      for (const currency of MARKET_CURRENCIES) {
        for (const order of ORDERS) {
          const request = {
            currency,
            tags: [],
            options: [],
            availableOnly: false,
            order,
            limit: 20,
            withSummary: true,
          };
          const render = async (recountFacets: boolean) => {
            const { rows } = await tx.execute<{ page: string }>(
              sql`select (${storefront.productListSql(request, { recountFacets })})::text as page`,
            );
            return rows[0]?.page;
          };
          if ((await render(false)) !== (await render(true))) differing.push(`${currency} ${order}`);
        }
      }
      return differing;
    },
    { isolationLevel: 'repeatable read' },
  );
}
