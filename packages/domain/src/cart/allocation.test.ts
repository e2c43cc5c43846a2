import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByLargestRemainder } from './allocation';
import { basisPointsOf, divideRoundingHalfUp } from './rounding';

describe('rounding', () => {
  it('rounds halves up and everything else to the nearest unit', () => {
    expect(divideRoundingHalfUp(5n, 2n)).toBe(3n);
    expect(divideRoundingHalfUp(7n, 2n)).toBe(4n);
    expect(divideRoundingHalfUp(149n, 100n)).toBe(1n);
    expect(divideRoundingHalfUp(150n, 100n)).toBe(2n);
    expect(divideRoundingHalfUp(0n, 3n)).toBe(0n);
  });

  it('takes basis points of an amount without float error, even past 2^53', () => {
    expect(basisPointsOf(1005, 1000)).toBe(101); // 100.5 → 101
    expect(basisPointsOf(1004, 1000)).toBe(100);
    expect(basisPointsOf(1999, 2000)).toBe(400); // 399.8
    // 1e12 × 9999 is past 2^53: a float product would lose the last units.
    expect(basisPointsOf(1_000_000_000_001, 9999)).toBe(999_900_000_001);
  });
});

describe('allocateByLargestRemainder', () => {
  it('splits in proportion and gives left-over units to the largest remainders', () => {
    // Exact shares 3.33…, 3.33…, 3.33…: one unit left, the first part gets it.
    expect(allocateByLargestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // Exact shares 1.5, 4.5, 4: remainders tie at .5, so the earlier part gets the unit.
    expect(allocateByLargestRemainder(10, [300, 900, 800])).toEqual([2, 4, 4]);
    // Exact shares 0.9, 9.1: the larger remainder (0.9) wins the unit.
    expect(allocateByLargestRemainder(10, [9, 91])).toEqual([1, 9]);
  });

  it('never gives a part more than its weight when the total fits', () => {
    expect(allocateByLargestRemainder(3, [1, 1, 1])).toEqual([1, 1, 1]);
    expect(allocateByLargestRemainder(2, [1, 0, 1])).toEqual([1, 0, 1]);
  });

  it('handles nothing to allocate and parts that weigh nothing', () => {
    expect(allocateByLargestRemainder(0, [5, 7])).toEqual([0, 0]);
    expect(allocateByLargestRemainder(0, [0, 0])).toEqual([0, 0]);
    expect(allocateByLargestRemainder(0, [])).toEqual([]);
  });

  it('refuses totals and weights that are not non-negative integers', () => {
    expect(() => allocateByLargestRemainder(5, [0, 0])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(-1, [1])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(1.5, [1])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(1, [1, -1])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(1, [0.5])).toThrow(RangeError);
  });

  it('always sums to the total, with each part within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000_000_000 }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, fraction) => {
          const sum = weights.reduce((total, weight) => total + weight, 0);
          fc.pre(sum > 0 && Number.isSafeInteger(sum));
          const total = Math.floor(sum * fraction);
          const parts = allocateByLargestRemainder(total, weights);
          expect(parts.reduce((acc, part) => acc + part, 0)).toBe(total);
          parts.forEach((part, index) => {
            const weight = weights[index] ?? 0;
            expect(Number.isSafeInteger(part)).toBe(true);
            expect(part).toBeGreaterThanOrEqual(0);
            expect(part).toBeLessThanOrEqual(weight);
            const exact = (BigInt(total) * BigInt(weight)) / BigInt(sum);
            expect(BigInt(part) - exact === 0n || BigInt(part) - exact === 1n).toBe(true);
          });
        },
      ),
    );
  });
});
