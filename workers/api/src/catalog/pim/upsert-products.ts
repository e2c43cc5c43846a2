import { catalogWrites, type Database } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { partnerAccess, requires } from '../../auth/access';
import { partnerDeliveryDoc } from '../../auth/partner-delivery-doc';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { configureInventoryObjects } from '../../inventory/stock-policy';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { DEFAULT_STOCK_POLICY } from '../write/stock-policy-rules';
import { type WriteAnswer, writeOnce } from '../write/write-once';
import { batchLimit } from './batch-limit';
import { deliveryIdOf, pimDelivery } from './delivery';
import { DeliveryHeaders } from './delivery-headers';
import { MAX_PIM_BATCH_ITEMS } from './limits';
import { planProductBatch } from './product-batch-plan';
import { type PimProduct, PimProductBatch, PimProductBatchResult } from './product-batch-schema';
import { productUpdatedByPim } from './product-events';

const route = createRoute({
  method: 'post',
  path: '/v1/integrations/pim/products',
  operationId: 'upsertPimProducts',
  tags: ['PIM integration'],
  summary: 'Upsert a batch of products from the PIM',
  description: `Creates or replaces up to ${MAX_PIM_BATCH_ITEMS} products, each with its variants, option
definitions, media, categories, tags and attributes. A product is addressed by its \`handle\`; the
item is the product's whole state (variants, media and categories missing from it are removed).

${partnerDeliveryDoc('pim:write')}
- **Order-proof**: an item whose \`version\` is not above the stored one changes nothing and is
  reported \`stale\`; whatever order deliveries arrive or race in, the highest version wins whole.
- **All or nothing**: a malformed field gives 400 \`validation_failed\`; fields that are
  well-formed but break a rule together (a handle or SKU twice in the batch, a SKU of another
  product, an unknown category handle, variant options not matching the option definitions,
  compare-at prices…) give 422 \`batch_rejected\`. Either lists **every** offending item and field
  (\`products[3].variants[0].sku\`) and nothing is applied. More than ${MAX_PIM_BATCH_ITEMS} items:
  413 \`batch_too_large\`.
- Each created or changed product records a \`ProductUpdated\` event in the same transaction.
- **Stock policy** per variant: \`inventoryPolicy\` (\`deny\`, \`backorder\`, \`preorder\`),
  \`oversellLimit\` (required with \`backorder\` and \`preorder\`, 0 or absent with \`deny\`, never
  alone) and \`lowStockThreshold\`. Unlike the rest of the item, an absent field keeps the stored
  value (a new variant: \`deny\`, 0, 0), so operators may set them in the admin API. A policy
  that changed, and every new SKU's, is sent to the SKU's inventory after the commit (and again on
  a redelivery); a breach of these rules is a 422 \`batch_rejected\` like the others.`,
  ...requires(
    partnerAccess('pim:write'),
    pimDelivery('pim.products'),
    batchLimit('products', MAX_PIM_BATCH_ITEMS),
  ),
  request: {
    headers: DeliveryHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: PimProductBatch,
          example: {
            products: [
              {
                handle: 'linen-shirt',
                version: 42,
                title: 'Linen shirt',
                description: 'A breathable linen shirt.',
                status: 'active',
                vendor: 'Atelier Nord',
                tags: ['linen', 'summer'],
                attributes: { material: 'linen' },
                options: [{ name: 'size', values: ['S', 'M', 'L'] }],
                variants: [
                  { sku: 'LS-S', options: { size: 'S' }, weightGrams: 220 },
                  { sku: 'LS-M', options: { size: 'M' }, weightGrams: 230 },
                ],
                media: [{ url: 'https://cdn.example.com/linen-shirt.jpg', alt: 'Linen shirt, front' }],
                categories: ['shirts'],
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
          schema: PimProductBatchResult,
          example: {
            deliveryId: 'msg_26hZCxZCuWyyTWPmSVBrNCtiJPAjmv2TBj9',
            applied: 1,
            stale: 0,
            results: [
              {
                index: 0,
                handle: 'linen-shirt',
                productId: 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w',
                outcome: 'updated',
                version: 42,
                currentVersion: 42,
              },
            ],
          },
        },
      },
    },
    ...problemResponses(...commonProblems, 401, 403, 422, 503),
  },
});

