import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPromotions } from './promotion-discounts';
import type { Promotion } from './promotions';

function promotion(id: string, overrides: Partial<Promotion>): Promotion {
  return {
    id,
    code: id.toUpperCase(),
    kind: 'percentage',
    startsAt: null,
    endsAt: null,
    usageLimit: null,
    usageCount: 0,
    active: true,
    ...overrides,
  };
}
const percent = (id: string, percentOff: number) => promotion(id, { kind: 'percentage', percentOff });
const fixed = (id: string, amount: number) =>
  promotion(id, { kind: 'fixed_amount', amountOff: { amount, currency: 'USD' } });
const freeShipping = (id: string) => promotion(id, { kind: 'free_shipping' });

describe('applyPromotions: one code', () => {
  it('takes a percentage off the subtotal, split so the lines add up exactly', () => {
    // 10 % of 3000 is 300; each line's share is exactly 10 %.
    const result = applyPromotions(
      [percent('ten', 1000)],
      [
        { id: 'a', amount: 1000 },
        { id: 'b', amount: 2000 },
      ],
      500,
    );
    expect(result).toEqual({
      lines: [
        { id: 'a', discount: 100, allocations: [{ promotionId: 'ten', code: 'TEN', amount: 100 }] },
        { id: 'b', discount: 200, allocations: [{ promotionId: 'ten', code: 'TEN', amount: 200 }] },
      ],
      shippingDiscount: 0,
      total: 300,
    });
  });

  it('rounds the percentage of the subtotal once and gives left-over units to the largest remainders', () => {
    // 15 % of three 333s: 149.85 → 150 in all (half up), shares 49.95 each: 50 + 50 + 50.
    const three = applyPromotions(
      [percent('p', 1500)],
      ['a', 'b', 'c'].map((id) => ({ id, amount: 333 })),
      0,
    );
    expect(three.lines.map((line) => line.discount)).toEqual([50, 50, 50]);
    // 10 % of 5 + 5 = 1: one line gets the unit, the first (equal remainders).
    const tiny = applyPromotions(
      [percent('p', 1000)],
      [
        { id: 'a', amount: 5 },
        { id: 'b', amount: 5 },
      ],
      0,
    );
    expect(tiny.lines.map((line) => line.discount)).toEqual([1, 0]);
    expect(tiny.lines[1]?.allocations).toEqual([]);
    expect(tiny.total).toBe(1);
  });

  it('takes a fixed amount off in proportion to the lines', () => {
    const result = applyPromotions(
      [fixed('five', 500)],
      [
        { id: 'a', amount: 1000 },
        { id: 'b', amount: 3000 },
      ],
      0,
    );
    expect(result.lines.map((line) => line.discount)).toEqual([125, 375]);
    expect(result.total).toBe(500);
  });

  it('never takes more than the subtotal, nor takes a line below zero', () => {
    const result = applyPromotions(
      [fixed('big', 10_000)],
      [
        { id: 'a', amount: 700 },
        { id: 'b', amount: 0 },
        { id: 'c', amount: 300 },
      ],
      999,
    );
    expect(result.lines.map((line) => line.discount)).toEqual([700, 0, 300]);
    expect(result.shippingDiscount).toBe(0);
    expect(result.total).toBe(1000);
  });

  it('takes the whole shipping off with free shipping, and nothing off the lines', () => {
    const result = applyPromotions([freeShipping('ship')], [{ id: 'a', amount: 1000 }], 599);
    expect(result).toEqual({
      lines: [{ id: 'a', discount: 0, allocations: [] }],
      shippingDiscount: 599,
      total: 599,
    });
  });

  it('takes everything off at 100 %', () => {
    const result = applyPromotions([percent('all', 10_000)], [{ id: 'a', amount: 1999 }], 100);
    expect(result.lines[0]?.discount).toBe(1999);
    expect(result.total).toBe(1999);
  });

  it('changes nothing with no promotions, or no lines', () => {
    expect(applyPromotions([], [{ id: 'a', amount: 1000 }], 500)).toEqual({
      lines: [{ id: 'a', discount: 0, allocations: [] }],
      shippingDiscount: 0,
      total: 0,
    });
    expect(applyPromotions([percent('p', 1000), fixed('f', 500)], [], 500).total).toBe(0);
  });
});

