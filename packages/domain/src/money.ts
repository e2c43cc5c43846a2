/**
 * Money is an integer amount of minor units with an ISO 4217 currency; never a float, never a
 * formatted string (API-CONVENTIONS.md).
 */
export interface Money {
  amount: number;
  currency: CurrencyCode;
}

// The currencies the shop can price in, with their minor-unit exponent (ISO 4217).
const MINOR_UNITS = {
  AUD: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  NOK: 2,
  NZD: 2,
  PLN: 2,
  SEK: 2,
  USD: 2,
} as const;

export type CurrencyCode = keyof typeof MINOR_UNITS;

export const CURRENCY_CODES = Object.keys(MINOR_UNITS) as CurrencyCode[];

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.hasOwn(MINOR_UNITS, value);
}

export function minorUnits(currency: CurrencyCode): number {
  return MINOR_UNITS[currency];
}

/** The largest amount accepted anywhere: far above any price, far below 2^53. */
export const MAX_AMOUNT = 1_000_000_000_000;

/** Whether `amount` is a valid amount of minor units: a non-negative safe integer in range. */
export function isValidAmount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount >= 0 && amount <= MAX_AMOUNT;
}

export function money(amount: number, currency: CurrencyCode): Money {
  if (!isValidAmount(amount)) throw new RangeError(`${amount} is not a valid amount of minor units`);
  return { amount, currency };
}
