import { catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { writeOnce } from '../write/write-once';
import { assertIdShape, notFound } from './not-found';
import { ProductIdParam } from './params';
import { productUpdatedByAdmin } from './product-events';
import { AdminProduct } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/admin/products/{productId}/archive',
  operationId: 'adminArchiveProduct',
  tags: ['Admin'],
  summary: 'Archive a product',
  description: `Takes the product off the storefront (status \`archived\`), keeping it and its variants for
orders and reports; \`PATCH\` with another status brings it back. Archiving an archived product
changes nothing and records no event; otherwise a \`ProductUpdated\` event (\`change: archived\`).
Like every admin edit it keeps the PIM version: a newer PIM message sets the status the PIM
sends. 404 \`not_found\`.`,
  ...requires(adminAccess),
  request: { params: ProductIdParam },
  responses: {
    200: { description: 'The product, archived.', content: { 'application/json': { schema: AdminProduct } } },
    ...problemResponses(...commonProblems, 401, 404, 503),
  },
});

export function registerArchiveProduct(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { productId } = c.req.valid('param');
    assertIdShape('product', productId);
    const answer = await writeOnce(c, undefined, {
      prepare: async () => undefined,
      apply: async (tx) => {
        const archived = await catalogWrites.archiveProduct(tx, productId);
        if (archived)
          await catalogWrites.appendOutboxEvents(tx, [
            await productUpdatedByAdmin(tx, productId, 'archived'),
          ]);
        const view = await catalogWrites.readProductView(tx, productId);
        if (!view) throw notFound('product', productId);
        return { status: 200 as const, body: view, changed: archived };
      },
    });
    return c.json(answer.body, answer.status, answer.headers);
  });
}
