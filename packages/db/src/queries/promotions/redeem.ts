import { sql } from 'drizzle-orm';
import type { Transaction } from '../catalog-writes/executor';
import { textArray } from '../catalog-writes/executor';

/** Why a promotion could not be redeemed by an order. */
export type RedemptionRefusal = 'unknown' | 'inactive' | 'not_started' | 'ended' | 'exhausted';

export type RefusedRedemption = {
  promotionId: string;
  reason: RedemptionRefusal;
};

/**
 * Counts one use of each promotion an order is placed with. Call it inside the order's
 * transaction (ADR 20): if the order rolls back, so does the count.
 *
 * One UPDATE raises `usage_count` only where the promotion is active, within its window (at the
 * transaction's `now()`) and under its `usage_limit`. Postgres locks each row it updates and, at
 * READ COMMITTED (the default), re-checks that condition against the row as a concurrent order
 * left it, so with a limit of k at most k orders ever count a use, however many race; the
 * others wait for the lock and then find the code used up. (At REPEATABLE READ or SERIALIZABLE a
 * loser gets a serialization failure instead: retry the transaction.)
 *
 * Returns the promotions that were not redeemed and why; empty when every one was. The order must
 * not be placed with a refused promotion: roll back, or place it without that discount. Each id
 * counts once however often it is given.
 */
export async function redeemPromotions(
  tx: Transaction,
  promotionIds: readonly string[],
): Promise<RefusedRedemption[]> {
  if (promotionIds.length === 0) return [];
  const { rows } = await tx.execute<RefusedRedemption>(sql`
    with wanted as (select distinct id from unnest(${textArray(promotionIds)}) as id),
    redeemed as (
      update promotions pm set usage_count = pm.usage_count + 1, updated_at = now()
      where pm.id in (select id from wanted)
        and pm.active
        and (pm.starts_at is null or pm.starts_at <= now())
        and (pm.ends_at is null or now() < pm.ends_at)
        and (pm.usage_limit is null or pm.usage_count < pm.usage_limit)
      returning pm.id)
    -- The reasons come from the statement's snapshot, taken before any concurrent order
    -- committed, so a row the UPDATE found used up may still look open here: anything not
    -- explained otherwise was refused by the limit.
    select w.id as "promotionId",
           case when pm.id is null then 'unknown'
                when not pm.active then 'inactive'
                when pm.starts_at > now() then 'not_started'
                when pm.ends_at <= now() then 'ended'
                else 'exhausted' end as reason
    from wanted w left join promotions pm on pm.id = w.id
    where w.id not in (select id from redeemed)
    order by w.id`);
  return rows;
}
