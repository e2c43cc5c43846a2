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
import { CartChangeHeaders, CartHeaders, CartPromotionParams, CartSchema } from './schemas';
import { CART_TAG } from './tag';

const route = createRoute({
  method: 'delete',
  path: '/v1/carts/{cartId}/promotions/{code}',
  operationId: 'removeCartPromotion',
  tags: [CART_TAG],
  summary: 'Remove a promotion code from a cart',
  description: `Takes the code (any case) off the cart and answers the cart repriced.

${CONCURRENCY_NOTE}

**Errors**: 400 \`validation_failed\`; 404 \`not_found\` (cart, token, or a code the cart does not hold); 412 \`precondition_failed\`; 503 \`database_unavailable\`.`,
  ...requires(cartAccess),
  request: { params: CartPromotionParams, headers: CartChangeHeaders },
  responses: {
    200: {
      description: 'The cart without the code, and its new `ETag`.',
      headers: CartHeaders,
      content: { 'application/json': { schema: CartSchema, example: cartExample } },
    },
    ...problemResponses(...commonProblems, 404, 412, 503),
  },
});

export function registerRemoveCartPromotion(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId, code } = c.req.valid('param');
    const precondition = cartPrecondition(c.req.valid('header')['if-match']);
    const reply = await cartObject(c, cartId).removePromotion(
      cartCaller(c),
      code,
      precondition,
      await cartRequest(c),
    );
    return cartResponse(c, answeredCart(c, cartId, reply), 200);
  });
}
