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
import { CartChangeHeaders, CartHeaders, CartLineParams, CartSchema, LinePatchBody } from './schemas';
import { CART_TAG } from './tag';

const route = createRoute({
  method: 'patch',
  path: '/v1/carts/{cartId}/lines/{lineId}',
  operationId: 'changeCartLine',
  tags: [CART_TAG],
  summary: "Change a cart line's quantity",
  description: `Sets the line's quantity, reserving the difference first (or releasing it). Lowering always succeeds, also for a variant the catalog no longer sells; raising needs the variant for sale and the stock. The line takes the catalog's price now.

${CONCURRENCY_NOTE}

**Errors**: 400 \`validation_failed\`; 404 \`not_found\` (cart, token or line); 409 \`insufficient_stock\`; 412 \`precondition_failed\`; 422 \`variant_unavailable\`, \`variant_not_priced\`; 503 \`database_unavailable\`, \`inventory_unavailable\`.`,
  ...requires(cartAccess),
  request: {
    params: CartLineParams,
    headers: CartChangeHeaders,
    body: {
      required: true,
      content: { 'application/json': { schema: LinePatchBody, example: { quantity: 3 } } },
    },
  },
  responses: {
    200: {
      description: 'The cart with the line changed, and its new `ETag`.',
      headers: CartHeaders,
      content: { 'application/json': { schema: CartSchema, example: cartExample } },
    },
    ...problemResponses(...commonProblems, 404, 409, 412, 422, 503),
  },
});

export function registerChangeCartLine(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId, lineId } = c.req.valid('param');
    const { quantity } = c.req.valid('json');
    const precondition = cartPrecondition(c.req.valid('header')['if-match']);
    const reply = await cartObject(c, cartId).changeLine(
      cartCaller(c),
      lineId,
      quantity,
      precondition,
      await cartRequest(c),
    );
    return cartResponse(c, answeredCart(c, cartId, reply), 200);
  });
}
