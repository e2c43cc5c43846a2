import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';

/** What a request is admitted by: a live key's identity and scopes. */
export interface LiveApiKey {
  id: string;
  holder: string;
  mode: 'live' | 'test';
  scopes: string[];
  /** Epoch ms at which a rotated key stops working; null = never. */
  expiresAt: number | null;
  lastUsedAt: number | null;
}

/** The live key (not revoked, not expired) whose secret hashes to `secretHash`. One indexed read. */
export async function findLiveApiKey(db: Executor, secretHash: string): Promise<LiveApiKey | undefined> {
  const { rows } = await db.execute<{
    id: string;
    holder: string;
    mode: 'live' | 'test';
    scopes: string[];
    expires_at: string | null;
    last_used_at: string | null;
  }>(sql`
    select id, holder, mode, scopes,
           (extract(epoch from expires_at) * 1000)::float8::text as expires_at,
           (extract(epoch from last_used_at) * 1000)::float8::text as last_used_at
    from api_keys
    where secret_hash = ${secretHash} and revoked_at is null and (expires_at is null or expires_at > now())`);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    holder: row.holder,
    mode: row.mode,
    scopes: row.scopes,
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}

/**
 * Records that the key was used now, unless a write in the last `minimumGapSeconds` did: callers
 * already write at most once per gap per isolate, and this keeps many isolates from each writing.
 */
export async function stampApiKeyUse(db: Executor, id: string, minimumGapSeconds: number): Promise<void> {
  await db.execute(sql`
    update api_keys set last_used_at = now()
    where id = ${id}
      and (last_used_at is null or last_used_at < now() - make_interval(secs => ${minimumGapSeconds}))`);
}
