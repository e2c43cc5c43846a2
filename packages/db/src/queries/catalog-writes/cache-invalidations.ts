import { sql } from 'drizzle-orm';
import type { Database } from '../../client';

/**
 * The catalog cache invalidations committed and not yet published (migration 0013: one per
 * writing transaction that changed what shoppers see), at most `limit` of them, as the ids of
 * those transactions. Whatever a publisher bumps after reading these covers every one of them.
 */
export async function pendingCacheInvalidations(db: Database, limit: number): Promise<string[]> {
  const { rows } = await db.execute<{ xact: string }>(
    sql`select xact::text as xact from catalog_cache_invalidations limit ${limit}`,
  );
  return rows.map((row) => row.xact);
}

/** Forgets invalidations once a version bump that followed their commit reached the cache. */
export async function forgetCacheInvalidations(db: Database, xacts: readonly string[]): Promise<void> {
  if (xacts.length === 0) return;
  await db.execute(
    sql`delete from catalog_cache_invalidations where xact = any(${`{${xacts.join(',')}}`}::xid8[])`,
  );
}
