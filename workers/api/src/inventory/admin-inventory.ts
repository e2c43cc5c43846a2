import { catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminSecurity } from '../auth/security-schemes';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { Text } from '../input/text';
import { Count, Integer, IssuedId } from '../openapi/bounded';
import { commonProblems, problemResponses } from '../openapi/problem-schema';

const SkuParam = z.object({
  sku: Text({ max: 64 }).openapi({ param: { name: 'sku', in: 'path' }, example: 'LS-BLUE-M' }),
});

const AdminInventory = z
  .object({
    sku: Text({ max: 64 }),
    variantId: IssuedId('var_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    onHand: Count().openapi({ description: 'Across every stock location, as the WMS last reported it.' }),
    committed: Count().openapi({ description: 'Sold and not shipped yet.' }),
    reserved: Count().openapi({ description: 'Held by live cart reservations.' }),
    available: Integer(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).openapi({
      description:
        'On hand − committed − reserved: what can still be sold. Below 0 when backorders were taken ' +
        'or the WMS reported less than is committed; shown as it is, never clamped.',
    }),
    reservations: Count().openapi({ description: 'Live cart reservations.' }),
  })
  .openapi('AdminInventory');

const route = createRoute({
  method: 'get',
  path: '/v1/admin/inventory/{sku}',
  operationId: 'adminGetInventory',
  tags: ['Admin'],
  summary: "Get a SKU's stock",
  description:
    "The SKU's stock as its inventory object holds it right now: on hand, committed, reserved by " +
    'carts, and available to sell. 404 `not_found` for a SKU no variant has.',
  security: adminSecurity,
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
    return c.json(
      {
        sku,
        variantId: owner.variantId,
        onHand: stock.onHand,
        committed: stock.committed,
        reserved: stock.reserved,
        available: stock.availableToSell,
        reservations: stock.reservations,
      },
      200,
    );
  });
}
