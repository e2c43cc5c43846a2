import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';
import { textArray } from '../catalog-writes/executor';

export interface NewApiKey {
  id: string;
  name: string;
  holder: string;
  mode: 'live' | 'test';
  scopes: readonly string[];
  secretHash: string;
  hint: string;
  createdBy: string;
}

/** Stores a new key (its hash, never the secret). */
export async function insertApiKey(db: Executor, key: NewApiKey): Promise<void> {
  await db.execute(sql`
    insert into api_keys (id, name, holder, mode, scopes, secret_hash, hint, created_by)
    values (${key.id}, ${key.name}, ${key.holder}, ${key.mode}, ${textArray(key.scopes)},
            ${key.secretHash}, ${key.hint}, ${key.createdBy})`);
}
