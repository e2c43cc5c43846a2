import { catalogWrites } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { configureInventoryObjects } from '../../inventory/stock-policy';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { checkProductRules } from '../write/product-rules';
import { RuleViolations } from '../write/rule-violations';
import { isDefaultStockPolicy, stockPolicyChange } from '../write/stock-policy-rules';
import { defaultVariantTitle } from '../write/variant-options';
import { writeOnce } from '../write/write-once';
import { adminIdempotencyScope } from './idempotency';
import { resolveCategoryHandles, writeCategories, writeMedia, writeOptions } from './product-children';
import { productUpdatedByAdmin } from './product-events';
import { AdminProduct, AdminProductCreate, IdempotencyKeyHeader } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/admin/products',
  operationId: 'adminCreateProduct',
  tags: ['Admin'],
  summary: 'Create a product',
  description: `Creates a product with its options, variants, media and categories; \`draft\` unless a status
is given. Its PIM version is 0: if the PIM later sends the same handle, the PIM's version takes the
product over. Records a \`ProductUpdated\` event (\`change: created\`). Each variant may carry its
stock policy (\`inventoryPolicy\`, \`oversellLimit\`, \`lowStockThreshold\`; default \`deny\`, 0, 0),
sent to the SKU's inventory after the commit.

Errors: 400 \`validation_failed\` (malformed fields), 409 \`handle_taken\` / \`sku_taken\`,
422 \`rule_violated\` (variant options not matching the option definitions, a SKU or picture twice,
an unknown category handle, an \`oversellLimit\` with \`deny\` or without its policy, a backorder or
preorder without one; every violation listed), 422 \`idempotency_key_reused\`.`,
  ...requires(adminAccess),
  request: {
    headers: IdempotencyKeyHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: AdminProductCreate,
          example: {
            handle: 'linen-shirt',
            title: 'Linen shirt',
            status: 'draft',
            options: [{ name: 'size', values: ['S', 'M'] }],
            variants: [
              { sku: 'LS-S', options: { size: 'S' } },
              { sku: 'LS-M', options: { size: 'M' } },
            ],
            categories: ['shirts'],
          },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Created; `Location` names the new product.',
      headers: {
        Location: { schema: { type: 'string', maxLength: 200 }, description: '/v1/admin/products/{id}' },
      },
      content: { 'application/json': { schema: AdminProduct } },
    },
    ...problemResponses(...commonProblems, 401, 409, 422, 503),
  },
});

export function registerCreateProduct(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const db = c.get('database')();
    const answer = await writeOnce(c, await adminIdempotencyScope(c), {
      prepare: async () => {
        const violations = new RuleViolations();
        checkProductRules(input, '', violations);
        const categoryIds = await resolveCategoryHandles(db, input.categories, 'categories', violations);
        violations.throwIfAny('rule_violated', 'product');
        const owners = await catalogWrites.findVariantOwners(
          db,
          input.variants.map((variant) => variant.sku),
        );
        if (owners.size > 0) throw skuTaken([...owners.keys()]);
        return { categoryIds };
      },
      apply: async (tx, { categoryIds }) => {
        const productId = newId('product');
        const inserted = await catalogWrites.insertAdminProduct(tx, productId, {
          handle: input.handle,
          title: input.title,
          description: input.description,
          status: input.status,
          vendor: input.vendor ?? null,
          tags: input.tags,
          attributes: input.attributes,
        });
        if (!inserted)
          throw new ApiError('handle_taken', `A product already has the handle ${input.handle}.`);
        await writeOptions(tx, productId, input.options);
        await catalogWrites
          .replaceProductVariants(
            tx,
            [productId],
            input.variants.map((variant, position) => ({
              id: newId('variant'),
              productId,
              sku: variant.sku,
              title: variant.title ?? defaultVariantTitle(variant.options, input.options, input.title),
              options: variant.options,
              weightGrams: variant.weightGrams ?? null,
              position,
              availableForSale: variant.availableForSale,
              pimVersion: 0,
              stockPolicy: stockPolicyChange(variant),
            })),
          )
          .catch((error: unknown) => {
            throw error instanceof catalogWrites.SkuOwnedElsewhereError ? skuTaken(error.skus) : error;
          });
        await writeMedia(tx, productId, input.media);
        await writeCategories(tx, productId, categoryIds);
        await catalogWrites.appendOutboxEvents(tx, [await productUpdatedByAdmin(tx, productId, 'created')]);
        const view = await catalogWrites.readProductView(tx, productId);
        if (!view) throw new Error(`product ${productId} vanished inside its own transaction`);
        return {
          status: 201 as const,
          body: view,
          headers: { Location: `/v1/admin/products/${productId}` },
          changed: true,
        };
      },
    });
    // After the commit, replays included: new SKUs' objects hold the default policy already.
    await configureInventoryObjects(
      c.env.INVENTORY,
      answer.body.variants.filter((variant) => !isDefaultStockPolicy(variant)),
    );
    return c.json(answer.body, answer.status, answer.headers);
  });
}

function skuTaken(skus: readonly string[]): ApiError {
  return new ApiError('sku_taken', `These SKUs belong to other products: ${skus.join(', ')}.`, { skus });
}
