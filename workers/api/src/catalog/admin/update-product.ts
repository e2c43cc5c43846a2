import { catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { RuleViolations } from '../write/rule-violations';
import { checkOptionDefinitions, checkVariantOptions } from '../write/variant-options';
import { writeOnce } from '../write/write-once';
import { EntityTagHeaders, entityTagOf } from './entity-tag';
import { assertPrecondition, IfMatchHeader, preconditionOfRequest } from './if-match';
import { assertIdShape, notFound } from './not-found';
import { ProductIdParam } from './params';
import { resolveCategoryHandles, writeCategories, writeMedia, writeOptions } from './product-children';
import { productUpdatedByAdmin } from './product-events';
import { AdminProduct, AdminProductPatch } from './schemas';

const route = createRoute({
  method: 'patch',
  path: '/v1/admin/products/{productId}',
  operationId: 'adminUpdateProduct',
  tags: ['Admin'],
  summary: 'Update a product',
  description: `Changes the given fields; \`options\`, \`media\` and \`categories\` replace the whole list.
The PIM version is kept, so the next newer PIM message for the product replaces these edits
(the PIM owns the catalog; edit there what must last). Records a \`ProductUpdated\` event.

**Concurrency**: \`If-Match\` is optional. With the \`ETag\` of a GET (or of the previous PATCH),
the change applies only if the product (variants, prices, media, categories included) is still
exactly what that tag names, checked and written in one transaction: of two operators sending the
same tag, one wins and the other gets 412. \`*\` matches any product; weak tags never match.
Without it, the change applies to whatever is current. The answer carries the new \`ETag\`.

Errors: 404 \`not_found\`, 400 \`validation_failed\` (also a malformed \`If-Match\`),
412 \`precondition_failed\` (the product changed since the tag was read; nothing changed),
422 \`rule_violated\` (new options that an existing variant does not fit, a picture twice, an
unknown category handle; every violation listed).`,
  ...requires(adminAccess),
  request: {
    params: ProductIdParam,
    headers: IfMatchHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: AdminProductPatch,
          example: { title: 'Linen shirt', status: 'active' },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The product as updated, with its new `ETag`.',
      headers: EntityTagHeaders,
      content: { 'application/json': { schema: AdminProduct } },
    },
    ...problemResponses(...commonProblems, 401, 404, 412, 422, 503),
  },
});

export function registerUpdateProduct(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { productId } = c.req.valid('param');
    const patch = c.req.valid('json');
    const precondition = preconditionOfRequest(c.req.valid('header')['if-match']);
    assertIdShape('product', productId);
    const answer = await writeOnce(c, undefined, {
      prepare: async () => undefined,
      apply: async (tx) => {
        const product = await catalogWrites.lockProduct(tx, productId);
        if (!product) throw notFound('product', productId);
        await assertPrecondition(precondition, 'product', () => catalogWrites.readProductView(tx, productId));
        const violations = new RuleViolations();
        if (patch.options) {
          const options = patch.options;
          checkOptionDefinitions(options, 'options', violations);
          for (const variant of product.variants) {
            const fit = new RuleViolations();
            checkVariantOptions(variant.options, options, 'options', fit);
            if (!fit.empty)
              violations.add('options', `variant ${variant.sku} does not fit: ${fit.errors[0]?.message}`);
          }
        }
        patch.media?.forEach((picture, index) => {
          if (patch.media?.findIndex((other) => other.url === picture.url) !== index) {
            violations.add(`media[${index}].url`, 'repeats an earlier picture');
          }
        });
        const categoryIds = patch.categories
          ? await resolveCategoryHandles(tx, patch.categories, 'categories', violations)
          : undefined;
        violations.throwIfAny('rule_violated', 'change');

        const { options, media, categories: _categories, ...fields } = patch;
        await catalogWrites.updateAdminProduct(tx, productId, fields);
        if (options) await writeOptions(tx, productId, options);
        if (media) await writeMedia(tx, productId, media);
        if (categoryIds) await writeCategories(tx, productId, categoryIds);
        const change = patch.status === 'archived' && product.status !== 'archived' ? 'archived' : 'updated';
        await catalogWrites.appendOutboxEvents(tx, [await productUpdatedByAdmin(tx, productId, change)]);
        const view = await catalogWrites.readProductView(tx, productId);
        if (!view) throw notFound('product', productId);
        return { status: 200 as const, body: view, changed: true };
      },
    });
    return c.json(answer.body, answer.status, { ...answer.headers, ETag: await entityTagOf(answer.body) });
  });
}
