import type { CompleteOutcome } from '@edge-commerce/cart';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { cartAccess, requires } from '../auth/access';
import { cartCaller, cartObject, refusalProblem } from '../carts/cart-answer';
import { CartIdParam } from '../carts/schemas';
import { CART_TAG } from '../carts/tag';
import type { AppEnv } from '../env';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { CompleteHeaders, PlacedOrderSchema } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/carts/{cartId}/complete',
  operationId: 'completeCart',
  tags: [CART_TAG],
  summary: "Complete a paid cart's order",
  description: `Places the order of a cart whose payment succeeded: the order, its lines, payment and \`OrderCreated\` event in one transaction, then the stock committed, then the cart closed. Stripe's \`payment_intent.succeeded\` webhook does the same; whichever comes first places the order and every later call answers that same order, so calling again (after a timeout, twice from two tabs) is always safe and never charges or orders twice.

**Errors**: 402 \`payment_declined\` (the stock went back, the cart is open: check out again); 404 \`not_found\` (cart or token); 409 \`checkout_required\` (no payment opened), \`payment_incomplete\` (not confirmed yet, or still processing: with \`paymentStatus\`), \`order_refunded\` (the stock sold while the hold had lapsed, or a code ran out: refunded in full); 503 \`payments_unavailable\`, \`database_unavailable\`, \`inventory_unavailable\` (the payment is safe: complete again).`,
  ...requires(cartAccess, idempotentWrites()),
  request: { params: CartIdParam, headers: CompleteHeaders },
  responses: {
    200: {
      description: 'The order the cart became, with its `Location`.',
      content: { 'application/json': { schema: PlacedOrderSchema } },
    },
    ...problemResponses(...commonProblems, 402, 404, 409, 503),
  },
});

export function registerCompleteCart(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId } = c.req.valid('param');
    const reply = await cartObject(c, cartId).complete(cartCaller(c));
    c.set('objectStatements', (c.get('objectStatements') ?? 0) + reply.statements);
    const outcome: CompleteOutcome = reply.outcome;
    if (!outcome.ok) throw refusalProblem(cartId, outcome);
    c.header('Location', `/v1/orders/${outcome.order.id}`);
    c.header('Cache-Control', 'private, no-store');
    return c.json(outcome.order, 200);
  });
}
