import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { orderAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { orderNumberKeyOf } from './order-number-key';
import { orderOpenedBy } from './order-token-check';
import { orderViewOf } from './order-view';
import { OrderIdParam, OrderSchema, OrderTokenHeader } from './schemas';
import { ORDER_TAG } from './tag';

const route = createRoute({
  method: 'get',
  path: '/v1/orders/{orderId}',
  operationId: 'getOrder',
  tags: [ORDER_TAG],
  summary: 'Read an order',
  description: `The order as it was paid for (prices, discounts, tax and addresses as snapshots) and where it stands: its fulfilment (\`status\`) and its money (\`paymentStatus\`). It opens to the customer whose order it is, or to a guest with the order's \`X-Order-Token\`; to anyone else it answers 404, as an order that does not exist.

**Errors**: 401 \`unauthorized\` (an expired or forged access token); 404 \`not_found\`; 503 \`database_unavailable\`.`,
  ...requires(orderAccess),
  request: { params: OrderIdParam, headers: OrderTokenHeader },
  responses: {
    200: { description: 'The order.', content: { 'application/json': { schema: OrderSchema } } },
    ...problemResponses(...commonProblems, 401, 404, 503),
  },
});

export function registerGetOrder(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { orderId } = c.req.valid('param');
    const key = orderNumberKeyOf(c.get('config'));
    const record = await orderOpenedBy(c, orderId);
    c.header('Cache-Control', 'private, no-store');
    return c.json(orderViewOf(record, key), 200);
  });
}
