import { sql } from 'drizzle-orm';
import type { Database } from '../../client';

/**
 * Rewrites up to `batchSize` listings whose prices changed with time rather than with a write
 * (a price window opened or closed since the row was computed), the longest stale first, in a
 * transaction of their own; returns how many. Reads already recompute such rows on the fly;
 * this keeps them from paying for it. Listings a writer is refreshing at that moment are
 * skipped rather than waited for, and concurrent callers never take the same listings: call it
 * again until it returns less than `batchSize` (ADR 16).
 */
export async function refreshStaleListingBatch(db: Database, batchSize: number): Promise<number> {
  const { rows } = await db.execute<{ refreshed: number }>(
    sql`select storefront_refresh_stale_listing_batch(${batchSize}::int) as refreshed`,
  );
  return Number(rows[0]?.refreshed ?? 0);
}
