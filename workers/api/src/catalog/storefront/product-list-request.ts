import type { storefront } from '@edge-commerce/db';
import { z } from '@hono/zod-openapi';
import { Text, textProblem } from '../../input/text';
import {
  currencyParameter,
  cursorParameter,
  handleParameter,
  limitParameter,
  marketParameter,
  rejectUnknownParameters,
  repeatable,
} from './query-parameters';

export const PRODUCT_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** The longest search text, counted after normalization (in characters, not bytes). */
export const MAX_SEARCH_LENGTH = 200;
const MAX_OPTION_FILTERS = 10;
const MAX_OPTION_VALUES = 20;
const amountPattern = /^(0|[1-9][0-9]{0,12})$/;

const amountParameter = (name: string, description: string, example: string) =>
  z
    .string({ error: 'must be given once' })
    .regex(amountPattern, 'must be a non-negative integer amount in minor units (1999 = 19.99)')
    .optional()
    // The pattern allows at most 13 digits; said again as a length for clients that size fields.
    .openapi({ param: { name, in: 'query' }, description, example, maxLength: 13 });

const KNOWN = [
  'limit',
  'cursor',
  'q',
  'sort',
  'category',
  'collection',
  'tag',
  'minPrice',
  'maxPrice',
  'available',
  'currency',
  'market',
] as const;

export const ProductListQuery = z
  .object({
    q: Text({ max: MAX_SEARCH_LENGTH * 4, notText: 'must be given once' })
      .optional()
      .openapi({
        param: { name: 'q', in: 'query' },
        description:
          `Search text (1 to ${MAX_SEARCH_LENGTH} characters), read as a web search: words are ANDed, ` +
          '`"quoted phrases"`, `-excluded` words, `or`. Ranked by relevance (title above vendor above tags ' +
          'above description); when the words match fewer than 20 products, titles within typo distance ' +
          'are added below them ("tshirt" and "t-shrit" find "T-Shirt"). Any text is safe: punctuation is ' +
          'never a syntax error.',
        example: 'linen shirt',
      }),
    sort: z
      .enum(PRODUCT_SORTS, { error: `must be one of ${PRODUCT_SORTS.join(', ')}` })
      .optional()
      .openapi({
        param: { name: 'sort', in: 'query' },
        description:
          '`relevance` (the default with `q`, and only with `q`), `newest` (the default without `q`), ' +
          '`price_asc` / `price_desc` (by the lowest price in force of the product in the currency). ' +
          'Ties break on the product id.',
        example: 'price_asc',
      }),
    category: handleParameter(
      'category',
      'Category handle: products in it or in any category below it. An unknown handle matches nothing.',
      'shirts',
    ),
    collection: handleParameter(
      'collection',
      'Collection handle: products in that collection. An unknown handle matches nothing.',
      'summer-sale',
    ),
    tag: repeatable('tag', 'Tag the product must carry; repeat for several (all must match).', 'organic', 10),
    minPrice: amountParameter(
      'minPrice',
      'Lowest price, inclusive, in minor units of the currency: some variant costs at least this.',
      '2000',
    ),
    maxPrice: amountParameter(
      'maxPrice',
      'Highest price, inclusive, in minor units of the currency: some variant costs at most this.',
      '4999',
    ),
    available: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .optional()
      .openapi({
        param: { name: 'available', in: 'query' },
        description: '`true`: only products with a variant for sale now. `false` (default): no restriction.',
        example: 'true',
      }),
    currency: currencyParameter,
    market: marketParameter,
    limit: limitParameter,
    cursor: cursorParameter,
  })
  // `option.<name>` filters are open-ended; they are checked below, with the unknown names.
  .catchall(z.union([z.string(), z.array(z.string())]))
  .superRefine((query, context) => {
    rejectUnknownParameters(query, KNOWN, context, true);
    checkOptionFilters(query, context);
    // Text past the raw cap has its issue already; one complaint per parameter.
    const search =
      query.q === undefined || query.q.length > MAX_SEARCH_LENGTH * 4 ? undefined : normalizeSearch(query.q);
    if (search !== undefined && (search.length === 0 || [...search].length > MAX_SEARCH_LENGTH)) {
      context.addIssue({
        code: 'custom',
        path: ['q'],
        message: `must have 1 to ${MAX_SEARCH_LENGTH} characters besides spaces and control characters`,
      });
    }
    if (query.sort === 'relevance' && query.q === undefined) {
      context.addIssue({ code: 'custom', path: ['sort'], message: 'relevance needs a search text in q' });
    }
    if (
      query.minPrice !== undefined &&
      query.maxPrice !== undefined &&
      amountPattern.test(query.minPrice) &&
      amountPattern.test(query.maxPrice) &&
      Number(query.minPrice) > Number(query.maxPrice)
    ) {
      context.addIssue({ code: 'custom', path: ['maxPrice'], message: 'must not be below minPrice' });
    }
  });

