import { type catalogWrites, inventoryWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { partnerAccess, requires } from '../../auth/access';
import { partnerDeliveryDoc } from '../../auth/partner-delivery-doc';
import { batchLimit } from '../../catalog/pim/batch-limit';
import { deliveryIdOf, pimDelivery } from '../../catalog/pim/delivery';
import { DeliveryHeaders } from '../../catalog/pim/delivery-headers';
import { type WriteAnswer, writeOnce } from '../../catalog/write/write-once';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { checkLevelBatch } from './level-batch-rules';
import {
  MAX_WMS_BATCH_ITEMS,
  type WmsLevel,
  WmsLevelBatch,
  WmsLevelBatchResult,
  type WmsLevelOutcome,
} from './level-batch-schema';
import { recordLevelsInObjects } from './objects';

const route = createRoute({
  method: 'post',
  path: '/v1/integrations/wms/inventory-levels',
  operationId: 'recordWmsInventoryLevels',
  tags: ['WMS integration'],
  summary: 'Record a batch of stock levels from the WMS',
  description: `Records up to ${MAX_WMS_BATCH_ITEMS} stock levels: how many units of a SKU are at a stock
location, as the WMS counted them. Postgres keeps them (the record the inventory is rebuilt from),
then each SKU's inventory takes them for available-to-sell.

${partnerDeliveryDoc(
  'wms:write',
  `A redelivery also sends its applied levels to the inventory again (harmless, by sequence), so a
  delivery cut off between the two stores loses nothing.`,
)}
- **Order**: a level whose \`sequence\` is not above the stored one for its SKU and location is
  reported \`stale\` and changes nothing; whatever order deliveries arrive or race in, the highest
  sequence wins.
- **Per item, not all or nothing, for SKUs**: a SKU no variant has is reported \`unknown_sku\` and
  stores nothing; the other items apply.
- **Short stock is reported, never hidden**: a level that leaves committed stock above on hand is
  recorded as reported; its item carries the \`shortfall\` and a warning is logged.
- **Malformed input**: 400 \`validation_failed\` (a negative, fractional or huge \`onHand\`, a
  missing field, an empty batch), 422 \`batch_rejected\` for a SKU and location twice in one
  batch, 413 \`batch_too_large\` above ${MAX_WMS_BATCH_ITEMS} items; nothing is applied.`,
  ...requires(
    partnerAccess('wms:write'),
    pimDelivery('wms.levels'),
    batchLimit('levels', MAX_WMS_BATCH_ITEMS),
  ),
  request: {
    headers: DeliveryHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: WmsLevelBatch,
          example: {
            levels: [
              { sku: 'LS-BLUE-M', location: 'berlin-1', onHand: 120, sequence: 1042 },
              { sku: 'LS-BLUE-M', location: 'lyon-2', onHand: 8, sequence: 977 },
            ],
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The batch was recorded (or replayed): one outcome per item, in batch order.',
      content: {
        'application/json': {
          schema: WmsLevelBatchResult,
          example: {
            deliveryId: 'msg_26hZCxZCuWyyTWPmSVBrNCtiJPAjmv2TBj9',
            applied: 1,
            stale: 1,
            unknownSku: 0,
            shortfalls: 0,
            results: [
              {
                index: 0,
                sku: 'LS-BLUE-M',
                location: 'berlin-1',
                onHand: 120,
                sequence: 1042,
                outcome: 'applied',
                currentSequence: 1042,
                shortfall: 0,
              },
              {
                index: 1,
                sku: 'LS-BLUE-M',
                location: 'lyon-2',
                onHand: 8,
                sequence: 977,
                outcome: 'stale',
                currentSequence: 981,
              },
            ],
          },
        },
      },
    },
    ...problemResponses(...commonProblems, 401, 403, 422, 503),
  },
});

/** The inbound WMS integration: stock levels per SKU and location (issue 9). */
export function registerRecordWmsLevels(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { levels } = c.req.valid('json');
    const delivery = c.get('delivery');
    const answer = await writeOnce(c, delivery, {
      prepare: async () => checkLevelBatch(levels),
      apply: (tx) => storeLevels(tx, levels, deliveryIdOf(delivery)),
    });
    // After the commit, on a first delivery and on every replay alike: the recorded answer names
    // the levels Postgres took, and the objects ignore the ones they already have.
    const applied = answer.body.results.filter((item) => item.outcome === 'applied');
    const shortfalls = await recordLevelsInObjects(c.env.INVENTORY, applied, c.get('requestId'));
    const results = answer.body.results.map((item) =>
      item.outcome === 'applied' ? { ...item, shortfall: shortfalls.get(item.index) ?? 0 } : item,
    );
    const body: WmsLevelBatchResult = {
      ...answer.body,
      shortfalls: results.filter((item) => (item.shortfall ?? 0) > 0).length,
      results,
    };
    return c.json(body, answer.status, answer.headers);
  });
}

/**
 * Inside the write's transaction. The recorded answer leaves out shortfalls: they are the
 * objects' to tell, after the commit, and are filled in on every answer including replays.
 */
async function storeLevels(
  tx: catalogWrites.Transaction,
  levels: readonly WmsLevel[],
  deliveryId: string,
): Promise<WriteAnswer<200, WmsLevelBatchResult>> {
  const outcomes = await inventoryWrites.upsertInventoryLevels(tx, levels);
  const results = outcomes.map((outcome): WmsLevelOutcome => {
    const level = levels[outcome.index];
    if (!level) throw new Error(`no level at index ${outcome.index}`);
    return {
      index: outcome.index,
      ...level,
      outcome: outcome.outcome,
      ...(outcome.outcome === 'unknown_sku' ? {} : { currentSequence: outcome.currentSequence }),
    };
  });
  const count = (kind: WmsLevelOutcome['outcome']) => results.filter((item) => item.outcome === kind).length;
  return {
    status: 200,
    // Stock levels are not in the catalog cache: nothing to invalidate.
    changed: false,
    body: {
      deliveryId,
      applied: count('applied'),
      stale: count('stale'),
      unknownSku: count('unknown_sku'),
      shortfalls: 0,
      results,
    },
  };
}
