import type { CheckoutOutcome } from '@edge-commerce/cart';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { cartAccess, requires } from '../auth/access';
import { cartCaller, cartObject, cartPrecondition, refusalProblem } from '../carts/cart-answer';
import { CartIdParam } from '../carts/schemas';
import { CART_TAG } from '../carts/tag';
import type { AppEnv } from '../env';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { CheckoutBody, CheckoutHeaders, CheckoutSchema } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/carts/{cartId}/checkout',
  operationId: 'checkOutCart',
  tags: [CART_TAG],
  summary: 'Check a cart out: open its payment',
  description: `Sets what the body names (shipping address, rate), prices every line from the catalog again (discounts, shipping, tax), reserves every line's stock again for a full hold, and opens a Stripe PaymentIntent for the grand total. With \`paymentMethod\` the payment is confirmed at once; otherwise the browser confirms it with \`payment.clientSecret\` and then calls \`POST /v1/carts/{cartId}/complete\`.

A payment that succeeds at once places the order in the same call (\`status: completed\`, \`order\` set). Checking out again answers the same payment while the cart is unchanged, so a retry is safe; a cart changed since (lines, address, codes) gets a new payment and the old one is cancelled. A declined card releases the stock and leaves the cart open.

**Errors**: 400 \`validation_failed\`; 402 \`payment_declined\` (with \`declineCode\`; nothing charged, cart open); 404 \`not_found\` (cart or token); 409 \`insufficient_stock\`, \`cart_closed\` (paid already: \`orderId\`), \`payment_in_progress\` (a payment of this cart is settling), \`order_refunded\` (paid, but the stock sold meanwhile: refunded); 412 \`precondition_failed\`; 422 \`checkout_incomplete\` (with what is \`missing\`), \`line_unavailable\`, \`invalid_address\`, \`country_not_served\`, \`shipping_method_unavailable\`; 503 \`payments_unavailable\`, \`database_unavailable\`, \`inventory_unavailable\` (nothing charged; retry).`,
  ...requires(cartAccess, idempotentWrites()),
  request: {
    params: CartIdParam,
    headers: CheckoutHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: CheckoutBody,
          example: { email: 'ada@example.com', shippingMethod: 'standard', paymentMethod: 'pm_card_visa' },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The payment opened for the cart, and its order when it was paid at once.',
      content: { 'application/json': { schema: CheckoutSchema } },
    },
    ...problemResponses(...commonProblems, 402, 404, 409, 412, 422, 503),
  },
});

export function registerCheckOutCart(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId } = c.req.valid('param');
    const details = c.req.valid('json');
    const precondition = cartPrecondition(c.req.valid('header')['if-match']);
    const reply = await cartObject(c, cartId).checkout(cartCaller(c), details, precondition);
    c.set('objectStatements', (c.get('objectStatements') ?? 0) + reply.statements);
    const outcome: CheckoutOutcome = reply.outcome;
    if (!outcome.ok) throw refusalProblem(cartId, outcome);
    c.header('Cache-Control', 'private, no-store');
    return c.json(outcome.checkout, 200);
  });
}
