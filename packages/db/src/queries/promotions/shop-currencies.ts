import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';

/**
 * The currencies some market sells in, sorted: a promotion's amounts must be in one of them, or
 * no cart could ever meet them.
 */
export async function shopCurrencies(db: Executor): Promise<string[]> {
  const { rows } = await db.execute<{ currency: string }>(sql`
    select distinct unnest(currencies) as currency from markets order by currency`);
  return rows.map((row) => row.currency);
}
