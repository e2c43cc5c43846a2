import { z } from '@hono/zod-openapi';
import {
  currencyParameter,
  cursorParameter,
  limitParameter,
  marketParameter,
  rejectUnknownParameters,
} from './query-parameters';

/** Query of a single resource priced in a currency: `currency` and `market`, nothing else. */
export const PricingQuery = z
  .object({ currency: currencyParameter, market: marketParameter })
  .catchall(z.unknown())
  .superRefine((query, context) => rejectUnknownParameters(query, ['currency', 'market'], context, false));

/** A priced, paginated list without filters (a collection's products). */
export const PricedPageQuery = z
  .object({
    currency: currencyParameter,
    market: marketParameter,
    limit: limitParameter,
    cursor: cursorParameter,
  })
  .catchall(z.unknown())
  .superRefine((query, context) =>
    rejectUnknownParameters(query, ['currency', 'market', 'limit', 'cursor'], context, false),
  );

/** No query at all. */
export const NoQuery = z
  .object({})
  .catchall(z.unknown())
  .superRefine((query, context) => rejectUnknownParameters(query, [], context, false));
