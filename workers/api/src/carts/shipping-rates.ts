import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { cartAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { cartCaller, cartObject, refusalProblem } from './cart-answer';
import { CartIdParam, CartTokenHeader, ShippingRatesSchema } from './schemas';
import { CART_TAG } from './tag';

const route = createRoute({
  method: 'get',
  path: '/v1/carts/{cartId}/shipping-rates',
  operationId: 'listCartShippingRates',
  tags: [CART_TAG],
  summary: 'List the shipping rates for a cart',
  description: `The rates the cart may choose from now, for its address, goods (after discounts: free-shipping thresholds look at what the shopper pays) and weight, cheapest first. Quoted by the shipping port (a built-in table of zones, weight bands and per-currency prices; a carrier adapter fits the same port). An empty list: the cart cannot be shipped there in its currency, or has nothing to ship.

**Errors**: 404 \`not_found\` (cart or token); 409 \`shipping_address_required\`; 503 \`database_unavailable\`.`,
  ...requires(cartAccess),
  request: { params: CartIdParam, headers: CartTokenHeader },
  responses: {
    200: {
      description: 'The rates, cheapest first.',
      content: {
        'application/json': {
          schema: ShippingRatesSchema,
          example: {
            data: [
              {
                id: 'standard',
                name: 'Standard',
                amount: { amount: 599, currency: 'USD' },
                minDays: 3,
                maxDays: 5,
              },
              {
                id: 'express',
                name: 'Express',
                amount: { amount: 1499, currency: 'USD' },
                minDays: 1,
                maxDays: 2,
              },
            ],
          },
        },
      },
    },
    ...problemResponses(...commonProblems, 404, 409, 503),
  },
});

export function registerShippingRates(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId } = c.req.valid('param');
    const reply = await cartObject(c, cartId).shippingRates(cartCaller(c));
    c.set('objectStatements', (c.get('objectStatements') ?? 0) + reply.statements);
    if (!reply.outcome.ok) throw refusalProblem(cartId, reply.outcome);
    const data = reply.outcome.rates.map((rate) => ({
      id: rate.id,
      name: rate.name,
      amount: { amount: rate.amount, currency: rate.currency },
      minDays: rate.minDays,
      maxDays: rate.maxDays,
    }));
    return c.json({ data }, 200);
  });
}
