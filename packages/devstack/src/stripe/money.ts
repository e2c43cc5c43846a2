import { parameterInvalid } from './errors';

/**
 * The currencies the stand-in takes, with Stripe's minimum charge for each in minor units (its
 * "Minimum and maximum charge amounts" table, for a US account). Stripe supports more; add a row
 * when the shop sells in one. Zero-decimal currencies (JPY) count whole units.
 */
const MINIMUM_AMOUNT: Readonly<Record<string, number>> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  chf: 50,
  cad: 50,
  aud: 50,
  nzd: 50,
  sek: 300,
  nok: 300,
  dkk: 250,
  pln: 200,
  czk: 1500,
  huf: 17500,
  jpy: 50,
  mxn: 1000,
  brl: 50,
  sgd: 50,
  hkd: 400,
};

const ZERO_DECIMAL = new Set(['jpy']);
const SYMBOL: Readonly<Record<string, string>> = { usd: '$', eur: '€', gbp: '£', jpy: '¥' };

/** A currency code as Stripe keeps it (lower case), or Stripe's error for one it does not support. */
export function supportedCurrency(value: string): string {
  const currency = value.toLowerCase();
  if (MINIMUM_AMOUNT[currency] === undefined)
    throw parameterInvalid(
      'currency',
      `Invalid currency: ${currency}. Stripe currently supports these currencies: ${Object.keys(MINIMUM_AMOUNT).join(', ')}`,
    );
  return currency;
}

/** Stripe's checks of an amount to charge: a positive integer at least the currency's minimum. */
export function assertChargeableAmount(amount: number, currency: string, param = 'amount'): void {
  const minimum = MINIMUM_AMOUNT[currency] ?? 50;
  if (amount < 1) throw parameterInvalid(param, 'This value must be greater than or equal to 1.');
  if (amount < minimum)
    throw parameterInvalid(
      param,
      `Amount must be at least ${formatAmount(minimum, currency)} ${currency}`,
      'amount_too_small',
    );
  if (amount > 99_999_999)
    throw parameterInvalid(
      param,
      `Amount must be no more than ${formatAmount(99_999_999, currency)}`,
      'amount_too_large',
    );
}

/** An amount as Stripe prints it in messages: `$0.50`, `€12.00`, `1.00 sek`. */
export function formatAmount(amount: number, currency: string): string {
  const value = ZERO_DECIMAL.has(currency) ? String(amount) : (amount / 100).toFixed(2);
  const symbol = SYMBOL[currency];
  return symbol ? `${symbol}${value}` : `${value} ${currency}`;
}
