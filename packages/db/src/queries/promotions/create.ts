import { sql } from 'drizzle-orm';
import type { PromotionKind } from '../../schema/promotions';
import type { Executor } from '../catalog-writes/executor';
import type { PromotionMoney } from './view';

/** A promotion to create, as the admin API checked it. */
export interface NewPromotion {
  id: string;
  code: string;
  kind: PromotionKind;
  percentOff: number | null;
  amountOff: PromotionMoney | null;
  minimumSubtotal: PromotionMoney | null;
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  active: boolean;
}

/**
 * Inserts a promotion; false when another promotion has the code in any case. The unique index
 * decides, so two operators creating `SUMMER` and `summer` at once cannot both succeed.
 */
export async function insertPromotion(db: Executor, promotion: NewPromotion): Promise<boolean> {
  const { rows } = await db.execute(sql`
    insert into promotions (id, code, kind, percent_off, amount_off, currency, minimum_subtotal_amount,
      minimum_subtotal_currency, starts_at, ends_at, usage_limit, active)
    values (${promotion.id}, ${promotion.code}, ${promotion.kind}, ${promotion.percentOff},
      ${promotion.amountOff?.amount ?? null}, ${promotion.amountOff?.currency ?? null},
      ${promotion.minimumSubtotal?.amount ?? null}, ${promotion.minimumSubtotal?.currency ?? null},
      ${promotion.startsAt}::timestamptz, ${promotion.endsAt}::timestamptz, ${promotion.usageLimit},
      ${promotion.active})
    on conflict do nothing
    returning id`);
  return rows.length === 1;
}
