import type { CartOutcome } from '@edge-commerce/cart';
import { customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { customerWithCartAccess, requires } from '../auth/access';
import { customerOf } from '../auth/customer-accounts';
import type { AppEnv } from '../env';
import { log } from '../log';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import {
  answeredCart,
  cartCaller,
  cartNotFound,
  cartObject,
  cartResponse,
  refusalProblem,
} from './cart-answer';
import type { CartReply } from './cart-object';
import { cartExample } from './example';
import { CartHeaders, CartIdParam, CartSchema, CartTokenHeader } from './schemas';
import { CART_TAG } from './tag';

const route = createRoute({
  method: 'post',
  path: '/v1/carts/{cartId}/claim',
  operationId: 'claimCart',
  tags: [CART_TAG],
  summary: 'Make a guest cart the signed-in customer’s',
  description: `Sent by a shopper who just signed in, with their access token and the guest cart's \`X-Cart-Token\`.

- Without an open cart of their own, this cart becomes it: from now on their access token opens it, on any device, as the cart token still does.
- With one, this cart is **merged** into it: a variant in both gets both quantities, the others come over as they are, and each SKU's reserved stock moves to the customer's cart in one step, so no other shopper can take it meanwhile (topped up only with stock that is free). A variant no longer sold is dropped. This cart closes (\`409 cart_closed\` with \`mergedInto\` from now on) and the answer is the customer's cart: look at its \`id\`.

Claiming again changes nothing; a merge that failed half way is finished by claiming again.

**Errors**: 401 \`unauthorized\`, \`invalid_token\`; 403 \`forbidden\` (an API key); 404 \`not_found\` (no such cart, a wrong token, or a cart another customer claimed); 409 \`cart_closed\`; 503 \`inventory_unavailable\`, \`database_unavailable\`.`,
  ...requires(customerWithCartAccess),
  request: { params: CartIdParam, headers: CartTokenHeader },
  responses: {
    200: {
      description: 'The customer’s cart (this one, or the one it was merged into); `Location` names it.',
      headers: CartHeaders,
      content: { 'application/json': { schema: CartSchema, example: cartExample } },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 409, 503),
  },
});

export function registerClaimCart(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId } = c.req.valid('param');
    const caller = cartCaller(c);
    if (!('token' in caller)) throw cartNotFound(cartId);
    const { customerId } = await customerOf(c);
    const db = c.get('database')();

    let own = await customers.findCustomerCart(db, customerId);
    if (own !== undefined && own !== cartId && !(await isOpenFor(c, own, customerId))) {
      // Their recorded cart closed (or is gone): this one takes its place.
      own = await customers.adoptCustomerCart(db, customerId, cartId, own);
    }
    if (own === undefined || own === cartId) {
      const claimed = await cartObject(c, cartId).claimFor(caller.token, customerId);
      if (!claimed.outcome.ok) throw refusalProblem(cartId, claimed.outcome);
      own = await customers.adoptCustomerCart(db, customerId, cartId);
      // Another claim recorded a cart first: this one merges into it, like any other.
      if (own === cartId) return answered(c, cartId, claimed);
    }

    const handed = await cartObject(c, cartId).handOver(caller.token, customerId, own);
    c.set('objectStatements', (c.get('objectStatements') ?? 0) + handed.statements);
    if (!handed.outcome.ok) throw refusalProblem(cartId, handed.outcome);
    const merged = await cartObject(c, own).absorb(customerId, cartId, handed.outcome.lines);
    if (!merged.outcome.ok) {
      log('error', 'a merged cart’s lines found no cart to go to', {
        cartId,
        into: own,
        reason: merged.outcome.reason,
      });
    }
    return answered(c, own, merged);
  });
}

/** Whether the customer's recorded cart still takes their changes; a cart that cannot answer now is a 503. */
async function isOpenFor(c: Context<AppEnv>, cartId: string, customerId: string): Promise<boolean> {
  const { outcome } = await cartObject(c, cartId).read({ customerId });
  if (outcome.ok) return true;
  if (outcome.reason === 'not_found' || outcome.reason === 'cart_closed') return false;
  throw refusalProblem(cartId, outcome);
}

function answered(c: Context<AppEnv>, cartId: string, reply: CartReply<CartOutcome>) {
  const cart = answeredCart(c, cartId, reply);
  c.header('Location', `/v1/carts/${cartId}`);
  return cartResponse(c, cart, 200);
}
