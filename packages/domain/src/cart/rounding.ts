/**
 * Integer arithmetic for cart money. Every amount is a safe integer of minor units, but the
 * products behind a share (an amount times basis points, or times another amount) can pass
 * 2^53, so the work is done in BigInt and only results (each at most an input amount) come back
 * as numbers.
 *
 * One rounding rule for the whole cart: half up (a half rounds away from zero; every value
 * here is non-negative). It is the rule shoppers, tax authorities' per-line examples (HMRC, EU
 * VAT) and payment providers use, so a receipt recomputed by hand agrees with ours. Half-even
 * would remove a statistical bias over many roundings, but our totals never round sums of
 * rounded values: per-line amounts are allocated so they add up exactly instead.
 */

export const BASIS_POINTS_PER_WHOLE = 10_000;

/** `numerator / denominator` rounded half up; both non-negative, the denominator positive. */
export function divideRoundingHalfUp(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return remainder * 2n >= denominator ? quotient + 1n : quotient;
}

/** The share of `amount` that `basisPoints` names, rounded half up (1,000 bp of 1,005 is 101). */
export function basisPointsOf(amount: number, basisPoints: number): number {
  return Number(divideRoundingHalfUp(BigInt(amount) * BigInt(basisPoints), BigInt(BASIS_POINTS_PER_WHOLE)));
}
