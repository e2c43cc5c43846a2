import { orders } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { customerAccess, requires } from '../auth/access';
import { customerOf } from '../auth/customer-accounts';
import { PAGE_PARAMETERS, pageOf, pageParameters, pageRequest } from '../catalog/admin/list-page';
import { rejectUnknownParameters } from '../catalog/storefront/query-parameters';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { orderNumberKeyOf } from './order-number-key';
import { orderViewOf } from './order-view';
import { OrderList } from './schemas';
import { ORDER_TAG } from './tag';

const MyOrdersQuery = z
  .object(pageParameters('Orders'))
  .catchall(z.unknown())
  .superRefine((query, context) => rejectUnknownParameters(query, [...PAGE_PARAMETERS], context, false));

const route = createRoute({
  method: 'get',
  path: '/v1/customers/me/orders',
  operationId: 'listMyOrders',
  tags: [ORDER_TAG],
  summary: "The signed-in customer's orders",
  description: `The orders placed with carts the customer had claimed, newest first, a page at a time (\`limit\` 1-100, default 20; the opaque \`nextCursor\`, \`null\` on the last page). One SQL statement per page.

**Errors**: 400 \`validation_failed\`, \`invalid_cursor\`, \`cursor_mismatch\`; 401 \`unauthorized\`; 403 \`forbidden\` (an API key); 503 \`database_unavailable\`.`,
  ...requires(customerAccess),
  request: { query: MyOrdersQuery },
  responses: {
    200: { description: 'A page of orders.', content: { 'application/json': { schema: OrderList } } },
    ...problemResponses(...commonProblems, 401, 403, 503),
  },
});

export function registerListMyOrders(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { customerId } = await customerOf(c);
    const key = orderNumberKeyOf(c.get('config'));
    const page = await pageRequest(`my orders; ${customerId}`, 'order', c.req.valid('query'));
    const listed = await orders.listOrders(
      c.get('database')(),
      { customerId },
      { after: page.after, rows: page.limit + 1 },
    );
    const shown = pageOf(listed, page);
    c.header('Cache-Control', 'private, no-store');
    return c.json(
      { data: shown.data.map((record) => orderViewOf(record, key)), nextCursor: shown.nextCursor },
      200,
    );
  });
}
