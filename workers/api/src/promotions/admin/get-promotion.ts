import { promotions } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import { EntityTagHeaders, entityTagOf } from '../../catalog/admin/entity-tag';
import { assertIdShape, notFound } from '../../catalog/admin/not-found';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { AdminPromotion, PROMOTION_EXAMPLE, PromotionIdParam } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/admin/promotions/{promotionId}',
  operationId: 'adminGetPromotion',
  tags: ['Admin'],
  summary: 'Get a promotion',
  description:
    'The promotion with its terms, its `usageCount` (orders placed with the code) and its strong `ETag` (for `If-Match` on a PATCH). Errors: 404 `not_found`; 401 `unauthorized`; 503 `database_unavailable`.',
  ...requires(adminAccess),
  request: { params: PromotionIdParam },
  responses: {
    200: {
      description: 'The promotion.',
      headers: EntityTagHeaders,
      content: { 'application/json': { schema: AdminPromotion, example: PROMOTION_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 401, 404, 503),
  },
});

export function registerGetPromotion(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { promotionId } = c.req.valid('param');
    assertIdShape('promotion', promotionId);
    const view = await promotions.readPromotion(c.get('database')(), promotionId);
    if (!view) throw notFound('promotion', promotionId);
    return c.json(view, 200, { ETag: await entityTagOf(view) });
  });
}
