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
import { CartChangeHeaders, CartHeaders, CartIdParam, CartSchema, ShippingMethodBody } from './schemas';
import { CART_TAG } from './tag';

const route = createRoute({
  method: 'put',
  path: '/v1/carts/{cartId}/shipping-method',
  operationId: 'chooseCartShippingMethod',
  tags: [CART_TAG],
  summary: "Choose a cart's shipping method",
  description: `Chooses one of the rates \`GET /v1/carts/{cartId}/shipping-rates\` offers now, by its \`id\`. The cart keeps the choice and prices it on every answer while it is offered; if a later change (address, goods) stops offering it, \`shippingMethod\` turns null and the shopper chooses again.

${CONCURRENCY_NOTE}

**Errors**: 400 \`validation_failed\`; 404 \`not_found\` (cart or token); 409 \`shipping_address_required\`; 412 \`precondition_failed\`; 422 \`shipping_method_unavailable\` (with the rates \`offered\`); 503 \`database_unavailable\`.`,
  ...requires(cartAccess),
  request: {
    params: CartIdParam,
    headers: CartChangeHeaders,
    body: {
      required: true,
      content: { 'application/json': { schema: ShippingMethodBody, example: { rateId: 'standard' } } },
    },
  },
  responses: {
    200: {
      description: 'The cart with its shipping method, repriced, and its new `ETag`.',
      headers: CartHeaders,
      content: { 'application/json': { schema: CartSchema, example: cartExample } },
    },
    ...problemResponses(...commonProblems, 404, 409, 412, 422, 503),
  },
});

export function registerChooseShippingMethod(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId } = c.req.valid('param');
    const { rateId } = c.req.valid('json');
    const precondition = cartPrecondition(c.req.valid('header')['if-match']);
    const reply = await cartObject(c, cartId).chooseShippingMethod(
      cartCaller(c),
      rateId,
      precondition,
      await cartRequest(c),
    );
    return cartResponse(c, answeredCart(c, cartId, reply), 200);
  });
}
