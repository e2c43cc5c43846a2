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
import { AddressSchema, CartChangeHeaders, CartHeaders, CartIdParam, CartSchema } from './schemas';
import { CART_TAG } from './tag';

const addressExample = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '500 Market Street',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94105',
  country: 'US',
};

const route = createRoute({
  method: 'put',
  path: '/v1/carts/{cartId}/shipping-address',
  operationId: 'setCartShippingAddress',
  tags: [CART_TAG],
  summary: "Set a cart's shipping address",
  description: `Sets where the cart ships, checked for its country: the fields the country requires (a state for the US, a province for Canada, …), the shape of its postal codes (rewritten in the country's own form: \`94103-1234\`, \`K1A 0B1\`, \`1012 AB\`), and a country the cart's market serves. Tax and shipping rates follow the address; a chosen shipping method that is not offered for the new address is dropped (\`shippingMethod: null\`).

${CONCURRENCY_NOTE}

**Errors**: 400 \`validation_failed\` (unknown fields, text no address can hold); 404 \`not_found\` (cart or token); 412 \`precondition_failed\`; 422 \`invalid_address\` (with \`errors\` naming each field), \`country_not_served\`; 503 \`database_unavailable\`.`,
  ...requires(cartAccess),
  request: {
    params: CartIdParam,
    headers: CartChangeHeaders,
    body: {
      required: true,
      content: { 'application/json': { schema: AddressSchema, example: addressExample } },
    },
  },
  responses: {
    200: {
      description: 'The cart with its address, repriced, and its new `ETag`.',
      headers: CartHeaders,
      content: {
        'application/json': {
          schema: CartSchema,
          example: { ...cartExample, shippingAddress: addressExample },
        },
      },
    },
    ...problemResponses(...commonProblems, 404, 412, 422, 503),
  },
});

export function registerSetShippingAddress(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId } = c.req.valid('param');
    const address = c.req.valid('json');
    const precondition = cartPrecondition(c.req.valid('header')['if-match']);
    const reply = await cartObject(c, cartId).setShippingAddress(
      cartCaller(c),
      address,
      precondition,
      await cartRequest(c),
    );
    return cartResponse(c, answeredCart(c, cartId, reply), 200);
  });
}
