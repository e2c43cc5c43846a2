import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids';

describe('newId', () => {
  it('carries the type prefix and is recognised as that kind only', () => {
    const id = newId('product');
    expect(id).toMatch(/^prod_[0-9a-z]{26}$/);
    expect(isId('product', id)).toBe(true);
    expect(isId('variant', id)).toBe(false);
  });

  it('sorts by creation time', () => {
    expect(newId('event', 1_000) < newId('event', 2_000)).toBe(true);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('variant')));
    expect(ids.size).toBe(10_000);
  });
});
