import { type SQL, sql } from 'drizzle-orm';
import { type Executor, isoTimestamp } from '../catalog-writes/executor';

/** An API key as the admin API shows it: never the secret, never its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  holder: string;
  mode: 'live' | 'test';
  scopes: string[];
  /** The key's first characters (`sk_live_AbCd`), to tell keys apart. */
  hint: string;
  /** `revoked`, `expired` (its rotation's grace ended), else `active`. */
  status: 'active' | 'expired' | 'revoked';
  createdBy: string;
  createdAt: string;
  /** When it stops working: set by a rotation's grace period; null = never. */
  expiresAt: string | null;
  revokedAt: string | null;
  /** The key that replaced it, once rotated. */
  rotatedToId: string | null;
  /** To within a few minutes (it is not written on every call). */
  lastUsedAt: string | null;
}

/** The view of the api_keys row aliased `k`, as one jsonb value, alike for a read and a list. */
export const apiKeyViewJson: SQL = sql`jsonb_build_object(
      'id', k.id, 'name', k.name, 'holder', k.holder, 'mode', k.mode, 'scopes', to_jsonb(k.scopes),
      'hint', k.hint,
      'status', case when k.revoked_at is not null then 'revoked'
                     when k.expires_at is not null and k.expires_at <= now() then 'expired'
                     else 'active' end,
      'createdBy', k.created_by, 'createdAt', ${isoTimestamp(sql`k.created_at`)},
      'expiresAt', ${isoTimestamp(sql`k.expires_at`)}, 'revokedAt', ${isoTimestamp(sql`k.revoked_at`)},
      'rotatedToId', k.rotated_to_id, 'lastUsedAt', ${isoTimestamp(sql`k.last_used_at`)}
    )`;

/** A key by id, in one statement; undefined when there is none. */
export async function readApiKey(db: Executor, id: string): Promise<ApiKeyView | undefined> {
  const { rows } = await db.execute<{ view: ApiKeyView }>(sql`
    select ${apiKeyViewJson} as view from api_keys k where k.id = ${id}`);
  return rows[0]?.view;
}
