import { z } from '@hono/zod-openapi';
import { Count, Integer, IssuedId } from '../../openapi/bounded';
import { Amount, Currency, Instant, Sku, Version } from '../write/fields';
import { MAX_PIM_BATCH_ITEMS } from './limits';

export const PimPrice = z
  .strictObject({
    sku: Sku,
    currency: Currency,
    amount: Amount.openapi({ description: 'Integer minor units.', example: 4900 }),
    compareAtAmount: Amount.nullable()
      .optional()
      .openapi({ description: 'The "was" price; above `amount`.', example: 5900 }),
    startsAt: Instant.nullable().optional().openapi({ description: 'Inclusive; absent = since forever.' }),
    endsAt: Instant.nullable()
      .optional()
      .openapi({ description: 'Exclusive; absent = until further notice.' }),
    version: Version,
  })
  .openapi('PimPrice', {
    description: 'A price window, keyed by SKU, currency and `startsAt`; each carries its own version.',
  });

export type PimPrice = z.infer<typeof PimPrice>;

export const PimPriceBatch = z
  .strictObject({ prices: z.array(PimPrice).min(1).max(MAX_PIM_BATCH_ITEMS) })
  .openapi('PimPriceBatch');

const PriceOutcome = z
  .object({
    index: Integer(0, MAX_PIM_BATCH_ITEMS - 1),
    sku: z.string().max(64),
    currency: z.string().length(3),
    priceId: IssuedId('price_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    outcome: z.enum(['created', 'updated', 'stale']),
    version: Count(),
    currentVersion: Count(),
  })
  .openapi('PimPriceOutcome');

export const PimPriceBatchResult = z
  .object({
    deliveryId: z.string().max(255),
    applied: Integer(0, MAX_PIM_BATCH_ITEMS),
    stale: Integer(0, MAX_PIM_BATCH_ITEMS),
    results: z.array(PriceOutcome).max(MAX_PIM_BATCH_ITEMS),
  })
  .openapi('PimPriceBatchResult');

export type PimPriceBatchResult = z.infer<typeof PimPriceBatchResult>;
