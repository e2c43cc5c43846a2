import { catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { EntityTagHeaders, entityTagOf } from './entity-tag';
import { assertIdShape, notFound } from './not-found';
import { CategoryIdParam } from './params';
import { AdminCategory } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/admin/categories/{categoryId}',
  operationId: 'adminGetCategory',
  tags: ['Admin'],
  summary: 'Get a category',
  description:
    'The category with its parent and path, and its strong `ETag` (for `If-Match` on a PATCH). 404 `not_found`.',
  ...requires(adminAccess),
  request: { params: CategoryIdParam },
  responses: {
    200: {
      description: 'The category.',
      headers: EntityTagHeaders,
      content: { 'application/json': { schema: AdminCategory } },
    },
    ...problemResponses(...commonProblems, 401, 404, 503),
  },
});

export function registerGetCategory(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { categoryId } = c.req.valid('param');
    assertIdShape('category', categoryId);
    const view = await catalogWrites.readCategoryView(c.get('database')(), categoryId);
    if (!view) throw notFound('category', categoryId);
    return c.json(view, 200, { ETag: await entityTagOf(view) });
  });
}
