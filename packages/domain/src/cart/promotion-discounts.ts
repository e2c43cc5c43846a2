import { isValidAmount } from '../money';
import { allocateByLargestRemainder } from './allocation';
import { assertWellFormed, type Promotion, type PromotionKind } from './promotions';
import { basisPointsOf } from './rounding';

export interface DiscountableLine {
  id: string;
  /** Unit price × quantity, minor units. */
  amount: number;
}

/** One promotion's part of one line's discount. */
export interface DiscountAllocation {
  promotionId: string;
  code: string;
  amount: number;
}

export interface LineDiscount {
  id: string;
  /** The sum of `allocations`. */
  discount: number;
  /** Each promotion that took something off this line, in the order they were applied. */
  allocations: DiscountAllocation[];
}

export interface AppliedPromotions {
  /** Per line, in the order given. */
  lines: LineDiscount[];
  shippingDiscount: number;
  /** Every line's discount plus the shipping discount. */
  total: number;
}

/**
 * What a cart's promotions take off its lines and its shipping. The promotions are expected to
 * have passed `checkPromotion` for this cart (its currency and subtotal) already.
 *
 * How codes combine:
 * - At most one promotion of each kind counts: the best for the shopper (the highest
 *   percentage, the largest amount off; ties go to the earlier one). The others take nothing
 *   off and are not in the allocations; a cart should refuse a second code of a kind it holds.
 * - A percentage comes first: the percentage of the subtotal, rounded half up once, split over
 *   the lines in proportion to their amounts (largest remainder), so the lines add up to
 *   exactly the rounded percentage of the subtotal.
 * - A fixed amount comes next, off what the percentage left, split the same way; it keeps its
 *   face value ("10 off" takes 10 off), and is capped at what is left, so the discounts never
 *   exceed the subtotal and no line goes below zero.
 * - Free shipping takes the whole shipping amount off. Percentages and fixed amounts never
 *   touch shipping.
 */
export function applyPromotions(
  promotions: readonly Promotion[],
  lines: readonly DiscountableLine[],
  shippingAmount: number,
): AppliedPromotions {
  checkLines(lines, shippingAmount);
  for (const promotion of promotions) assertWellFormed(promotion);

  const allocations: DiscountAllocation[][] = lines.map(() => []);
  const remaining = lines.map((line) => line.amount);
  const takeOff = (promotion: Promotion, total: number) => {
    const parts = allocateByLargestRemainder(total, remaining);
    parts.forEach((amount, index) => {
      if (amount === 0) return;
      remaining[index] = (remaining[index] ?? 0) - amount;
      allocations[index]?.push({ promotionId: promotion.id, code: promotion.code, amount });
    });
  };

  const percentage = best(promotions, 'percentage', (promotion) => promotion.percentOff ?? 0);
  if (percentage) takeOff(percentage, basisPointsOf(sum(remaining), percentage.percentOff ?? 0));

  const fixed = best(promotions, 'fixed_amount', (promotion) => promotion.amountOff?.amount ?? 0);
  if (fixed) takeOff(fixed, Math.min(fixed.amountOff?.amount ?? 0, sum(remaining)));

  const freeShipping = best(promotions, 'free_shipping', () => 0);
  const shippingDiscount = freeShipping ? shippingAmount : 0;

  const discounted = lines.map((line, index) => {
    const lineAllocations = allocations[index] ?? [];
    return {
      id: line.id,
      discount: sum(lineAllocations.map((part) => part.amount)),
      allocations: lineAllocations,
    };
  });
  return {
    lines: discounted,
    shippingDiscount,
    total: sum(discounted.map((line) => line.discount)) + shippingDiscount,
  };
}

// The first promotion of `kind` with the greatest value: a later one must beat it to win.
function best(
  promotions: readonly Promotion[],
  kind: PromotionKind,
  value: (promotion: Promotion) => number,
): Promotion | undefined {
  let winner: Promotion | undefined;
  for (const promotion of promotions) {
    if (promotion.kind !== kind) continue;
    if (winner === undefined || value(promotion) > value(winner)) winner = promotion;
  }
  return winner;
}

function sum(amounts: readonly number[]): number {
  return amounts.reduce((total, amount) => total + amount, 0);
}

function checkLines(lines: readonly DiscountableLine[], shippingAmount: number): void {
  const ids = new Set<string>();
  for (const line of lines) {
    if (ids.has(line.id)) throw new RangeError(`line ${line.id} is listed twice`);
    ids.add(line.id);
    if (!isValidAmount(line.amount)) throw new RangeError(`line ${line.id}: ${line.amount} is not an amount`);
  }
  if (!Number.isSafeInteger(sum(lines.map((line) => line.amount))))
    throw new RangeError('the subtotal is too large');
  if (!isValidAmount(shippingAmount)) throw new RangeError(`shipping: ${shippingAmount} is not an amount`);
}
