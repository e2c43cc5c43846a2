import { type CurrencyCode, isValidAmount } from '../money';
import { BASIS_POINTS_PER_WHOLE, basisPointsOf, divideRoundingHalfUp } from './rounding';
import { DEFAULT_TAX_RATES, type TaxRateTable } from './tax-rates';

/** What a cart asks a tax calculator: its lines and shipping, after discounts, and where it goes. */
export interface TaxRequest {
  /** For adapters that quote in money; rates in the built-in table hold in any currency. */
  currency: CurrencyCode;
  /** Whether the amounts already contain tax (EU, GB) or tax is added on top (US, CA). */
  pricesIncludeTax: boolean;
  /** The destination; null until the shopper gives an address. */
  address: { country: string; region?: string } | null;
  lines: TaxRequestLine[];
  /** Shipping after discounts, minor units. */
  shipping: number;
}

export interface TaxRequestLine {
  id: string;
  /** The line total after discounts, minor units. */
  amount: number;
  /** A product tax code (`books`) where the product is taxed differently; `exempt` is never taxed. */
  taxCode?: string;
}

export interface TaxQuote {
  /** Per line, in request order: the tax (contained or added, see `pricesIncludeTax`) and its rate. */
  lines: { id: string; tax: number; rate: number }[];
  shipping: { tax: number; rate: number };
  /** The sum of every line's tax and the shipping's: exactly, since each is rounded once. */
  total: number;
}

/**
 * The tax port: the cart asks it for tax on every repricing. The built-in implementation reads
 * a rate table; a real tax service (a Stripe Tax or Avalara adapter) implements the same
 * interface. Synchronous: an adapter that calls out fetches its rates before the cart asks.
 */
export interface TaxCalculator {
  quote(request: TaxRequest): TaxQuote;
}

/** The tax code no destination taxes (gift cards, donations). */
export const EXEMPT_TAX_CODE = 'exempt';

/**
 * A tax calculator over a rate table (by default `DEFAULT_TAX_RATES`).
 *
 * Each line, and the shipping, is rounded once, half up, and the total is their sum, so
 * the lines of a receipt add up to its total (the per-line rounding EU VAT and HMRC allow):
 * - tax added on top: `tax = round(amount × rate)`;
 * - tax contained in the price: `tax = amount − round(amount / (1 + rate))`, the tax inside
 *   what the shopper pays; the price itself does not change.
 *
 * No address yet: every tax is 0 at rate 0. Where tax is added on top it cannot be known
 * before the destination is (the cart shows it as still to be calculated). Where prices
 * contain tax, the shopper pays the same whatever the destination, but which country's tax the
 * price contains (and so how much) is also unknown, so none is reported until there is an
 * address. A destination the table does not list is not taxed (exports outside the table).
 * A line whose tax code the destination does not list pays the destination's rate.
 */
export function createRateTableTaxCalculator(table: TaxRateTable = DEFAULT_TAX_RATES): TaxCalculator {
  checkTable(table);
  return {
    quote(request) {
      checkRequest(request);
      const country = request.address ? table[request.address.country.toUpperCase()] : undefined;
      const region = request.address?.region?.toUpperCase();
      const destinationRate =
        country === undefined
          ? 0
          : ((region === undefined ? undefined : ownValue(country.regions, region)) ?? country.standard);
      const taxOf = (amount: number, rate: number) => ({
        tax: request.pricesIncludeTax ? taxContainedIn(amount, rate) : basisPointsOf(amount, rate),
        rate,
      });
      const lines = request.lines.map((line) => {
        const codeRate =
          line.taxCode === undefined
            ? undefined
            : line.taxCode === EXEMPT_TAX_CODE
              ? 0
              : ownValue(country?.taxCodes, line.taxCode);
        return { id: line.id, ...taxOf(line.amount, codeRate ?? destinationRate) };
      });
      const shippingRate = country?.taxShipping === false ? 0 : destinationRate;
      const shipping = taxOf(request.shipping, shippingRate);
      const total = lines.reduce((sum, line) => sum + line.tax, shipping.tax);
      return { lines, shipping, total };
    },
  };
}

/** The tax inside a price that includes it: the price less the price before tax, rounded. */
export function taxContainedIn(amount: number, rate: number): number {
  const beforeTax = divideRoundingHalfUp(
    BigInt(amount) * BigInt(BASIS_POINTS_PER_WHOLE),
    BigInt(BASIS_POINTS_PER_WHOLE + rate),
  );
  return amount - Number(beforeTax);
}

// A region or tax code from a request must not find `toString` on a plain object.
function ownValue(record: Record<string, number> | undefined, key: string): number | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function isRate(rate: unknown): boolean {
  return Number.isSafeInteger(rate) && (rate as number) >= 0 && (rate as number) <= BASIS_POINTS_PER_WHOLE;
}

function checkTable(table: TaxRateTable): void {
  for (const [country, rates] of Object.entries(table)) {
    const all = [
      rates.standard,
      ...Object.values(rates.regions ?? {}),
      ...Object.values(rates.taxCodes ?? {}),
    ];
    if (!all.every(isRate))
      throw new RangeError(`tax rates for ${country} must be whole basis points, 0 to 10000`);
  }
}

function checkRequest(request: TaxRequest): void {
  for (const line of request.lines) {
    if (!isValidAmount(line.amount)) throw new RangeError(`line ${line.id}: ${line.amount} is not an amount`);
  }
  if (!isValidAmount(request.shipping))
    throw new RangeError(`shipping: ${request.shipping} is not an amount`);
}
