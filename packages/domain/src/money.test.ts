import { describe, expect, it } from 'vitest';
import { isCurrencyCode, isValidAmount, minorUnits, money } from './money';

describe('money', () => {
  it('accepts only integer, non-negative, bounded minor units', () => {
    expect(isValidAmount(1999)).toBe(true);
    expect(isValidAmount(0)).toBe(true);
    expect(isValidAmount(19.99)).toBe(false);
    expect(isValidAmount(-1)).toBe(false);
    expect(isValidAmount(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(() => money(0.5, 'USD')).toThrow(RangeError);
  });

  it('knows currencies and their minor units', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('XXX')).toBe(false);
    expect(isCurrencyCode('toString')).toBe(false);
    expect(minorUnits('JPY')).toBe(0);
  });
});
