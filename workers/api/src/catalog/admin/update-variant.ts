import { catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { configureInventoryObjects } from '../../inventory/stock-policy';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { RuleViolations } from '../write/rule-violations';
import { checkStockPolicy, DEFAULT_STOCK_POLICY, withStockPolicyChange } from '../write/stock-policy-rules';
import { writeOnce } from '../write/write-once';
import { EntityTagHeaders, entityTagOf } from './entity-tag';
import { assertPrecondition, IfMatchHeader, preconditionOfRequest } from './if-match';
import { assertIdShape, notFound } from './not-found';
import { VariantIdParam } from './params';
import { productUpdatedByAdmin } from './product-events';
import { AdminVariant, AdminVariantPatch } from './schemas';
import { checkVariantFits } from './variant-rules';

const route = createRoute({
  method: 'patch',
  path: '/v1/admin/variants/{variantId}',
  operationId: 'adminUpdateVariant',
  tags: ['Admin'],
  summary: 'Update a variant',
  description: `Changes the given fields. New option values must fit the product's options and differ from
every other variant's. The PIM version is kept, so the next newer PIM message for the product
replaces these edits. Records a \`ProductUpdated\` event.

**Concurrency**: \`If-Match\` is optional. With the \`ETag\` of a GET (or of the previous PATCH),
the change applies only if the variant (its prices included) is still exactly what that tag
names, checked and written in one transaction under the product's lock: of two operators sending
the same tag, one wins and the other gets 412. \`*\` matches any variant; weak tags never match.
Without it, the change applies to whatever is current. The answer carries the new \`ETag\`.

**Stock policy**: \`inventoryPolicy\` and \`oversellLimit\` change together (a limit alone is 422:
it would be read against whatever policy is stored); switching to \`deny\` sets the limit to 0.
\`lowStockThreshold\` changes alone. Absent fields keep their value. A changed policy, or a changed
SKU, is sent to the SKU's inventory after the commit.

Errors: 404 \`not_found\`, 400 \`validation_failed\` (also a malformed \`If-Match\`, an unknown
policy, a negative, fractional or huge limit or threshold), 409 \`sku_taken\`, 412
\`precondition_failed\` (the variant changed since the tag was read; nothing changed), 422
\`rule_violated\` (also a limit with \`deny\` or without its policy, a backorder or preorder without
a limit).`,
  ...requires(adminAccess),
  request: {
    params: VariantIdParam,
    headers: IfMatchHeader,
    body: {
      required: true,
      content: { 'application/json': { schema: AdminVariantPatch, example: { availableForSale: false } } },
    },
  },
  responses: {
    200: {
      description: 'The variant as updated, with its new `ETag`.',
      headers: EntityTagHeaders,
      content: { 'application/json': { schema: AdminVariant } },
    },
    ...problemResponses(...commonProblems, 401, 404, 409, 412, 422, 503),
  },
});

export function registerUpdateVariant(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { variantId } = c.req.valid('param');
    const patch = c.req.valid('json');
    const precondition = preconditionOfRequest(c.req.valid('header')['if-match']);
    assertIdShape('variant', variantId);
    let previousSku: string | undefined;
    const answer = await writeOnce(c, undefined, {
      prepare: async () => {
        const violations = new RuleViolations();
        checkStockPolicy(patch, '', violations);
        violations.throwIfAny('rule_violated', 'variant');
      },
      apply: async (tx) => {
        const productId = await catalogWrites.productOfVariant(tx, variantId);
        const product = productId ? await catalogWrites.lockProduct(tx, productId) : undefined;
        const current = product ? await catalogWrites.readVariantView(tx, variantId) : undefined;
        if (!product || !current) throw notFound('variant', variantId);
        await assertPrecondition(precondition, 'variant', async () => current);
        previousSku = current.sku;
        const options = patch.options ?? current.options;
        if (patch.options) checkVariantFits(product, options, variantId);
        await catalogWrites
          .updateAdminVariant(tx, variantId, {
            sku: patch.sku ?? current.sku,
            title: patch.title ?? current.title,
            options,
            weightGrams: patch.weightGrams === undefined ? current.weightGrams : patch.weightGrams,
            availableForSale: patch.availableForSale ?? current.availableForSale,
            position: patch.position ?? current.position,
            stockPolicy: withStockPolicyChange(current, patch),
          })
          .catch((error: unknown) => {
            throw error instanceof catalogWrites.SkuTakenError
              ? new ApiError('sku_taken', `A variant already has the SKU ${error.sku}.`)
              : error;
          });
        await catalogWrites.appendOutboxEvents(tx, [await productUpdatedByAdmin(tx, product.id, 'updated')]);
        const view = await catalogWrites.readVariantView(tx, variantId);
        if (!view) throw notFound('variant', variantId);
        return { status: 200 as const, body: view, changed: true };
      },
    });
    // After the commit: a changed policy, or a new SKU (whose object has not heard of it), is sent
    // to the SKU's inventory, and the old SKU's object is put back to the defaults. An operator's
    // retry of the same PATCH sends it again.
    const { sku, inventoryPolicy, oversellLimit, lowStockThreshold } = patch;
    if ([sku, inventoryPolicy, oversellLimit, lowStockThreshold].some((field) => field !== undefined)) {
      const renamedFrom =
        previousSku !== undefined && previousSku !== answer.body.sku ? previousSku : undefined;
      await configureInventoryObjects(c.env.INVENTORY, [
        answer.body,
        ...(renamedFrom === undefined ? [] : [{ sku: renamedFrom, ...DEFAULT_STOCK_POLICY }]),
      ]);
    }
    return c.json(answer.body, answer.status, { ...answer.headers, ETag: await entityTagOf(answer.body) });
  });
}
