import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { orderAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { cancelOrder } from './order-moves';
import { orderNumberKeyOf } from './order-number-key';
import { orderOpenedBy } from './order-token-check';
import { orderViewOf } from './order-view';
import { OrderIdParam, OrderSchema, OrderTokenHeader, ReasonBody, reasonIn } from './schemas';
import { ORDER_TAG } from './tag';

const CancelBody = ReasonBody(
  'MyOrderCancellation',
  'Why, in the shopper’s words, for the shop’s records.',
  'Ordered the wrong size.',
);

const route = createRoute({
  method: 'post',
  path: '/v1/orders/{orderId}/cancel',
  operationId: 'cancelMyOrder',
  tags: [ORDER_TAG],
  summary: 'Cancel my order before the warehouse has it',
  description: `The shopper stops their own order while it waits for payment, for review or for the warehouse (\`pending_payment\`, \`on_hold\`, \`paid\`): \`cancelled\` with \`OrderCancelled\` (\`cancelledBy: customer\`), the payment refunded in full (\`OrderRefunded\`) and the stock released. Once the warehouse has it (\`fulfilling\` or later) only the shop can stop it. The same caller as \`GET /v1/orders/{orderId}\`: its customer, or a guest with \`X-Order-Token\`. Cancelling a cancelled order again finishes what an interrupted cancellation left undone.

**Errors**: 400 \`validation_failed\`; 401 \`unauthorized\` (an expired access token); 404 \`not_found\` (no such order, or not this caller's); 409 \`order_status_conflict\` (with \`orderStatus\`); 503 \`payments_unavailable\`, \`inventory_unavailable\` (the order stays cancelled; retry to finish).`,
  ...requires(orderAccess, idempotentWrites()),
  request: {
    params: OrderIdParam,
    headers: OrderTokenHeader.extend(IdempotentWriteHeader.shape),
    body: { required: false, content: { 'application/json': { schema: CancelBody } } },
  },
  responses: {
    200: {
      description: 'The order, cancelled and refunded.',
      content: { 'application/json': { schema: OrderSchema } },
    },
    ...problemResponses(...commonProblems, 401, 404, 409, 503),
  },
});

export function registerCancelMyOrder(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { orderId } = c.req.valid('param');
    const opened = await orderOpenedBy(c, orderId);
    const order = await cancelOrder(c, opened, reasonIn(c.req.valid('json')), { by: 'customer' });
    c.header('Cache-Control', 'private, no-store');
    return c.json(orderViewOf(order, orderNumberKeyOf(c.get('config'))), 200);
  });
}
