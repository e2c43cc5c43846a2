import { catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { EntityTagHeaders, entityTagOf } from './entity-tag';
import { assertIdShape, notFound } from './not-found';
import { VariantIdParam } from './params';
import { AdminVariant } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/admin/variants/{variantId}',
  operationId: 'adminGetVariant',
  tags: ['Admin'],
  summary: 'Get a variant',
  description:
    'The variant with every price window, and its strong `ETag` (for `If-Match` on a PATCH). 404 `not_found`.',
  ...requires(adminAccess),
  request: { params: VariantIdParam },
  responses: {
    200: {
      description: 'The variant.',
      headers: EntityTagHeaders,
      content: { 'application/json': { schema: AdminVariant } },
    },
    ...problemResponses(...commonProblems, 401, 404, 503),
  },
});

export function registerGetVariant(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { variantId } = c.req.valid('param');
    assertIdShape('variant', variantId);
    const view = await catalogWrites.readVariantView(c.get('database')(), variantId);
    if (!view) throw notFound('variant', variantId);
    return c.json(view, 200, { ETag: await entityTagOf(view) });
  });
}
