import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { cartAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import {
  answeredCart,
  cartCaller,
  cartObject,
  cartPrecondition,
  cartRequest,
  cartResponse,
} from './cart-answer';
import { CONCURRENCY_NOTE } from './concurrency-note';
import { cartExample } from './example';
import { CartChangeHeaders, CartHeaders, CartLineParams, CartSchema } from './schemas';
import { CART_TAG } from './tag';

const route = createRoute({
  method: 'delete',
  path: '/v1/carts/{cartId}/lines/{lineId}',
  operationId: 'removeCartLine',
  tags: [CART_TAG],
  summary: 'Remove a line from a cart',
  description: `Releases the line's stock, then removes the line. Answers the cart (200), not 204, so the shopper sees the new totals and \`ETag\` at once.

${CONCURRENCY_NOTE}

**Errors**: 400 \`validation_failed\` (a malformed \`If-Match\`); 404 \`not_found\` (cart, token or line); 412 \`precondition_failed\`; 503 \`database_unavailable\`, \`inventory_unavailable\` (the line is kept; retry).`,
  ...requires(cartAccess),
  request: { params: CartLineParams, headers: CartChangeHeaders },
  responses: {
    200: {
      description: 'The cart without the line, and its new `ETag`.',
      headers: CartHeaders,
      content: { 'application/json': { schema: CartSchema, example: { ...cartExample, lines: [] } } },
    },
    ...problemResponses(...commonProblems, 404, 412, 503),
  },
});

export function registerRemoveCartLine(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId, lineId } = c.req.valid('param');
    const precondition = cartPrecondition(c.req.valid('header')['if-match']);
    const reply = await cartObject(c, cartId).removeLine(
      cartCaller(c),
      lineId,
      precondition,
      await cartRequest(c),
    );
    return cartResponse(c, answeredCart(c, cartId, reply), 200);
  });
}
