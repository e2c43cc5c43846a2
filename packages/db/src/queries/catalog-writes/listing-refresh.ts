import { sql } from 'drizzle-orm';
import type { Transaction } from './executor';

/**
 * Brings the listings of the products this transaction changed so far up to date, now rather
 * than at commit (ADR 9), and returns how many were refreshed. Writes only queue their products;
 * the refresh runs once, as the transaction commits. A write path that reads `product_listings`
 * after writing, in the same transaction, calls this first or reads the listings as they were.
 * One statement; the refresh at commit still covers whatever is written after it.
 */
export async function flushListingRefreshes(tx: Transaction): Promise<number> {
  const { rows } = await tx.execute<{ refreshed: number }>(
    sql`select storefront_flush_listing_refreshes() as refreshed`,
  );
  return Number(rows[0]?.refreshed ?? 0);
}
