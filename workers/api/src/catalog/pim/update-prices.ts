import { catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { partnerAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { catalogEvent } from '../write/events';
import { assertPriceWindowLimit } from '../write/price-rules';
import { type WriteAnswer, writeOnce } from '../write/write-once';
import { batchLimit } from './batch-limit';
import { deliveryIdOf, pimDelivery } from './delivery';
import { DeliveryHeaders } from './delivery-headers';
import { MAX_PIM_BATCH_ITEMS } from './limits';
import { planPriceBatch } from './price-batch-plan';
import { type PimPrice, PimPriceBatch, PimPriceBatchResult } from './price-batch-schema';

const route = createRoute({
  method: 'post',
  path: '/v1/integrations/pim/prices',
  operationId: 'updatePimPrices',
  tags: ['PIM integration'],
  summary: 'Apply a batch of price updates from the PIM',
  description: `Creates or updates up to ${MAX_PIM_BATCH_ITEMS} price windows. A window is addressed by SKU,
currency and \`startsAt\` (absent = since forever); amounts are integer minor units.

Authentication, at-most-once delivery (\`Upstash-Message-Id\` / \`Idempotency-Key\`), ordering
(an item whose \`version\` is not above the stored window's is reported \`stale\` and changes
nothing) and all-or-nothing validation work as for products: 400 \`validation_failed\` for
malformed fields (a negative or fractional amount, an unknown currency), 422 \`batch_rejected\`
for rules (unknown SKU, \`compareAtAmount\` not above \`amount\`, \`endsAt\` not after \`startsAt\`,
the same window twice), each listing every offending item. Each created or changed window
records a \`PriceUpdated\` event in the same transaction.`,
  ...requires(
    partnerAccess('pim:write'),
    pimDelivery('pim.prices'),
    batchLimit('prices', MAX_PIM_BATCH_ITEMS),
  ),
  request: {
    headers: DeliveryHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: PimPriceBatch,
          example: {
            prices: [
              { sku: 'LS-M', currency: 'EUR', amount: 4900, compareAtAmount: 5900, version: 7 },
              {
                sku: 'LS-M',
                currency: 'EUR',
                amount: 3900,
                startsAt: '2026-11-27T00:00:00Z',
                endsAt: '2026-12-01T00:00:00Z',
                version: 8,
              },
            ],
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The batch was applied (or replayed): one outcome per item, in batch order.',
      content: {
        'application/json': {
          schema: PimPriceBatchResult,
          example: {
            deliveryId: 'msg_26hZCxZCuWyyTWPmSVBrNCtiJPAjmv2TBj9',
            applied: 1,
            stale: 1,
            results: [
              {
                index: 0,
                sku: 'LS-M',
                currency: 'EUR',
                priceId: 'price_01jd7x6q2n8v0c4r5s6t7u8v9w',
                outcome: 'stale',
                version: 7,
                currentVersion: 9,
              },
              {
                index: 1,
                sku: 'LS-M',
                currency: 'EUR',
                priceId: 'price_01jd7x7a3m9w1d5s6t7u8v9w0x',
                outcome: 'created',
                version: 8,
                currentVersion: 8,
              },
            ],
          },
        },
      },
    },
    ...problemResponses(...commonProblems, 401, 403, 422, 503),
  },
});

export function registerUpdatePimPrices(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { prices } = c.req.valid('json');
    const delivery = c.get('delivery');
    const answer = await writeOnce(c, delivery, {
      prepare: () => planPriceBatch(c.get('database')(), prices),
      apply: (tx, plan) => applyPriceBatch(tx, plan, prices, deliveryIdOf(delivery)),
    });
    return c.json(answer.body, answer.status, answer.headers);
  });
}

async function applyPriceBatch(
  tx: catalogWrites.Transaction,
  plan: catalogWrites.PimPrice[],
  prices: readonly PimPrice[],
  deliveryId: string,
): Promise<WriteAnswer<200, PimPriceBatchResult>> {
  const outcomes = await catalogWrites.upsertPimPrices(tx, plan).catch((error: unknown) => {
    throw catalogWrites.sqlState(error) === '23503' ? variantRemovedMeanwhile() : error;
  });
  // Only a created window adds to a variant's count: batches of updates skip the statement.
  await assertPriceWindowLimit(
    tx,
    outcomes
      .filter((outcome) => outcome.outcome === 'created')
      .map((outcome) => ({
        variantId: plan[outcome.index]?.variantId ?? '',
        path: `prices[${outcome.index}]`,
      })),
    'batch_rejected',
    'price batch',
  );
  const occurredAt = new Date();
  const events: catalogWrites.OutboxEvent[] = [];
  const results = outcomes.map((outcome) => {
    const price = prices[outcome.index];
    const planned = plan[outcome.index];
    if (!price || !planned) throw new Error(`price outcome ${outcome.index} has no item`);
    if (outcome.outcome !== 'stale') {
      events.push(
        catalogEvent(
          'PriceUpdated',
          outcome.priceId,
          {
            priceId: outcome.priceId,
            variantId: planned.variantId,
            sku: price.sku,
            currency: price.currency,
            amount: price.amount,
            compareAtAmount: planned.compareAtAmount,
            startsAt: planned.startsAt,
            endsAt: planned.endsAt,
            pimVersion: price.version,
            change: outcome.outcome,
            source: 'pim',
          },
          occurredAt,
        ),
      );
    }
    return {
      index: outcome.index,
      sku: price.sku,
      currency: price.currency,
      priceId: outcome.priceId,
      outcome: outcome.outcome,
      version: price.version,
      currentVersion: outcome.outcome === 'stale' ? outcome.currentVersion : price.version,
    };
  });
  await catalogWrites.appendOutboxEvents(tx, events);
  return {
    status: 200,
    changed: events.length > 0,
    body: { deliveryId, applied: events.length, stale: results.length - events.length, results },
  };
}

// Validation found every SKU; a concurrent product update removed one of the variants before the
// prices were written (foreign key violation). Nothing is applied; a retry reports which SKU.
function variantRemovedMeanwhile(): ApiError {
  return new ApiError(
    'batch_rejected',
    'A variant of this batch was removed while it was being applied; nothing was applied. Retry to see which.',
  );
}