export type ProductListQueryInput = z.infer<typeof ProductListQuery>;

function checkOptionFilters(query: Record<string, unknown>, context: z.RefinementCtx): void {
  const names = Object.keys(query).filter((key) => key.startsWith('option.'));
  if (names.length > MAX_OPTION_FILTERS) {
    context.addIssue({
      code: 'custom',
      path: [names[MAX_OPTION_FILTERS] ?? 'option'],
      message: `at most ${MAX_OPTION_FILTERS} option filters may be given`,
    });
  }
  for (const key of names) {
    const name = key.slice('option.'.length);
    if (name.length === 0 || name.length > 100) {
      context.addIssue({ code: 'custom', path: [key], message: 'option name must be 1 to 100 characters' });
    }
    const badText = [name, ...listOf(query[key])].map((text) => textProblem(text)).find(Boolean);
    if (badText) context.addIssue({ code: 'custom', path: [key], message: badText });
    const values = listOf(query[key]);
    if (values.length > MAX_OPTION_VALUES) {
      context.addIssue({
        code: 'custom',
        path: [key],
        message: `may be given at most ${MAX_OPTION_VALUES} times`,
      });
    }
    if (values.some((value) => value.length === 0 || value.length > 100)) {
      context.addIssue({ code: 'custom', path: [key], message: 'values must be 1 to 100 characters' });
    }
  }
}

const listOf = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : [];

/**
 * Search text as the query and the cache key use it: Unicode NFC, lower case, invisible format
 * characters and line or paragraph separators as spaces, spaces collapsed. (Control characters
 * never get here: the input boundary refuses them.) Full-text and trigram matching ignore case
 * anyway, so equal searches share one cache entry.
 */
export function normalizeSearch(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** What defines a product list, the page aside: resolved, deduplicated and sorted. */
export interface ProductListCriteria {
  currency: string;
  search: string | undefined;
  category: string | undefined;
  collection: string | undefined;
  tags: string[];
  options: storefront.OptionFilter[];
  minPrice: number | undefined;
  maxPrice: number | undefined;
  availableOnly: boolean;
  sort: ProductSort;
}

export function productListCriteria(query: ProductListQueryInput, currency: string): ProductListCriteria {
  const search = query.q === undefined ? undefined : normalizeSearch(query.q);
  const options = Object.keys(query)
    .filter((key) => key.startsWith('option.'))
    .map((key) => ({
      name: key.slice('option.'.length).normalize('NFC'),
      values: sortedUnique(listOf(query[key]).map((value) => value.normalize('NFC'))),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    currency,
    search,
    category: query.category,
    collection: query.collection,
    tags: sortedUnique(query.tag ?? []),
    options,
    minPrice: query.minPrice === undefined ? undefined : Number(query.minPrice),
    maxPrice: query.maxPrice === undefined ? undefined : Number(query.maxPrice),
    availableOnly: query.available === 'true',
    sort: query.sort ?? (search === undefined ? 'newest' : 'relevance'),
  };
}

/**
 * The criteria as one string, stable under parameter order, repetition and defaults: the
 * cursor fingerprint and (with the page) the cache key. Equal lists, equal strings.
 */
export function canonicalCriteria(criteria: ProductListCriteria): string {
  const parameters: [string, string][] = [['currency', criteria.currency]];
  if (criteria.search !== undefined) parameters.push(['q', criteria.search]);
  if (criteria.category !== undefined) parameters.push(['category', criteria.category]);
  if (criteria.collection !== undefined) parameters.push(['collection', criteria.collection]);
  for (const tag of criteria.tags) parameters.push(['tag', tag]);
  for (const option of criteria.options) {
    for (const value of option.values) parameters.push([`option.${option.name}`, value]);
  }
  if (criteria.minPrice !== undefined) parameters.push(['minPrice', String(criteria.minPrice)]);
  if (criteria.maxPrice !== undefined) parameters.push(['maxPrice', String(criteria.maxPrice)]);
  if (criteria.availableOnly) parameters.push(['available', 'true']);
  parameters.push(['sort', criteria.sort]);
  parameters.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return new URLSearchParams(parameters).toString();
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
