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
import { cartExample, EXAMPLE_VARIANT_ID } from './example';
import { CartChangeHeaders, CartHeaders, CartIdParam, CartSchema, NewLineBody } from './schemas';
import { CART_TAG } from './tag';

const route = createRoute({
  method: 'post',
  path: '/v1/carts/{cartId}/lines',
  operationId: 'addCartLine',
  tags: [CART_TAG],
  summary: 'Add a variant to a cart',
  description: `Adds \`quantity\` of the variant: a new line, or more of the line that already has it. The stock is reserved for the cart before the line is kept, so what a cart shows as reserved is there at checkout until the hold lapses (\`RESERVATION_TTL_SECONDS\`, 15 minutes by default). The price is the catalog's, in the cart's currency.

${CONCURRENCY_NOTE}

**Errors**: 400 \`validation_failed\` (a quantity that is not a whole number from 1 to 9999, unknown fields, a malformed \`If-Match\`); 404 \`not_found\` (cart or token); 409 \`insufficient_stock\` (with \`sku\`, \`requested\` and \`available\`: the most this cart can hold now; nothing changed); 412 \`precondition_failed\`; 422 \`unknown_variant\`, \`variant_unavailable\` (archived, draft or not for sale), \`variant_not_priced\` (no price in the cart's currency), \`line_quantity_exceeded\` (the line would pass 9999), \`too_many_lines\` (100); 503 \`database_unavailable\`, \`inventory_unavailable\` (nothing changed; retry).`,
  ...requires(cartAccess),
  request: {
    params: CartIdParam,
    headers: CartChangeHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: NewLineBody,
          example: { variantId: EXAMPLE_VARIANT_ID, quantity: 2 },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The cart with the line added, and its new `ETag`.',
      headers: CartHeaders,
      content: { 'application/json': { schema: CartSchema, example: cartExample } },
    },
    ...problemResponses(...commonProblems, 404, 409, 412, 422, 503),
  },
});

export function registerAddCartLine(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId } = c.req.valid('param');
    const { variantId, quantity } = c.req.valid('json');
    const precondition = cartPrecondition(c.req.valid('header')['if-match']);
    const reply = await cartObject(c, cartId).addLine(
      cartCaller(c),
      variantId,
      quantity,
      precondition,
      await cartRequest(c),
    );
    return cartResponse(c, answeredCart(c, cartId, reply), 200);
  });
}