describe('applyPromotions: several codes', () => {
  it('applies the percentage first, then the fixed amount at face value, whatever the order given', () => {
    const lines = [{ id: 'a', amount: 10_000 }];
    for (const promotions of [
      [percent('p', 2000), fixed('f', 1000)],
      [fixed('f', 1000), percent('p', 2000)],
    ]) {
      const result = applyPromotions(promotions, lines, 0);
      // 20 % of 100.00 is 20.00, then 10.00 off what is left: 30.00 in all (not 28.00).
      expect(result.lines[0]?.allocations).toEqual([
        { promotionId: 'p', code: 'P', amount: 2000 },
        { promotionId: 'f', code: 'F', amount: 1000 },
      ]);
      expect(result.total).toBe(3000);
    }
  });

  it('caps the fixed amount at what the percentage left', () => {
    const result = applyPromotions([percent('p', 9000), fixed('f', 5000)], [{ id: 'a', amount: 1000 }], 0);
    expect(result.lines[0]?.allocations.map((part) => part.amount)).toEqual([900, 100]);
    expect(result.total).toBe(1000);
  });

  it('counts one promotion of each kind: the best for the shopper, the earlier on a tie', () => {
    const lines = [{ id: 'a', amount: 10_000 }];
    const percentages = applyPromotions(
      [percent('five', 500), percent('fifteen', 1500), percent('ten', 1000)],
      lines,
      0,
    );
    expect(percentages.lines[0]?.allocations).toEqual([
      { promotionId: 'fifteen', code: 'FIFTEEN', amount: 1500 },
    ]);
    const amounts = applyPromotions(
      [fixed('first', 700), fixed('second', 700), fixed('less', 300)],
      lines,
      0,
    );
    expect(amounts.lines[0]?.allocations).toEqual([{ promotionId: 'first', code: 'FIRST', amount: 700 }]);
    const shipping = applyPromotions([freeShipping('s1'), freeShipping('s2')], lines, 500);
    expect(shipping.shippingDiscount).toBe(500);
    expect(shipping.total).toBe(500);
  });

  it('combines all three kinds', () => {
    const result = applyPromotions(
      [freeShipping('s'), fixed('f', 1000), percent('p', 1000)],
      [
        { id: 'a', amount: 4000 },
        { id: 'b', amount: 6000 },
      ],
      800,
    );
    // 10 % → 400 + 600; then 1000 off the 9000 left, in proportion 3600 : 5400 → 400 + 600.
    expect(result.lines.map((line) => line.discount)).toEqual([800, 1200]);
    expect(result.shippingDiscount).toBe(800);
    expect(result.total).toBe(2800);
  });
});

describe('applyPromotions: bad input', () => {
  it('refuses amounts that are not minor units and lines listed twice', () => {
    expect(() => applyPromotions([], [{ id: 'a', amount: 10.5 }], 0)).toThrow(RangeError);
    expect(() => applyPromotions([], [{ id: 'a', amount: -1 }], 0)).toThrow(RangeError);
    expect(() => applyPromotions([], [{ id: 'a', amount: 1 }], -1)).toThrow(RangeError);
    expect(() =>
      applyPromotions(
        [],
        [
          { id: 'a', amount: 1 },
          { id: 'a', amount: 2 },
        ],
        0,
      ),
    ).toThrow(/twice/);
  });

  it('refuses a malformed promotion', () => {
    expect(() => applyPromotions([percent('p', 0)], [{ id: 'a', amount: 100 }], 0)).toThrow(RangeError);
    expect(() =>
      applyPromotions([promotion('f', { kind: 'fixed_amount' })], [{ id: 'a', amount: 100 }], 0),
    ).toThrow(RangeError);
  });
});

describe('applyPromotions: properties', () => {
  const arbitraryPromotion = fc.oneof(
    fc.integer({ min: 1, max: 10_000 }).map((bp) => percent(`p${bp}`, bp)),
    fc.integer({ min: 0, max: 1_000_000_000 }).map((amount) => fixed(`f${amount}`, amount)),
    fc.constant(freeShipping('ship')),
  );
  const arbitraryLines = fc
    .array(fc.integer({ min: 0, max: 1_000_000_000_000 }), { maxLength: 12 })
    .map((amounts) => amounts.map((amount, index) => ({ id: `line_${index}`, amount })));

  it('allocations add up to each line’s discount, lines to the total, and nothing exceeds what it discounts', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryPromotion, { maxLength: 5 }),
        arbitraryLines,
        fc.integer({ min: 0, max: 100_000 }),
        (promotions, lines, shipping) => {
          const result = applyPromotions(promotions, lines, shipping);
          let lineTotal = 0;
          result.lines.forEach((line, index) => {
            const amount = lines[index]?.amount ?? 0;
            expect(line.id).toBe(lines[index]?.id);
            expect(line.allocations.reduce((sum, part) => sum + part.amount, 0)).toBe(line.discount);
            for (const part of line.allocations) {
              expect(Number.isSafeInteger(part.amount)).toBe(true);
              expect(part.amount).toBeGreaterThan(0);
            }
            expect(line.discount).toBeLessThanOrEqual(amount);
            lineTotal += line.discount;
          });
          const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
          expect(lineTotal).toBeLessThanOrEqual(subtotal);
          expect(result.shippingDiscount).toBeLessThanOrEqual(shipping);
          expect(result.total).toBe(lineTotal + result.shippingDiscount);
        },
      ),
    );
  });

  it('a percentage alone takes exactly the rounded percentage of the subtotal; a fixed amount alone its face value, capped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        arbitraryLines,
        (bp, off, lines) => {
          const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
          const byPercentage = applyPromotions([percent('p', bp)], lines, 0).total;
          const exactTimes10000 = BigInt(subtotal) * BigInt(bp);
          const difference = BigInt(byPercentage) * 10_000n - exactTimes10000;
          expect(difference > -5_000n && difference <= 5_000n).toBe(true);
          expect(applyPromotions([fixed('f', off)], lines, 0).total).toBe(Math.min(off, subtotal));
        },
      ),
    );
  });
});
