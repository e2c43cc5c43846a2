/**
 * The most of one variant a cart line may hold. A cart is a shopper's, not a wholesale order:
 * a limit keeps one cart from reserving a whole warehouse, and totals far inside exact integers.
 */
export const MAX_LINE_QUANTITY = 9_999;

/** The most lines one cart may hold. */
export const MAX_CART_LINES = 100;

export function isLineQuantity(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= MAX_LINE_QUANTITY;
}
