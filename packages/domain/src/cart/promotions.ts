import { type CurrencyCode, isValidAmount, type Money, minorUnits } from '../money';
import { BASIS_POINTS_PER_WHOLE } from './rounding';

/** A discount code as the shop's promotions hold it. */
export interface Promotion {
  id: string;
  /** What the shopper types (`SUMMER10`). */
  code: string;
  kind: PromotionKind;
  /** For `percentage`: basis points off each line, 1 to 10000 (10000 = everything). */
  percentOff?: number;
  /** For `fixed_amount`: the amount off the goods, in the currency the cart must be in. */
  amountOff?: Money;
  /** The goods' subtotal (before discounts) a cart needs for the code to apply. */
  minimumSubtotal?: Money | null;
  /** ISO 8601; the code applies from this instant (inclusive). */
  startsAt: string | null;
  /** ISO 8601; the code applies until this instant (exclusive). */
  endsAt: string | null;
  /** How many orders may use the code; null for no limit. */
  usageLimit: number | null;
  usageCount: number;
  active: boolean;
}

export type PromotionKind = 'percentage' | 'fixed_amount' | 'free_shipping';

export type PromotionRefusal =
  | 'promotion_inactive'
  | 'promotion_not_started'
  | 'promotion_expired'
  | 'promotion_exhausted'
  | 'promotion_minimum_not_met'
  | 'promotion_currency_mismatch';

export type PromotionCheck = { ok: true } | { ok: false; reason: PromotionRefusal; detail: string };

export interface PromotionContext {
  now: Date;
  /** The cart's currency. */
  currency: CurrencyCode;
  /** The cart's goods subtotal before discounts, minor units of `currency`. */
  subtotal: number;
}

/**
 * Whether `promotion` may apply to a cart now. Checked in this order, so the shopper hears the
 * most fundamental reason first: switched off, not yet started, ended, used up, priced in
 * another currency (a fixed amount or minimum in euros means nothing to a cart in dollars),
 * minimum not reached. `detail` is a sentence fit for the shopper.
 *
 * A promotion that breaks its own shape (a percentage without `percentOff`, a date that is not
 * one) is a defect in the shop's data, not a shopper's mistake: it throws a RangeError.
 */
export function checkPromotion(promotion: Promotion, context: PromotionContext): PromotionCheck {
  assertWellFormed(promotion);
  const { code } = promotion;
  const now = context.now.getTime();
  if (!promotion.active) return refuse('promotion_inactive', `${code} is not active`);
  if (promotion.startsAt !== null && now < Date.parse(promotion.startsAt)) {
    return refuse('promotion_not_started', `${code} is valid from ${promotion.startsAt}`);
  }
  if (promotion.endsAt !== null && now >= Date.parse(promotion.endsAt)) {
    return refuse('promotion_expired', `${code} was valid until ${promotion.endsAt}`);
  }
  if (promotion.usageLimit !== null && promotion.usageCount >= promotion.usageLimit) {
    return refuse('promotion_exhausted', `${code} has been used as many times as it may be`);
  }
  for (const priced of [
    promotion.kind === 'fixed_amount' ? promotion.amountOff : undefined,
    promotion.minimumSubtotal,
  ]) {
    if (priced && priced.currency !== context.currency) {
      return refuse(
        'promotion_currency_mismatch',
        `${code} applies to ${priced.currency} carts, not ${context.currency}`,
      );
    }
  }
  const minimum = promotion.minimumSubtotal;
  if (minimum && context.subtotal < minimum.amount) {
    return refuse(
      'promotion_minimum_not_met',
      `${code} needs a subtotal of at least ${formatMoney(minimum)}`,
    );
  }
  return { ok: true };
}

function refuse(reason: PromotionRefusal, detail: string): PromotionCheck {
  return { ok: false, reason, detail };
}

/** `5000 USD` as `50.00 USD`, `500 JPY` as `500 JPY`: plain, for messages. */
function formatMoney(money: Money): string {
  const digits = minorUnits(money.currency);
  if (digits === 0) return `${money.amount} ${money.currency}`;
  const text = String(money.amount).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)} ${money.currency}`;
}

/** Throws a RangeError naming what is wrong when a promotion breaks its own shape. */
export function assertWellFormed(promotion: Promotion): void {
  const problem = shapeProblem(promotion);
  if (problem) throw new RangeError(`promotion ${promotion.id} is malformed: ${problem}`);
}

function shapeProblem(promotion: Promotion): string | null {
  const { percentOff, amountOff, minimumSubtotal } = promotion;
  if (
    promotion.kind === 'percentage' &&
    !(
      Number.isSafeInteger(percentOff) &&
      (percentOff ?? 0) >= 1 &&
      (percentOff ?? 0) <= BASIS_POINTS_PER_WHOLE
    )
  ) {
    return 'percentOff must be whole basis points, 1 to 10000';
  }
  if (promotion.kind === 'fixed_amount' && (amountOff === undefined || !isValidAmount(amountOff.amount))) {
    return 'amountOff must be an amount of minor units';
  }
  if (minimumSubtotal && !isValidAmount(minimumSubtotal.amount)) return 'minimumSubtotal must be an amount';
  for (const instant of [promotion.startsAt, promotion.endsAt]) {
    if (instant !== null && Number.isNaN(Date.parse(instant))) return `${instant} is not an ISO 8601 instant`;
  }
  if (
    promotion.usageLimit !== null &&
    !(Number.isSafeInteger(promotion.usageLimit) && promotion.usageLimit >= 0)
  ) {
    return 'usageLimit must be a count or null';
  }
  if (!Number.isSafeInteger(promotion.usageCount) || promotion.usageCount < 0)
    return 'usageCount must be a count';
  return null;
}
