import { catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { EntityTagHeaders, entityTagOf } from './entity-tag';
import { assertIdShape, notFound } from './not-found';
import { ProductIdParam } from './params';
import { AdminProduct } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/admin/products/{productId}',
  operationId: 'adminGetProduct',
  tags: ['Admin'],
  summary: 'Get a product, whatever its status',
  description:
    'The product with its options, variants (with every price window), media and categories, and its strong ' +
    '`ETag`: send it as `If-Match` with a PATCH to change only what you read. 404 `not_found`.',
  ...requires(adminAccess),
  request: { params: ProductIdParam },
  responses: {
    200: {
      description: 'The product.',
      headers: EntityTagHeaders,
      content: { 'application/json': { schema: AdminProduct } },
    },
    ...problemResponses(...commonProblems, 401, 404, 503),
  },
});

export function registerGetProduct(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { productId } = c.req.valid('param');
    assertIdShape('product', productId);
    const view = await catalogWrites.readProductView(c.get('database')(), productId);
    if (!view) throw notFound('product', productId);
    return c.json(view, 200, { ETag: await entityTagOf(view) });
  });
}
