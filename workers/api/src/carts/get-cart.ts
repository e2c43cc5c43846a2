import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { cartAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { answeredCart, cartCaller, cartObject, cartResponse } from './cart-answer';
import { cartExample } from './example';
import { CartHeaders, CartIdParam, CartSchema, CartTokenHeader } from './schemas';
import { CART_TAG } from './tag';

const route = createRoute({
  method: 'get',
  path: '/v1/carts/{cartId}',
  operationId: 'getCart',
  tags: [CART_TAG],
  summary: 'Get a cart',
  description: `The whole cart: each line priced from the catalog now (with the price it had when it last changed, if that differs), its availability (stock held until when, the hold lapsed, or no longer sold), and the totals in integer minor units. Never cached by anyone (\`private, no-store\`).

**Errors**: 404 \`not_found\` (no such cart, or the \`X-Cart-Token\` is missing or not its); 503 \`database_unavailable\`.`,
  ...requires(cartAccess),
  request: { params: CartIdParam, headers: CartTokenHeader },
  responses: {
    200: {
      description: 'The cart, with its `ETag`.',
      headers: CartHeaders,
      content: { 'application/json': { schema: CartSchema, example: cartExample } },
    },
    ...problemResponses(...commonProblems, 404, 503),
  },
});

export function registerGetCart(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId } = c.req.valid('param');
    const reply = await cartObject(c, cartId).read(cartCaller(c));
    return cartResponse(c, answeredCart(c, cartId, reply), 200);
  });
}
