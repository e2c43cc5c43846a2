/**
 * The largest quantity the ledger takes anywhere. Far above any real stock, and low enough that
 * sums over many reservations stay exact in a double.
 */
export const MAX_QUANTITY = 1_000_000_000;

/** The longest a reservation may be held or extended by at once: a week. */
export const MAX_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function isQuantity(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= MAX_QUANTITY;
}

/** On hand and limits may be zero. */
export function isStockLevel(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_QUANTITY;
}

export function isTtl(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= MAX_TTL_MS;
}

export function isSequence(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Cart, order and location keys: non-empty, short, printable. */
export function isKey(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]{1,128}$/.test(value);
}
