import { sql } from 'drizzle-orm';
import { after, type Listed, type ListPage, microsecondInstant } from '../admin-lists';
import type { Executor } from '../catalog-writes/executor';
import { type ApiKeyView, apiKeyViewJson } from './view';

/** Keys, newest first, a keyset page per statement, as the other admin lists page. */
export async function listApiKeys(db: Executor, page: ListPage): Promise<Listed<ApiKeyView>[]> {
  const { rows } = await db.execute<{ view: ApiKeyView; createdAt: string }>(sql`
    select ${apiKeyViewJson} as view, ${microsecondInstant(sql`k.created_at`)} as "createdAt"
    from api_keys k
    where ${after(sql`k`, page.after)}
    -- The spelling of api_keys_newest_idx (drizzle's DESC is NULLS LAST), so the page walks it.
    order by k.created_at desc nulls last, k.id desc nulls last
    limit ${page.rows}`);
  return rows.map(({ view, createdAt }) => ({ view, position: { createdAt, id: view.id } }));
}
