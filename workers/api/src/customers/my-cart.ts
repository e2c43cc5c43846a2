import { customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { customerAccess, requires } from '../auth/access';
import { customerOf } from '../auth/customer-accounts';
import { answeredCart, cartObject, cartResponse } from '../carts/cart-answer';
import { cartExample } from '../carts/example';
import { CartHeaders, CartSchema } from '../carts/schemas';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { commonProblems, problemResponses } from '../openapi/problem-schema';

const route = createRoute({
  method: 'get',
  path: '/v1/customers/me/cart',
  operationId: 'getMyCart',
  tags: ['Customers'],
  summary: 'Your open cart',
  description: `The signed-in customer's open cart, on whichever device it was filled: the cart they claimed
(\`POST /v1/carts/{cartId}/claim\`), which their access token opens like its \`X-Cart-Token\`.

**Errors**: 401 \`unauthorized\`, \`invalid_token\`; 403 \`forbidden\` (an API key); 404 \`not_found\`
(no open cart); 503 \`customer_accounts_unavailable\`, \`database_unavailable\`.`,
  ...requires(customerAccess),
  responses: {
    200: {
      description: 'The cart, with its `ETag`; `Content-Location` is its own address.',
      headers: CartHeaders,
      content: { 'application/json': { schema: CartSchema, example: cartExample } },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 503),
  },
});

export function registerGetMyCart(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { customerId } = await customerOf(c);
    const db = c.get('database')();
    const cartId = await customers.findCustomerCart(db, customerId);
    const none = () =>
      new ApiError('not_found', 'You have no open cart: claim one with POST /v1/carts/{cartId}/claim.');
    if (cartId === undefined) throw none();
    const reply = await cartObject(c, cartId).read({ customerId });
    if (
      !reply.outcome.ok &&
      (reply.outcome.reason === 'not_found' || reply.outcome.reason === 'cart_closed')
    ) {
      await customers.forgetCustomerCart(db, customerId, cartId);
      throw none();
    }
    const cart = answeredCart(c, cartId, reply);
    c.header('Content-Location', `/v1/carts/${cartId}`);
    return cartResponse(c, cart, 200);
  });
}
