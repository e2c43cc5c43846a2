import { type SQL, sql } from 'drizzle-orm';
import type { PromotionKind } from '../../schema/promotions';
import { type Executor, isoTimestamp } from '../catalog-writes/executor';

/** An amount in minor units and its ISO 4217 currency, as the API writes money. */
export interface PromotionMoney {
  amount: number;
  currency: string;
}

/**
 * A promotion as the admin API shows it and as the cart reads it: what the code gives, when and
 * how often it may be used, and how often orders have used it.
 */
export interface PromotionView {
  id: string;
  code: string;
  kind: PromotionKind;
  /** Basis points, 1-10000; set exactly for `percentage`. */
  percentOff: number | null;
  /** Set exactly for `fixed_amount`. */
  amountOff: PromotionMoney | null;
  minimumSubtotal: PromotionMoney | null;
  /** Inclusive; null = from creation. */
  startsAt: string | null;
  /** Exclusive; null = until deactivated. */
  endsAt: string | null;
  usageLimit: number | null;
  /** Orders placed with the code. */
  usageCount: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

const moneyOrNull = (amount: SQL, currency: SQL): SQL =>
  sql`case when ${amount} is null then null else jsonb_build_object('amount', ${amount}, 'currency', ${currency}) end`;

/**
 * The view of the promotion row aliased `pm`, as one jsonb value: the single read, the list and
 * the lookup by code select it alike, so all three answer the same shape (and the same ETag).
 */
export const promotionViewJson: SQL = sql`jsonb_build_object(
      'id', pm.id, 'code', pm.code, 'kind', pm.kind, 'percentOff', pm.percent_off,
      'amountOff', ${moneyOrNull(sql`pm.amount_off`, sql`pm.currency`)},
      'minimumSubtotal', ${moneyOrNull(sql`pm.minimum_subtotal_amount`, sql`pm.minimum_subtotal_currency`)},
      'startsAt', ${isoTimestamp(sql`pm.starts_at`)}, 'endsAt', ${isoTimestamp(sql`pm.ends_at`)},
      'usageLimit', pm.usage_limit, 'usageCount', pm.usage_count, 'active', pm.active,
      'createdAt', ${isoTimestamp(sql`pm.created_at`)}, 'updatedAt', ${isoTimestamp(sql`pm.updated_at`)}
    )`;

/** A promotion by id, in one statement; undefined when there is none. */
export async function readPromotion(db: Executor, id: string): Promise<PromotionView | undefined> {
  const { rows } = await db.execute<{ view: PromotionView }>(sql`
    select ${promotionViewJson} as view from promotions pm where pm.id = ${id}`);
  return rows[0]?.view;
}
