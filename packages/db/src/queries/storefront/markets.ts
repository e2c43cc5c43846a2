import { sql } from 'drizzle-orm';
import type { Database } from '../../client';

/** What the storefront needs of a market: the currency of a request, and a cart's tax mode. */
export interface StorefrontMarket {
  handle: string;
  defaultCurrency: string;
  currencies: string[];
  countries: string[];
  pricesIncludeTax: boolean;
}

/** Every market, in creation order (the first is the fallback when no market sells in USD). */
export async function loadStorefrontMarkets(db: Database): Promise<StorefrontMarket[]> {
  const result = await db.execute<{
    handle: string;
    default_currency: string;
    currencies: string[];
    countries: string[];
    prices_include_tax: boolean;
  }>(
    sql`select handle, default_currency, currencies, countries, prices_include_tax
        from markets order by created_at, id`,
  );
  return result.rows.map((row) => ({
    handle: row.handle,
    defaultCurrency: row.default_currency,
    currencies: row.currencies,
    countries: row.countries,
    pricesIncludeTax: row.prices_include_tax,
  }));
}
