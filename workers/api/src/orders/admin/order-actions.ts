import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { IdempotentWriteHeader } from '../../idempotency/header';
import { idempotentWrites } from '../../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { cancelOrder, releaseOrder, returnOrder } from '../order-moves';
import { orderNumberKeyOf } from '../order-number-key';
import { adminOrderViewOf } from '../order-view';
import { AdminOrderSchema, OrderIdParam, ReasonBody, reasonIn } from '../schemas';
import { ORDER_TAG } from '../tag';

const CancelBody = ReasonBody(
  'OrderCancellation',
  'Why, for the records and the event.',
  'The customer asked to cancel.',
);

const releaseRoute = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{orderId}/release',
  operationId: 'adminReleaseOrder',
  tags: [ORDER_TAG],
  summary: 'Release an order to the warehouse',
  description: `Sends an order held for review (\`on_hold\`: its charge looked risky) or a paid one to the warehouse: \`fulfilling\`, recording \`OrderReleased\`. Releasing a released order again changes nothing.

**Errors**: 401 \`unauthorized\`; 403 \`forbidden\` (a key without \`admin\`); 404 \`not_found\`; 409 \`order_status_conflict\` (cancelled, shipped, …: with \`orderStatus\`); 503 \`database_unavailable\`.`,
  ...requires(adminAccess, idempotentWrites()),
  request: { params: OrderIdParam, headers: IdempotentWriteHeader },
  responses: {
    200: {
      description: 'The order, released.',
      content: { 'application/json': { schema: AdminOrderSchema } },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 409, 503),
  },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{orderId}/cancel',
  operationId: 'adminCancelOrder',
  tags: [ORDER_TAG],
  summary: 'Cancel an order before it ships',
  description: `Cancels an order nothing of which has shipped (\`pending_payment\`, \`paid\`, \`on_hold\`, \`fulfilling\`): \`cancelled\` with \`OrderCancelled\`, then what its payment still holds refunded through Stripe (\`paymentStatus: refunded\`, \`OrderRefunded\`), then its committed stock released. Cancelling a cancelled order again finishes whatever an interrupted cancellation left undone (a refund, a release) and changes nothing else.

**Errors**: 400 \`validation_failed\`; 401 \`unauthorized\`; 403 \`forbidden\` (a key without \`admin\`); 404 \`not_found\`; 409 \`order_status_conflict\` (something shipped: what remains is a return); 503 \`payments_unavailable\`, \`inventory_unavailable\`, \`database_unavailable\` (the order stays cancelled; retry to finish).`,
  ...requires(adminAccess, idempotentWrites()),
  request: {
    params: OrderIdParam,
    headers: IdempotentWriteHeader,
    body: { required: false, content: { 'application/json': { schema: CancelBody } } },
  },
  responses: {
    200: {
      description: 'The order, cancelled and refunded.',
      content: { 'application/json': { schema: AdminOrderSchema } },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 409, 503),
  },
});

const ReturnBody = ReasonBody(
  'OrderReturn',
  'Why it came back, for the records and the event.',
  'Did not fit.',
);

const returnRoute = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{orderId}/return',
  operationId: 'adminReturnOrder',
  tags: [ORDER_TAG],
  summary: 'Record that a delivered order came back',
  description: `Moves a \`delivered\` order to \`returned\`, recording \`OrderReturned\`. The money is given back with \`POST /v1/admin/orders/{orderId}/refunds\` (in full or by line): a return and its refund are two facts. Returning a returned order again changes nothing.

**Errors**: 400 \`validation_failed\`; 401 \`unauthorized\`; 403 \`forbidden\`; 404 \`not_found\`; 409 \`order_status_conflict\` (not delivered: with \`orderStatus\`); 503 \`database_unavailable\`.`,
  ...requires(adminAccess, idempotentWrites()),
  request: {
    params: OrderIdParam,
    headers: IdempotentWriteHeader,
    body: { required: false, content: { 'application/json': { schema: ReturnBody } } },
  },
  responses: {
    200: {
      description: 'The order, returned.',
      content: { 'application/json': { schema: AdminOrderSchema } },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 409, 503),
  },
});

export function registerAdminOrderActions(app: OpenAPIHono<AppEnv>): void {
  app.openapi(releaseRoute, async (c) => {
    const { orderId } = c.req.valid('param');
    const order = await releaseOrder(c, orderId);
    return c.json(adminOrderViewOf(order, orderNumberKeyOf(c.get('config'))), 200);
  });
  app.openapi(cancelRoute, async (c) => {
    const { orderId } = c.req.valid('param');
    // The body is optional: without one there is no reason to record.
    const reason = reasonIn(c.req.valid('json'));
    const order = await cancelOrder(c, orderId, reason);
    return c.json(adminOrderViewOf(order, orderNumberKeyOf(c.get('config'))), 200);
  });
  app.openapi(returnRoute, async (c) => {
    const { orderId } = c.req.valid('param');
    const reason = reasonIn(c.req.valid('json'));
    const order = await returnOrder(c, orderId, reason);
    return c.json(adminOrderViewOf(order, orderNumberKeyOf(c.get('config'))), 200);
  });
}