export function registerUpsertPimProducts(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { products } = c.req.valid('json');
    const delivery = c.get('delivery');
    let written: catalogWrites.WrittenStockPolicy[] = [];
    const answer = await writeOnce(c, delivery, {
      prepare: () => planProductBatch(c.get('database')(), products),
      apply: async (tx, plan) => {
        const applied = await applyProductBatch(tx, plan, products, deliveryIdOf(delivery));
        written = applied.stockPolicies;
        return applied.answer;
      },
    });
    await configureInventoryObjects(
      c.env.INVENTORY,
      await policiesToSend(c.get('database'), answer, written),
    );
    return c.json(answer.body, answer.status, answer.headers);
  });
}

/**
 * The stock policies the inventory objects must hear of. A first delivery knows which changed,
 * at no extra statement: a new SKU (a SKU the PIM renamed is one) when its policy is not the
 * default, and a removed SKU (put back to the default). A replay's recorded answer does not carry
 * them, so it reads its applied products' policies as committed now and sends them all (one
 * statement, replays only; configuring is idempotent). A removed SKU is not re-sent by a replay.
 */
async function policiesToSend(
  database: () => Database,
  answer: { body: PimProductBatchResult; headers: Record<string, string> },
  written: readonly catalogWrites.WrittenStockPolicy[],
): Promise<catalogWrites.WrittenStockPolicy[]> {
  if (answer.headers['Idempotent-Replayed'] !== 'true') return written.filter((policy) => policy.changed);
  const applied = answer.body.results.filter((item) => item.outcome !== 'stale');
  return catalogWrites.readStockPolicies(
    database(),
    applied.map((item) => item.productId),
  );
}

async function applyProductBatch(
  tx: catalogWrites.Transaction,
  plan: catalogWrites.PimProduct[],
  products: readonly PimProduct[],
  deliveryId: string,
): Promise<{
  answer: WriteAnswer<200, PimProductBatchResult>;
  stockPolicies: catalogWrites.WrittenStockPolicy[];
}> {
  const { outcomes, applied, removedSkus } = await catalogWrites
    .upsertPimProducts(tx, plan)
    .catch((error: unknown) => {
      throw error instanceof catalogWrites.SkuOwnedElsewhereError
        ? skuTakenMeanwhile(error, products)
        : error;
    });
  const occurredAt = new Date();
  await catalogWrites.appendOutboxEvents(
    tx,
    applied.map((entry) => productUpdatedByPim(entry, occurredAt)),
  );
  const answer: WriteAnswer<200, PimProductBatchResult> = {
    status: 200,
    changed: applied.length > 0,
    body: {
      deliveryId,
      applied: applied.length,
      stale: outcomes.length - applied.length,
      results: outcomes.map((outcome, index) => ({
        index,
        handle: outcome.handle,
        productId: outcome.productId,
        outcome: outcome.outcome,
        version: outcome.version,
        currentVersion: outcome.outcome === 'stale' ? outcome.currentVersion : outcome.version,
      })),
    },
  };
  const written = applied.flatMap((entry) => entry.variants.map((variant) => variant.stockPolicy));
  const kept = new Set(written.map((policy) => policy.sku));
  // A removed SKU's object is put back to the defaults: should the SKU return with them, as a
  // new variant (whose defaults are not sent), its object must not hold the old policy.
  const reset = removedSkus
    .filter((sku) => !kept.has(sku))
    .map((sku) => ({ sku, ...DEFAULT_STOCK_POLICY, changed: true }));
  return { answer, stockPolicies: [...written, ...reset] };
}

// Validation saw these SKUs free or ours; a concurrent batch gave them to another product before
// we wrote. The transaction rolls back and the batch is rejected like any other rule violation.
function skuTakenMeanwhile(
  error: catalogWrites.SkuOwnedElsewhereError,
  products: readonly PimProduct[],
): ApiError {
  const taken = new Set(error.skus);
  const errors = products.flatMap((product, index) =>
    product.variants.flatMap((variant, variantIndex) =>
      taken.has(variant.sku)
        ? [
            {
              path: `products[${index}].variants[${variantIndex}].sku`,
              message: 'belongs to another product',
            },
          ]
        : [],
    ),
  );
  return new ApiError(
    'batch_rejected',
    `${errors.length} SKUs were taken by another product; nothing was applied.`,
    {
      errors,
    },
  );
}
