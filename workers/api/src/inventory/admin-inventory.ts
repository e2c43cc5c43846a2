import { catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { AdminInventory, adminInventoryOf, SkuParam } from './admin-inventory-view';

const route = createRoute({
  method: 'get',
  path: '/v1/admin/inventory/{sku}',
  operationId: 'adminGetInventory',
  tags: ['Admin'],
  summary: "Get a SKU's stock",
  description:
    "The SKU's stock as its inventory object holds it right now: on hand, committed, reserved by " +
    'carts, available to sell, and the backorder limit and low-stock threshold it applies. An ' +
    'object that lost its storage rebuilds itself from Postgres first. 404 `not_found` for a SKU ' +
    'no variant has.',
  ...requires(adminAccess),
  request: { params: SkuParam },
  responses: {
    200: { description: "The SKU's stock.", content: { 'application/json': { schema: AdminInventory } } },
    ...problemResponses(...commonProblems, 401, 404, 503),
  },
});

/** Operators' view of one SKU's stock, read from its InventoryObject (ADR 19). */
export function registerAdminInventory(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { sku } = c.req.valid('param');
    const owner = (await catalogWrites.findVariantOwners(c.get('database')(), [sku])).get(sku);
    if (!owner) throw new ApiError('not_found', `No variant has the SKU ${sku}.`);
    const stock = await c.env.INVENTORY.getByName(sku).snapshot();
    return c.json(adminInventoryOf(sku, owner.variantId, stock), 200);
  });
}
