import { MAX_QUANTITY } from '@edge-commerce/inventory';
import { z } from '@hono/zod-openapi';
import { Sku } from '../../catalog/write/fields';
import { Text } from '../../input/text';
import { Count, Integer } from '../../openapi/bounded';

/** Most levels a WMS batch may carry; more is refused whole with 413 `batch_too_large`. */
export const MAX_WMS_BATCH_ITEMS = 500;

// Visible ASCII without spaces: what the inventory ledger accepts as a location key, so a level
// that passes here is never refused by the object after Postgres stored it.
export const Location = Text({ min: 1, max: 64 })
  .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII characters, without spaces')
  .openapi({ description: "The WMS's stock location code.", example: 'berlin-1' });

export const WmsLevel = z
  .strictObject({
    sku: Sku,
    location: Location,
    onHand: Integer(0, MAX_QUANTITY).openapi({
      description: 'Units physically at the location, as the WMS counts them.',
      example: 120,
    }),
    sequence: Integer(1, Number.MAX_SAFE_INTEGER).openapi({
      description:
        "The WMS's order of its reports for this SKU and location: a level whose sequence is not " +
        'above the stored one is `stale` and changes nothing.',
      example: 1042,
    }),
  })
  .openapi('WmsLevel');

export type WmsLevel = z.infer<typeof WmsLevel>;

export const WmsLevelBatch = z
  .strictObject({ levels: z.array(WmsLevel).min(1).max(MAX_WMS_BATCH_ITEMS) })
  .openapi('WmsLevelBatch');

const LevelOutcome = z
  .object({
    index: Integer(0, MAX_WMS_BATCH_ITEMS - 1).openapi({ description: 'Position of the item in the batch.' }),
    sku: z.string().max(64),
    location: z.string().max(64),
    onHand: Count(),
    sequence: Count(),
    outcome: z.enum(['applied', 'stale', 'unknown_sku']).openapi({
      description:
        "`applied`: stored and sent to the SKU's inventory. `stale`: the stored sequence is the same " +
        'or higher, nothing changed. `unknown_sku`: no variant has the SKU, nothing was stored.',
    }),
    currentSequence: Count()
      .optional()
      .openapi({ description: 'The sequence stored after the batch; absent for `unknown_sku`.' }),
    shortfall: Count()
      .optional()
      .openapi({
        description:
          'Applied items only: how far committed stock exceeds on hand across locations once the level ' +
          'is in (0 normally). Above 0 the level is still recorded as reported, never clamped.',
      }),
  })
  .openapi('WmsLevelOutcome');

export type WmsLevelOutcome = z.infer<typeof LevelOutcome>;

export const WmsLevelBatchResult = z
  .object({
    deliveryId: z
      .string()
      .max(255)
      .openapi({ description: 'The Upstash-Message-Id or Idempotency-Key answered.' }),
    applied: Integer(0, MAX_WMS_BATCH_ITEMS),
    stale: Integer(0, MAX_WMS_BATCH_ITEMS),
    unknownSku: Integer(0, MAX_WMS_BATCH_ITEMS),
    shortfalls: Integer(0, MAX_WMS_BATCH_ITEMS).openapi({
      description: 'Applied items that left committed stock above on hand.',
    }),
    results: z.array(LevelOutcome).max(MAX_WMS_BATCH_ITEMS),
  })
  .openapi('WmsLevelBatchResult');

export type WmsLevelBatchResult = z.infer<typeof WmsLevelBatchResult>;
