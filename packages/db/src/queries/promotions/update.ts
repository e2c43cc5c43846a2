import { sql } from 'drizzle-orm';
import type { Transaction } from '../catalog-writes/executor';
import { type PromotionMoney, type PromotionView, readPromotion } from './view';

/**
 * The promotion, locked until the transaction ends: a PATCH reads, checks and writes under this
 * lock, and a redemption of the same code waits for it, so a usage limit lowered by an operator
 * is checked against the count as it stands, not as it stood before a concurrent order.
 */
export async function lockPromotion(tx: Transaction, id: string): Promise<PromotionView | undefined> {
  const { rows } = await tx.execute(sql`select id from promotions where id = ${id} for update`);
  return rows.length === 0 ? undefined : readPromotion(tx, id);
}

/**
 * What an operator may change on a promotion (ADR 20): when and whether it can be used, how
 * often, and from which subtotal. What it gives (kind, amounts) and its code never change.
 */
export interface PromotionChanges {
  active: boolean;
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  minimumSubtotal: PromotionMoney | null;
}

/** Writes the changeable fields of a locked promotion (all of them, as merged by the caller). */
export async function updatePromotion(tx: Transaction, id: string, changes: PromotionChanges): Promise<void> {
  await tx.execute(sql`
    update promotions set
      active = ${changes.active},
      starts_at = ${changes.startsAt}::timestamptz,
      ends_at = ${changes.endsAt}::timestamptz,
      usage_limit = ${changes.usageLimit},
      minimum_subtotal_amount = ${changes.minimumSubtotal?.amount ?? null},
      minimum_subtotal_currency = ${changes.minimumSubtotal?.currency ?? null},
      updated_at = now()
    where id = ${id}`);
}
