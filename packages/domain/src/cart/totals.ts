import { type CurrencyCode, isValidAmount, type Money, money } from '../money';

/** A priced amount: what it costs, what promotions take off it, and its tax (after discounts). */
export interface PricedAmount {
  amount: number;
  discount: number;
  tax: number;
}

export interface CartTotalsInput {
  currency: CurrencyCode;
  lines: readonly PricedAmount[];
  /** Null until a shipping rate is chosen. */
  shipping: PricedAmount | null;
  pricesIncludeTax: boolean;
}

export interface CartTotals {
  /** The lines before discounts. */
  subtotal: Money;
  /** Everything promotions take off: the lines' discounts and the shipping's. */
  discountTotal: Money;
  /** Shipping before its discount (free shipping shows as a discount, not as 0 here). */
  shippingTotal: Money;
  /** Every line's tax and the shipping's: added on top, or contained in the prices. */
  taxTotal: Money;
  /** What the shopper pays. */
  grandTotal: Money;
}

/**
 * The cart's totals, so that its receipt reads as one sum:
 *
 *   grandTotal = subtotal + shippingTotal − discountTotal (+ taxTotal where tax is added on top)
 *
 * Where prices include tax (EU, GB), the tax is already inside every amount: `taxTotal` says
 * how much of the grand total is tax, and is not added again. Where tax is added on top
 * (US, CA), it is. Nothing is rounded here: every part is already whole minor units.
 *
 * Throws a RangeError on amounts that are not minor units, a discount larger than what it
 * discounts, or (where prices include tax) tax larger than the discounted amount containing it.
 */
export function cartTotals(input: CartTotalsInput): CartTotals {
  const parts = input.shipping ? [...input.lines, input.shipping] : [...input.lines];
  parts.forEach((part, index) => {
    const name = index < input.lines.length ? `lines[${index}]` : 'shipping';
    checkPart(part, name, input.pricesIncludeTax);
  });
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const subtotal = sum(input.lines.map((line) => line.amount));
  const shippingTotal = input.shipping?.amount ?? 0;
  const discountTotal = sum(parts.map((part) => part.discount));
  const taxTotal = sum(parts.map((part) => part.tax));
  const grandTotal = subtotal + shippingTotal - discountTotal + (input.pricesIncludeTax ? 0 : taxTotal);
  // money() refuses a total past MAX_AMOUNT, so an absurd cart fails here, not at the payment.
  return {
    subtotal: money(subtotal, input.currency),
    discountTotal: money(discountTotal, input.currency),
    shippingTotal: money(shippingTotal, input.currency),
    taxTotal: money(taxTotal, input.currency),
    grandTotal: money(grandTotal, input.currency),
  };
}

function checkPart(part: PricedAmount, name: string, pricesIncludeTax: boolean): void {
  for (const field of ['amount', 'discount', 'tax'] as const) {
    if (!isValidAmount(part[field]))
      throw new RangeError(`${name}.${field}: ${part[field]} is not an amount`);
  }
  if (part.discount > part.amount) throw new RangeError(`${name}: the discount exceeds the amount`);
  if (pricesIncludeTax && part.tax > part.amount - part.discount) {
    throw new RangeError(`${name}: the tax exceeds the price that contains it`);
  }
}
