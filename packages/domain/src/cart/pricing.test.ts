import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPromotions,
  type CurrencyCode,
  cartTotals,
  createRateTableTaxCalculator,
  createTableRateProvider,
  type Promotion,
  validateAddress,
} from '../index';

// How the cart puts the rules together, through the package's public entry: discounts first,
// then shipping on the discounted subtotal, then tax on what is left, then the totals.
function priceCart(input: {
  currency: CurrencyCode;
  pricesIncludeTax: boolean;
  lines: { id: string; amount: number }[];
  promotions: Promotion[];
  address: unknown;
}) {
  const validated = validateAddress(input.address);
  if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
  const { address } = validated;
  const subtotal = input.lines.reduce((sum, line) => sum + line.amount, 0);
  const rates = createTableRateProvider().quote({
    currency: input.currency,
    address,
    subtotal,
    weightGrams: 800,
    itemCount: input.lines.length,
  });
  const shippingAmount = rates[0]?.amount ?? 0;
  const discounts = applyPromotions(input.promotions, input.lines, shippingAmount);
  const afterDiscount = input.lines.map((line, index) => ({
    id: line.id,
    amount: line.amount - (discounts.lines[index]?.discount ?? 0),
  }));
  const tax = createRateTableTaxCalculator().quote({
    currency: input.currency,
    pricesIncludeTax: input.pricesIncludeTax,
    address,
    lines: afterDiscount,
    shipping: shippingAmount - discounts.shippingDiscount,
  });
  return cartTotals({
    currency: input.currency,
    pricesIncludeTax: input.pricesIncludeTax,
    lines: input.lines.map((line, index) => ({
      amount: line.amount,
      discount: discounts.lines[index]?.discount ?? 0,
      tax: tax.lines[index]?.tax ?? 0,
    })),
    shipping: { amount: shippingAmount, discount: discounts.shippingDiscount, tax: tax.shipping.tax },
  });
}

const tenPercent: Promotion = {
  id: 'promo_ten',
  code: 'TEN',
  kind: 'percentage',
  percentOff: 1000,
  startsAt: null,
  endsAt: null,
  usageLimit: null,
  usageCount: 0,
  active: true,
};
const shopper = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main Street', city: 'Springfield' };

describe('pricing a cart end to end', () => {
  it('prices a Californian cart with tax on top', () => {
    const totals = priceCart({
      currency: 'USD',
      pricesIncludeTax: false,
      lines: [
        { id: 'a', amount: 2000 },
        { id: 'b', amount: 1000 },
      ],
      promotions: [tenPercent],
      address: { ...shopper, country: 'US', region: 'CA', postalCode: '94103' },
    });
    // 3000 − 300 off = 2700; shipping 599 (under the 50.00 threshold); tax 7.25 % of
    // 1800 (130.5 → 131), 900 (65.25 → 65) and 599 (43.43 → 43).
    expect(totals.grandTotal).toEqual({ amount: 2700 + 599 + 131 + 65 + 43, currency: 'USD' });
    expect(totals.taxTotal.amount).toBe(239);
  });

  it('prices a German cart with tax inside the prices', () => {
    const totals = priceCart({
      currency: 'EUR',
      pricesIncludeTax: true,
      lines: [{ id: 'a', amount: 1190 }],
      promotions: [],
      address: { ...shopper, country: 'DE', postalCode: '10115' },
    });
    expect(totals.grandTotal.amount).toBe(1190 + 499);
    expect(totals.taxTotal.amount).toBe(190 + 80); // 499 / 1.19 = 419.33 → 419, so 80 inside
  });

  it('keeps the receipt’s sum exact for any cart', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 10_000 }),
        (amounts, pricesIncludeTax, percentOff) => {
          const lines = amounts.map((amount, index) => ({ id: `line_${index}`, amount }));
          const totals = priceCart({
            currency: 'EUR',
            pricesIncludeTax,
            lines,
            promotions: [{ ...tenPercent, percentOff }],
            address: { ...shopper, country: 'FR', postalCode: '75001' },
          });
          const { subtotal, shippingTotal, discountTotal, taxTotal, grandTotal } = totals;
          const beforeTax = subtotal.amount + shippingTotal.amount - discountTotal.amount;
          expect(grandTotal.amount).toBe(beforeTax + (pricesIncludeTax ? 0 : taxTotal.amount));
          if (pricesIncludeTax) expect(taxTotal.amount).toBeLessThanOrEqual(grandTotal.amount);
        },
      ),
    );
  });
});
