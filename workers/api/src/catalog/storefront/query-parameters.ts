import { z } from '@hono/zod-openapi';
import { Text } from '../../input/text';

// Strict query validation: every parameter is known, given once unless it is a list, and shaped
// as documented; anything else is a 400 naming it. A typo (`colour=blue`, `sort=price`) must not
// quietly return the unfiltered catalog.

/** Handles of categories, collections and markets: letters (any script), digits, `_` and `-`. */
export const HANDLE_PATTERN = /^[\p{L}\p{N}_-]{1,100}$/u;

const once = { error: 'must be given once' } as const;

// Checked with a refinement rather than `regex`, which would publish the pattern: JSON Schema
// validators differ on Unicode property escapes (`\p{L}`), and one without them would reject
// every handle, the documented example included.
export const handleParameter = (name: string, description: string, example: string) =>
  Text({ max: 100, notText: once.error })
    .refine((value) => HANDLE_PATTERN.test(value), 'must be a handle: 1 to 100 letters, digits, "_" or "-"')
    .optional()
    .openapi({ param: { name, in: 'query' }, description, example });

export const limitParameter = z
  .string(once)
  .max(3)
  .regex(/^(100|[1-9][0-9]?)$/, 'must be an integer from 1 to 100')
  .optional()
  .openapi({
    param: { name: 'limit', in: 'query' },
    description: 'Products per page, 1 to 100 (default 20).',
    example: '20',
  });

export const cursorParameter = z
  .string(once)
  .min(1)
  .max(512, 'is not a cursor this API issued')
  .optional()
  .openapi({
    param: { name: 'cursor', in: 'query' },
    description:
      'The `nextCursor` of the previous page, passed back unchanged with the same other parameters ' +
      '(`limit` may change). A cursor from another query is refused with `cursor_mismatch`.',
    example: 'eyJxIjoiNGZhMW…',
  });

export const currencyParameter = z
  .string(once)
  .max(3)
  .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 currency code such as USD')
  .optional()
  .openapi({
    param: { name: 'currency', in: 'query' },
    description:
      'ISO 4217 code of the prices shown; some market (or the given `market`) must sell in it, ' +
      'else 400 `unsupported_currency`. Default: the market’s default currency, or USD.',
    example: 'EUR',
  });

export const marketParameter = handleParameter(
  'market',
  'Market handle: prices in its default currency unless `currency` says otherwise. Unknown: 400 `unknown_market`.',
  'eu',
);

/** A parameter that may repeat (`tag=a&tag=b`), as a list either way. */
export const repeatable = (name: string, description: string, example: string, maxItems: number) =>
  z
    .preprocess(
      (value) => (typeof value === 'string' ? [value] : value),
      z.array(Text({ min: 1, max: 100 })).max(maxItems, `may be given at most ${maxItems} times`),
    )
    .optional()
    .openapi({ param: { name, in: 'query', style: 'form', explode: true }, description, example: [example] });

/**
 * Rejects every parameter not in `known` (and not an `option.<name>` filter where those are
 * allowed), with one error per offender, so a client learns all its mistakes at once.
 */
export function rejectUnknownParameters(
  query: Record<string, unknown>,
  known: readonly string[],
  context: z.RefinementCtx,
  optionFilters: boolean,
): void {
  for (const name of Object.keys(query)) {
    if (known.includes(name)) continue;
    if (optionFilters && name.startsWith('option.')) continue;
    context.addIssue({
      code: 'custom',
      path: [name],
      message: `is not a parameter of this operation; expected one of ${known.join(', ')}${
        optionFilters ? ', option.<name>' : ''
      }`,
    });
  }
}
