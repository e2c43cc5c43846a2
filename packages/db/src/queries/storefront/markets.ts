import { sql } from 'drizzle-orm';
import type { Database } from '../../client';

/** What the storefront needs of a market to resolve the currency of a request. */
export interface StorefrontMarket {
  handle: string;
  defaultCurrency: string;
  currencies: string[];
}

/** Every market, in creation order (the first is the fallback when no market sells in USD). */
export async function loadStorefrontMarkets(db: Database): Promise<StorefrontMarket[]> {
  const result = await db.execute<{ handle: string; default_currency: string; currencies: string[] }>(
    sql`select handle, default_currency, currencies from markets order by created_at, id`,
  );
  return result.rows.map((row) => ({
    handle: row.handle,
    defaultCurrency: row.default_currency,
    currencies: row.currencies,
  }));
}
