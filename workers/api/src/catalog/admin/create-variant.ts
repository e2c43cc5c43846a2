import { catalogWrites } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { configureInventoryObjects } from '../../inventory/stock-policy';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { RuleViolations } from '../write/rule-violations';
import {
  checkStockPolicy,
  DEFAULT_STOCK_POLICY,
  isDefaultStockPolicy,
  withStockPolicyChange,
} from '../write/stock-policy-rules';
import { defaultVariantTitle } from '../write/variant-options';
import { writeOnce } from '../write/write-once';
import { adminIdempotencyScope } from './idempotency';
import { assertIdShape, notFound } from './not-found';
import { ProductIdParam } from './params';
import { productUpdatedByAdmin } from './product-events';
import { AdminVariant, AdminVariantCreate, IdempotencyKeyHeader } from './schemas';
import { checkVariantFits } from './variant-rules';

const route = createRoute({
  method: 'post',
  path: '/v1/admin/products/{productId}/variants',
  operationId: 'adminCreateVariant',
  tags: ['Admin'],
  summary: 'Add a variant to a product',
  description: `Adds a variant (PIM version 0). Its options must name one value of each of the product's
options, and no other variant may have the same values. A later PIM message for the product replaces
its variants with the PIM's. Records a \`ProductUpdated\` event.

**Stock policy**: \`inventoryPolicy\` (default \`deny\`), \`oversellLimit\` (required with
\`backorder\` or \`preorder\`, 0 or absent with \`deny\`) and \`lowStockThreshold\` (default 0) are
stored, then sent to the SKU's inventory, which sells up to the limit below zero.

Errors: 400 \`validation_failed\` (an unknown policy, a negative, fractional or huge limit or
threshold), 404 \`not_found\` (product), 409 \`sku_taken\`, 422 \`rule_violated\` (also a limit
with \`deny\`, without its policy, or a backorder or preorder without one), 422
\`idempotency_key_reused\`.`,
  ...requires(adminAccess),
  request: {
    params: ProductIdParam,
    headers: IdempotencyKeyHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: AdminVariantCreate,
          example: { sku: 'LS-L', options: { size: 'L' }, weightGrams: 240 },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Created; `Location` names the new variant.',
      headers: {
        Location: { schema: { type: 'string', maxLength: 200 }, description: '/v1/admin/variants/{id}' },
      },
      content: { 'application/json': { schema: AdminVariant } },
    },
    ...problemResponses(...commonProblems, 401, 404, 409, 422, 503),
  },
});

export function registerCreateVariant(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { productId } = c.req.valid('param');
    const input = c.req.valid('json');
    assertIdShape('product', productId);
    const answer = await writeOnce(c, await adminIdempotencyScope(c), {
      prepare: async () => {
        const violations = new RuleViolations();
        checkStockPolicy(input, '', violations);
        violations.throwIfAny('rule_violated', 'variant');
      },
      apply: async (tx) => {
        const product = await catalogWrites.lockProduct(tx, productId);
        if (!product) throw notFound('product', productId);
        checkVariantFits(product, input.options, undefined);
        const variantId = newId('variant');
        const inserted = await catalogWrites.insertAdminVariant(tx, variantId, productId, {
          sku: input.sku,
          title: input.title ?? defaultVariantTitle(input.options, product.options, product.title),
          options: input.options,
          weightGrams: input.weightGrams ?? null,
          availableForSale: input.availableForSale,
          position: input.position ?? product.variants.length,
          stockPolicy: withStockPolicyChange(DEFAULT_STOCK_POLICY, input),
        });
        if (!inserted) throw new ApiError('sku_taken', `A variant already has the SKU ${input.sku}.`);
        await catalogWrites.appendOutboxEvents(tx, [await productUpdatedByAdmin(tx, productId, 'updated')]);
        const view = await catalogWrites.readVariantView(tx, variantId);
        if (!view) throw new Error(`variant ${variantId} vanished inside its own transaction`);
        return {
          status: 201 as const,
          body: view,
          headers: { Location: `/v1/admin/variants/${variantId}` },
          changed: true,
        };
      },
    });
    // After the commit, replays included: a new SKU's object holds the default policy already.
    if (!isDefaultStockPolicy(answer.body)) await configureInventoryObjects(c.env.INVENTORY, [answer.body]);
    return c.json(answer.body, answer.status, answer.headers);
  });
}
