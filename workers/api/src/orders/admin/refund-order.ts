import { orders } from '@edge-commerce/db';
import { isId, orderNumberOf } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { IdempotentWriteHeader } from '../../idempotency/header';
import { idempotentWrites } from '../../idempotency/idempotent-writes';
import { Text } from '../../input/text';
import { Integer } from '../../openapi/bounded';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { orderNumberKeyOf } from '../order-number-key';
import { refundOrder } from '../order-refunds';
import { adminOrderViewOf } from '../order-view';
import { AdminOrderSchema, OrderIdParam } from '../schemas';
import { ORDER_TAG } from '../tag';

const RefundBody = z
  .strictObject({
    amount: Integer(1, 99_999_999_999).optional().openapi({
      description: 'An amount to give back, in minor units of the order’s currency.',
      example: 500,
    }),
    lines: z
      .array(
        z.strictObject({
          lineId: z.string().max(100).openapi({ example: 'oli_01jdqk3v8m2x7c5r9t4b6n0p1s' }),
          quantity: Integer(1, 9_999).openapi({ example: 1 }),
        }),
      )
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Units of lines to give back, each at its share of what the line was paid.' }),
    reason: Text({ min: 1, max: 500, trim: true }).optional().openapi({
      description: 'Why, for the records and the event.',
      example: 'Arrived damaged.',
    }),
  })
  .refine((body) => (body.amount === undefined) !== (body.lines === undefined), {
    message: 'give either amount or lines, not both',
    path: ['amount'],
  })
  .openapi('OrderRefundRequest');

const route = createRoute({
  method: 'post',
  path: '/v1/admin/orders/{orderId}/refunds',
  operationId: 'adminRefundOrder',
  tags: [ORDER_TAG],
  summary: 'Refund an order, by amount or by line',
  description: `Gives money back through Stripe, in any status the order has: an \`amount\`, or units of
\`lines\`, each at its share of what the line was paid (after its discounts, with its tax; the last
units of a line take exactly what is left of it). Never more than the payment has left, never a
line's units twice: refunds of one order are decided one after the other. The payment becomes
\`partially_refunded\` or \`refunded\`, with \`OrderRefunded\`. The order's fulfilment is not changed:
a shipped order stays shipped.

**Errors**: 400 \`validation_failed\` (both or neither of \`amount\` and \`lines\`); 401; 403; 404
\`not_found\`; 422 \`refund_rejected\` (above what is left, with \`refundable\`; a line it lacks or
has refunded); 503 \`payments_unavailable\` (nothing refunded: retry).`,
  ...requires(adminAccess, idempotentWrites()),
  request: {
    params: OrderIdParam,
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: RefundBody,
          examples: {
            amount: { value: { amount: 500, reason: 'Late delivery' } },
            lines: {
              value: {
                lines: [{ lineId: 'oli_01jdqk3v8m2x7c5r9t4b6n0p1s', quantity: 1 }],
                reason: 'Arrived damaged.',
              },
            },
          },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'The refund was made: the order with it, `refundId` naming it.',
      content: {
        'application/json': {
          schema: z
            .object({ refundId: z.string().max(100), order: AdminOrderSchema })
            .openapi('OrderRefundResult'),
        },
      },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 422, 503),
  },
});

export function registerAdminRefundOrder(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { orderId } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.get('database')();
    const order = isId('order', orderId) ? await orders.readOrder(db, orderId) : undefined;
    if (!order) throw new ApiError('not_found', `No order has the id ${orderId}.`);
    const key = orderNumberKeyOf(c.get('config'));
    const reason = body.reason ?? null;
    const refundId = await refundOrder(
      { config: c.get('config'), db },
      order,
      orderNumberOf(Number(order.sequence), key),
      body.lines
        ? { kind: 'lines', lines: body.lines, reason }
        : { kind: 'amount', amount: body.amount ?? 0, reason },
    );
    // Only a cancellation's refund of what is left can find nothing to do; this one refused instead.
    if (refundId === undefined) throw new Error('a refund by amount or by line answers its id or refuses');
    const refunded = (await orders.readOrder(db, orderId)) ?? order;
    return c.json({ refundId, order: adminOrderViewOf(refunded, key) }, 201);
  });
}
