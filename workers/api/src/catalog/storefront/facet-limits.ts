// How much of a result's facets a list shows: enough for any filter panel a shopper can use,
// and a bound the document can promise, however many distinct options the catalog grows.

/** Options shown, those with the most products first (a product has at most 3, a catalog many). */
export const MAX_FACET_OPTIONS = 50;

/** Values shown per option, those with the most products first. */
export const MAX_FACET_OPTION_VALUES = 100;

/** Categories shown, those with the most products first. */
export const MAX_FACET_CATEGORIES = 200;

/**
 * Every 1-2-5 price band up to the largest amount: 0-99, then three per decade from 100 to
 * 10^12 (30), then the band starting at 10^12 itself. Never truncated: all 32 fit.
 */
export const MAX_PRICE_BANDS = 32;
