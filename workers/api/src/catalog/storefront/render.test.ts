import { describe, expect, it } from 'vitest';
import { MAX_FACET_CATEGORIES, MAX_FACET_OPTION_VALUES, MAX_FACET_OPTIONS } from './facet-limits';
import { facets } from './render';

describe('facets stay within the bounds the document promises', () => {
  const categories = Array.from({ length: MAX_FACET_CATEGORIES + 5 }, (_, index) => ({
    handle: `c${index}`,
    name: `C${index}`,
    path: `c${index}`,
    // The first five are the least populated.
    count: index < 5 ? 1 : 10 + index,
  }));
  const options: [string, string, number][] = [];
  for (let option = 0; option < MAX_FACET_OPTIONS + 3; option++) {
    // Options o0-o2 hold the fewest products.
    options.push([`o${String(option).padStart(2, '0')}`, 'v', option < 3 ? 1 : 100]);
  }
  for (let value = 0; value < MAX_FACET_OPTION_VALUES + 7; value++)
    options.push(['size', `s${value}`, value + 1]);
  const shown = facets({ total: 1_000, categories, options, priceBands: [] }, 'EUR');

  it('keeps the most populated categories, in their order', () => {
    expect(shown.categories).toHaveLength(MAX_FACET_CATEGORIES);
    expect(shown.categories.map((category) => category.handle)).toEqual(
      categories.slice(5).map((c) => c.handle),
    );
  });

  it('keeps the most populated options, by name', () => {
    expect(shown.options).toHaveLength(MAX_FACET_OPTIONS);
    expect(shown.options.map((option) => option.name)).not.toContain('o00');
    expect(shown.options.map((option) => option.name)).toContain('size');
  });

  it('keeps the most frequent values of an option, most first', () => {
    const size = shown.options.find((option) => option.name === 'size');
    expect(size?.values).toHaveLength(MAX_FACET_OPTION_VALUES);
    expect(size?.values[0]).toEqual({
      value: `s${MAX_FACET_OPTION_VALUES + 6}`,
      count: MAX_FACET_OPTION_VALUES + 7,
    });
  });
});
