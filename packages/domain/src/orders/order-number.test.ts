import { describe, expect, it } from 'vitest';
import { orderNumberKey, orderNumberOf, sequenceOfOrderNumber } from './order-number';

const key = orderNumberKey('a secret of the shop, 32 bytes..');

describe('order numbers', () => {
  it('are nine digits in threes, and lead back to their sequence value', () => {
    for (const sequence of [0, 1, 2, 1_000, 999_999_999, 123_456_789]) {
      const number = orderNumberOf(sequence, key);
      expect(number).toMatch(/^\d{3}-\d{3}-\d{3}$/);
      expect(sequenceOfOrderNumber(number, key)).toBe(sequence);
      // As shoppers type them: without dashes, with spaces.
      expect(sequenceOfOrderNumber(number.replaceAll('-', ''), key)).toBe(sequence);
      expect(sequenceOfOrderNumber(number.replaceAll('-', ' '), key)).toBe(sequence);
    }
  });

  it('never give two orders one number', () => {
    const seen = new Set<string>();
    for (let sequence = 0; sequence < 200_000; sequence++) seen.add(orderNumberOf(sequence, key));
    expect(seen.size).toBe(200_000);
  });

  it('do not count: consecutive orders get numbers far apart, in no order', () => {
    const numbers = Array.from({ length: 1_000 }, (_, sequence) =>
      Number(orderNumberOf(sequence + 5_000, key).replaceAll('-', '')),
    );
    const gaps = numbers.slice(1).map((number, index) => Math.abs(number - (numbers[index] ?? 0)));
    // Sequential numbers would differ by 1; these by about a third of the range on average.
    expect(gaps.filter((gap) => gap < 1_000).length).toBeLessThan(5);
    const ascending = numbers.slice(1).filter((number, index) => number > (numbers[index] ?? 0)).length;
    expect(ascending).toBeGreaterThan(400);
    expect(ascending).toBeLessThan(600);
  });

  it('depend on the key: another shop’s key gives other numbers', () => {
    const other = orderNumberKey('another shop, another secret....');
    const same = Array.from({ length: 100 }, (_, sequence) => sequence).filter(
      (sequence) => orderNumberOf(sequence, key) === orderNumberOf(sequence, other),
    );
    expect(same).toEqual([]);
  });

  it('refuse what is not a sequence value or an order number', () => {
    expect(() => orderNumberOf(-1, key)).toThrow(RangeError);
    expect(() => orderNumberOf(1_000_000_000, key)).toThrow(RangeError);
    expect(() => orderNumberOf(1.5, key)).toThrow(RangeError);
    expect(sequenceOfOrderNumber('12-345-678', key)).toBeUndefined();
    expect(sequenceOfOrderNumber('123-456-78a', key)).toBeUndefined();
    expect(sequenceOfOrderNumber('', key)).toBeUndefined();
    expect(() => orderNumberKey('too short')).toThrow();
  });
});
