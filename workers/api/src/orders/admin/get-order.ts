import { orders } from '@edge-commerce/db';
import { isId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { orderNumberKeyOf } from '../order-number-key';
import { adminOrderViewOf } from '../order-view';
import { AdminOrderSchema, OrderIdParam } from '../schemas';
import { ORDER_TAG } from '../tag';

const route = createRoute({
  method: 'get',
  path: '/v1/admin/orders/{orderId}',
  operationId: 'adminGetOrder',
  tags: [ORDER_TAG],
  summary: 'Read an order (operators)',
  description: `The order with who placed it, its cart, and the charge's risk level.

**Errors**: 401 \`unauthorized\`; 403 \`forbidden\` (a key without \`admin\`); 404 \`not_found\`; 503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: { params: OrderIdParam },
  responses: {
    200: { description: 'The order.', content: { 'application/json': { schema: AdminOrderSchema } } },
    ...problemResponses(...commonProblems, 401, 403, 404, 503),
  },
});

export function registerAdminGetOrder(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { orderId } = c.req.valid('param');
    const record = isId('order', orderId) ? await orders.readOrder(c.get('database')(), orderId) : undefined;
    if (!record) throw new ApiError('not_found', `No order has the id ${orderId}.`);
    return c.json(adminOrderViewOf(record, orderNumberKeyOf(c.get('config'))), 200);
  });
}
