import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';

/**
 * Revokes the key now; revoking twice changes nothing. Answers the key's secret hash (for the
 * caller to forget it from its caches at once), or undefined when there is no such key.
 */
export async function revokeApiKey(db: Executor, id: string): Promise<{ secretHash: string } | undefined> {
  const { rows } = await db.execute<{ secret_hash: string }>(sql`
    update api_keys set revoked_at = coalesce(revoked_at, now()) where id = ${id} returning secret_hash`);
  const row = rows[0];
  return row ? { secretHash: row.secret_hash } : undefined;
}
