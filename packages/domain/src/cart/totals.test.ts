import { describe, expect, it } from 'vitest';
import { cartTotals } from './totals';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('cartTotals', () => {
  it('adds tax on top where prices exclude it', () => {
    const totals = cartTotals({
      currency: 'USD',
      pricesIncludeTax: false,
      lines: [
        { amount: 2000, discount: 200, tax: 131 },
        { amount: 1000, discount: 100, tax: 65 },
      ],
      shipping: { amount: 599, discount: 0, tax: 43 },
    });
    expect(totals).toEqual({
      subtotal: usd(3000),
      discountTotal: usd(300),
      shippingTotal: usd(599),
      taxTotal: usd(239),
      grandTotal: usd(3000 + 599 - 300 + 239),
    });
  });

  it('does not add tax again where prices include it, and reports the tax inside', () => {
    const totals = cartTotals({
      currency: 'EUR',
      pricesIncludeTax: true,
      lines: [{ amount: 1190, discount: 119, tax: 171 }],
      shipping: { amount: 595, discount: 0, tax: 95 },
    });
    expect(totals).toEqual({
      subtotal: eur(1190),
      discountTotal: eur(119),
      shippingTotal: eur(595),
      taxTotal: eur(266),
      grandTotal: eur(1190 + 595 - 119),
    });
  });

  it('shows free shipping as a discount on the shipping, not as shipping of 0', () => {
    const totals = cartTotals({
      currency: 'USD',
      pricesIncludeTax: false,
      lines: [{ amount: 6000, discount: 0, tax: 0 }],
      shipping: { amount: 599, discount: 599, tax: 0 },
    });
    expect(totals.shippingTotal).toEqual(usd(599));
    expect(totals.discountTotal).toEqual(usd(599));
    expect(totals.grandTotal).toEqual(usd(6000));
  });

  it('has no shipping before a rate is chosen, and is all zero for an empty cart', () => {
    const totals = cartTotals({ currency: 'JPY', pricesIncludeTax: true, lines: [], shipping: null });
    for (const total of Object.values(totals)) expect(total).toEqual({ amount: 0, currency: 'JPY' });
  });

  it('refuses amounts that are not minor units', () => {
    const cart = (line: { amount: number; discount: number; tax: number }) => () =>
      cartTotals({ currency: 'USD', pricesIncludeTax: false, lines: [line], shipping: null });
    expect(cart({ amount: 10.5, discount: 0, tax: 0 })).toThrow(/lines\[0\]\.amount/);
    expect(cart({ amount: 100, discount: -1, tax: 0 })).toThrow(/lines\[0\]\.discount/);
    expect(cart({ amount: 100, discount: 0, tax: Number.NaN })).toThrow(/lines\[0\]\.tax/);
  });

  it('refuses a discount larger than what it discounts', () => {
    expect(() =>
      cartTotals({
        currency: 'USD',
        pricesIncludeTax: false,
        lines: [{ amount: 100, discount: 0, tax: 0 }],
        shipping: { amount: 500, discount: 501, tax: 0 },
      }),
    ).toThrow(/shipping: the discount exceeds/);
  });

  it('refuses contained tax larger than the price containing it, but allows any tax added on top', () => {
    const lines = [{ amount: 1000, discount: 900, tax: 101 }];
    expect(() => cartTotals({ currency: 'EUR', pricesIncludeTax: true, lines, shipping: null })).toThrow(
      /tax exceeds/,
    );
    expect(
      cartTotals({ currency: 'USD', pricesIncludeTax: false, lines, shipping: null }).grandTotal,
    ).toEqual(usd(201));
  });

  it('refuses a grand total past the largest amount accepted anywhere', () => {
    const line = { amount: 1_000_000_000_000, discount: 0, tax: 0 };
    expect(() =>
      cartTotals({ currency: 'USD', pricesIncludeTax: false, lines: [line, line], shipping: null }),
    ).toThrow(RangeError);
  });
});
