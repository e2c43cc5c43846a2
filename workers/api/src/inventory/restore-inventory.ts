import { catalogWrites, inventoryWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { AdminInventory, adminInventoryOf, SkuParam } from './admin-inventory-view';
import { stockRecordOf } from './stock-policy';

const route = createRoute({
  method: 'post',
  path: '/v1/admin/inventory/{sku}/restore',
  operationId: 'adminRestoreInventory',
  tags: ['Admin'],
  summary: "Rebuild a SKU's stock from Postgres",
  description: `For operators after an incident: the SKU's inventory object takes what Postgres records,
whether or not it holds anything already (an object that lost its storage does this by itself on
its first call).

- **What it takes**: the variant's stock policy (replaces the object's) and each location's level
  unless the object has a level with an equal or later sequence (stock never moves backwards).
  Committed stock per order will come from Postgres once orders are recorded there.
- **What it keeps**: live cart reservations; Postgres does not record them (ADR 19: carts take
  theirs again at their next change and at checkout).
- **Idempotent** by nature: repeating it changes nothing more, so it takes no
  \`Idempotency-Key\`. Answers the SKU's stock afterwards, with \`restoredAt\`.

Errors: 404 \`not_found\` (no variant has the SKU), 503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: { params: SkuParam },
  responses: {
    200: {
      description: "The SKU's stock after the rebuild.",
      content: { 'application/json': { schema: AdminInventory } },
    },
    ...problemResponses(...commonProblems, 401, 404, 503),
  },
});

/** Forces an InventoryObject's rebuild from Postgres (ADR 19, rebuild). */
export function registerRestoreInventory(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { sku } = c.req.valid('param');
    const db = c.get('database')();
    const owner = (await catalogWrites.findVariantOwners(db, [sku])).get(sku);
    if (!owner) throw new ApiError('not_found', `No variant has the SKU ${sku}.`);
    const inventory = c.env.INVENTORY.getByName(sku);
    const outcome = await inventory.restore(stockRecordOf(await inventoryWrites.readRecordedStock(db, sku)));
    // Postgres holds only what passed validation; a refusal is a bug, not the operator's fault.
    if (!outcome.ok)
      throw new Error(`InventoryObject ${sku} refused its restore: ${JSON.stringify(outcome)}`);
    return c.json(adminInventoryOf(sku, owner.variantId, await inventory.snapshot()), 200);
  });
}
