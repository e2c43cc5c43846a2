import { type SQL, sql } from 'drizzle-orm';
import { after, type Listed, type ListPage, microsecondInstant } from '../admin-lists';
import type { Executor } from '../catalog-writes/executor';
import { type PromotionView, promotionViewJson } from './view';

export interface PromotionListPage extends ListPage {
  /** Only active (true) or inactive (false) promotions; undefined: both. */
  active: boolean | undefined;
  /** Only the promotion with this code, in any case; undefined: every code. */
  code: string | undefined;
}

/**
 * Promotions, newest first (creation instant, then id), a keyset page per statement, as the
 * other admin lists page: creation instants never change, so a walk neither repeats nor skips.
 */
export async function listPromotions(
  db: Executor,
  page: PromotionListPage,
): Promise<Listed<PromotionView>[]> {
  const { rows } = await db.execute<{ view: PromotionView; createdAt: string }>(sql`
    select ${promotionViewJson} as view, ${microsecondInstant(sql`pm.created_at`)} as "createdAt"
    from promotions pm
    where ${activeIs(page.active)} and ${codeIs(page.code)} and ${after(sql`pm`, page.after)}
    -- The spelling of promotions_newest_idx (drizzle's DESC is NULLS LAST), so the page walks it.
    order by pm.created_at desc nulls last, pm.id desc nulls last
    limit ${page.rows}`);
  return rows.map(({ view, createdAt }) => ({ view, position: { createdAt, id: view.id } }));
}

// Filters are left out of the statement when absent, so its plan never has to allow for them.
const activeIs = (active: boolean | undefined): SQL =>
  active === undefined ? sql`true` : sql`pm.active = ${active}`;

const codeIs = (code: string | undefined): SQL =>
  code === undefined ? sql`true` : sql`upper(pm.code) = upper(${code})`;
