import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';
import { type PromotionView, promotionViewJson } from './view';

/**
 * The promotion a shopper's code names, whatever case it was typed in (one probe of the unique
 * index on `upper(code)`); undefined when no promotion has it.
 *
 * Found whether or not it can be used now: inactive, not started, ended and used-up promotions
 * come back too, so the cart can tell the shopper which it is rather than "unknown code". Whether
 * it applies is for the promotion rules to decide, and for `redeemPromotions` to confirm when the
 * order is placed.
 */
export async function findPromotionByCode(db: Executor, code: string): Promise<PromotionView | undefined> {
  const { rows } = await db.execute<{ view: PromotionView }>(sql`
    select ${promotionViewJson} as view from promotions pm where upper(pm.code) = upper(${code})`);
  return rows[0]?.view;
}
