import { crm, orders } from '@edge-commerce/db';
import { isId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import { MAX_TICKETS_SHOWN, SupportTicket } from '../../customers/crm/schemas';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { orderNumberKeyOf } from '../order-number-key';
import { adminOrderViewOf } from '../order-view';
import { AdminOrderSchema, OrderIdParam } from '../schemas';
import { ORDER_TAG } from '../tag';

/** The order as operators open it: with the CRM's support tickets about it (issue 12). */
const AdminOrderDetail = AdminOrderSchema.extend({
  supportTickets: z
    .array(SupportTicket)
    .max(MAX_TICKETS_SHOWN)
    .openapi({
      description: `The CRM's tickets about the order, first opened first (at most ${MAX_TICKETS_SHOWN}), as the CRM last reported them.`,
    }),
}).openapi('AdminOrderDetail');

const route = createRoute({
  method: 'get',
  path: '/v1/admin/orders/{orderId}',
  operationId: 'adminGetOrder',
  tags: [ORDER_TAG],
  summary: 'Read an order (operators)',
  description: `The order with who placed it, its cart, the charge's risk level, and the support tickets
the CRM reported about it.

**Errors**: 401 \`unauthorized\`; 403 \`forbidden\` (a key without \`admin\`); 404 \`not_found\`; 503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: { params: OrderIdParam },
  responses: {
    200: { description: 'The order.', content: { 'application/json': { schema: AdminOrderDetail } } },
    ...problemResponses(...commonProblems, 401, 403, 404, 503),
  },
});

export function registerAdminGetOrder(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { orderId } = c.req.valid('param');
    const db = c.get('database')();
    const record = isId('order', orderId) ? await orders.readOrder(db, orderId) : undefined;
    if (!record) throw new ApiError('not_found', `No order has the id ${orderId}.`);
    const supportTickets = await crm.supportTicketsOfOrder(db, orderId, MAX_TICKETS_SHOWN);
    return c.json({ ...adminOrderViewOf(record, orderNumberKeyOf(c.get('config'))), supportTickets }, 200);
  });
}
