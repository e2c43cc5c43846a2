import { sql } from 'drizzle-orm';
import type { Database } from '../../client';

/**
 * Rewrites the listings whose prices changed with time rather than with a write (a price window
 * opened or closed since the row was computed). Reads already recompute such rows on the fly;
 * this keeps them from paying for it. Returns how many listings were rewritten.
 */
export async function refreshStaleListings(db: Database): Promise<number> {
  const { rows } = await db.execute<{ refreshed: number }>(
    sql`select storefront_refresh_stale_listings() as refreshed`,
  );
  return Number(rows[0]?.refreshed ?? 0);
}
