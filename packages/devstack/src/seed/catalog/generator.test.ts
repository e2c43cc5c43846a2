import { describe, expect, it } from 'vitest';
import { generateProduct } from './generator';

describe('the deterministic catalog generator', () => {
  it('gives the same product for the same index, and different ones for different indexes', () => {
    expect(generateProduct(123)).toEqual(generateProduct(123));
    expect(generateProduct(123).product.handle).not.toBe(generateProduct(124).product.handle);
  });

  it('makes unique handles and SKUs across a large catalog', () => {
    const products = Array.from({ length: 5_000 }, (_, index) => generateProduct(index));
    const handles = new Set(products.map(({ product }) => product.handle));
    const skus = new Set(products.flatMap(({ variants }) => variants.map((variant) => variant.sku)));
    expect(handles.size).toBe(5_000);
    expect(skus.size).toBe(products.reduce((sum, { variants }) => sum + variants.length, 0));
  });

  it('prices every variant in USD, EUR and GBP as integer minor units, compare-at above the price', () => {
    for (let index = 0; index < 500; index++) {
      const { variants, prices } = generateProduct(index);
      for (const variant of variants) {
        const current = prices.filter((price) => price.variantId === variant.id && price.startsAt === null);
        expect(current.map((price) => price.currency).sort()).toEqual(['EUR', 'GBP', 'USD']);
      }
      for (const price of prices) {
        expect(Number.isSafeInteger(price.amount) && price.amount > 0).toBe(true);
        if (price.compareAtAmount !== null) expect(price.compareAtAmount).toBeGreaterThan(price.amount);
      }
    }
  });

  it('gives every variant a value for each of its product options', () => {
    const { options, variants } = generateProduct(42);
    for (const variant of variants) {
      expect(Object.keys(variant.options).sort()).toEqual(options.map((option) => option.name).sort());
    }
  });
});
