import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import type { Executor, Transaction } from '../catalog-writes/executor';
import { textArray } from '../catalog-writes/executor';
import { type RefusedRedemption, redeemPromotions } from './redeem';

/**
 * Holds one use of each promotion for the cart's checkout until `until` (ADR 29), and gives back
 * the cart's holds of codes it no longer carries. A code the cart holds already keeps its use
 * (its deadline moves); a new hold takes a use with the guarded UPDATE of `redeemPromotions`, so
 * however many checkouts race for a code with k uses left, at most k get it. Returns the codes
 * refused; then nothing was held or given back.
 *
 * BEGIN; the holds written and the stale ones given back; the uses counted (when any hold is
 * new); COMMIT.
 */
export async function holdPromotions(
  db: Database,
  cartId: string,
  promotionIds: readonly string[],
  until: Date,
): Promise<RefusedRedemption[]> {
  try {
    await db.transaction(async (tx) => {
      const { rows } = await tx.execute<{ promotion_id: string }>(sql`
        with wanted as (select distinct id from unnest(${textArray(promotionIds)}) as id),
        stale as (
          delete from promotion_holds h
          where h.cart_id = ${cartId} and h.order_id is null and h.promotion_id not in (select id from wanted)
          returning h.promotion_id),
        given_back as (
          update promotions pm set usage_count = greatest(pm.usage_count - 1, 0), updated_at = now()
          where pm.id in (select promotion_id from stale)),
        held as (
          insert into promotion_holds (promotion_id, cart_id, held_until)
          select id, ${cartId}, ${until} from wanted
          on conflict (promotion_id, cart_id) do update set held_until = excluded.held_until
          where promotion_holds.order_id is null
          -- xmax is 0 on a row this statement inserted, not on one it updated.
          returning promotion_id, (xmax = 0) as fresh)
        select promotion_id from held where fresh`);
      const fresh = rows.map((row) => row.promotion_id);
      const refused = await redeemPromotions(tx, fresh);
      if (refused.length > 0) throw new RefusedHolds(refused);
    });
    return [];
  } catch (error) {
    if (error instanceof RefusedHolds) return error.refused;
    throw error;
  }
}

class RefusedHolds extends Error {
  constructor(readonly refused: RefusedRedemption[]) {
    super('promotion uses refused');
  }
}

/**
 * Gives back every use the cart holds and no order took (its checkout was cancelled, declined or
 * refunded), in one statement. Giving back twice gives back nothing more.
 */
export async function releasePromotionHolds(db: Executor, cartId: string): Promise<number> {
  const { rows } = await db.execute<{ promotion_id: string }>(sql`
    with released as (
      delete from promotion_holds where cart_id = ${cartId} and order_id is null returning promotion_id),
    given_back as (
      update promotions pm set usage_count = greatest(pm.usage_count - 1, 0), updated_at = now()
      where pm.id in (select promotion_id from released))
    select promotion_id from released`);
  return rows.length;
}

/**
 * The order takes over its cart's holds (inside the order's transaction): a use held is now the
 * order's. A code whose hold lapsed and was given back is counted again with the guarded UPDATE,
 * which may find it used up meanwhile: those are returned, refused.
 */
export async function takeOverPromotionHolds(
  tx: Transaction,
  cartId: string,
  orderId: string,
  promotionIds: readonly string[],
): Promise<RefusedRedemption[]> {
  if (promotionIds.length === 0) return [];
  const { rows } = await tx.execute<{ promotion_id: string }>(sql`
    update promotion_holds set order_id = ${orderId}
    where cart_id = ${cartId} and promotion_id in (select unnest(${textArray(promotionIds)}))
      and (order_id is null or order_id = ${orderId})
    returning promotion_id`);
  const taken = new Set(rows.map((row) => row.promotion_id));
  const lapsed = promotionIds.filter((id) => !taken.has(id));
  if (lapsed.length === 0) return [];
  const refused = await redeemPromotions(tx, lapsed);
  if (refused.length > 0) return refused;
  await tx.execute(sql`
    insert into promotion_holds (promotion_id, cart_id, held_until, order_id)
    select unnest(${textArray(lapsed)}), ${cartId}, now(), ${orderId}
    on conflict (promotion_id, cart_id) do update set order_id = excluded.order_id`);
  return [];
}

/**
 * Gives back the uses of holds that lapsed (a checkout left open past its deadline, no order),
 * oldest first, at most `limit` in one statement; returns how many. Rows a completion holds are
 * skipped, to be looked at by the next sweep.
 */
export async function releaseLapsedPromotionHolds(db: Database, limit: number): Promise<number> {
  const { rows } = await db.execute<{ promotion_id: string }>(sql`
    with lapsed as (
      select promotion_id, cart_id from promotion_holds
      where order_id is null and held_until < now()
      order by held_until limit ${limit}
      for update skip locked),
    released as (
      delete from promotion_holds h using lapsed l
      where h.promotion_id = l.promotion_id and h.cart_id = l.cart_id and h.order_id is null
      returning h.promotion_id),
    counted as (select promotion_id, count(*)::int as uses from released group by promotion_id),
    given_back as (
      update promotions pm set usage_count = greatest(pm.usage_count - c.uses, 0), updated_at = now()
      from counted c where pm.id = c.promotion_id)
    select promotion_id from released`);
  return rows.length;
}
