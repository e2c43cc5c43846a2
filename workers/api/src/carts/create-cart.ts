import type { CartView } from '@edge-commerce/cart';
import { type CurrencyCode, newId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { publicAccess, requires } from '../auth/access';
import { resolveMarket } from '../catalog/storefront/currency';
import type { AppEnv } from '../env';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { answeredCart } from './cart-answer';
import { cartExample } from './example';
import { CartHeaders, CreatedCartSchema, NewCartBody } from './schemas';
import { CART_TAG } from './tag';

const route = createRoute({
  ...requires(publicAccess, idempotentWrites()),
  method: 'post',
  path: '/v1/carts',
  operationId: 'createCart',
  tags: [CART_TAG],
  summary: 'Create a cart',
  description: `Opens an empty cart priced in a currency (\`{ "currency": "EUR" }\`), a market (\`{ "market": "eu" }\`, its default currency), both, or neither (the USD market). The market decides whether prices include tax.

The answer carries the cart's \`token\`, **once**: send it as \`X-Cart-Token\` on every later call of the cart. Only its hash is kept; the cart id alone opens nothing. The \`Location\` header names the cart.

**Errors**: 400 \`validation_failed\` (an unknown field, a malformed currency), \`unsupported_currency\` (no market, or not the given market, sells in it), \`unknown_market\`; 503 \`database_unavailable\`.`,
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: { 'application/json': { schema: NewCartBody, example: { currency: 'USD' } } },
    },
  },
  responses: {
    201: {
      description: 'The new, empty cart with its token (shown only here) and its `ETag`.',
      headers: CartHeaders,
      content: {
        'application/json': {
          schema: CreatedCartSchema,
          example: {
            ...cartExample,
            lines: [],
            itemCount: 0,
            token: 'q1Yw3Z0c2n8J4vQ7Xb5pTgK9dLhR6sWmE2uFyA0iNoc',
          },
        },
      },
    },
    ...problemResponses(...commonProblems, 503),
  },
});

export function registerCreateCart(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const choice = c.req.valid('json');
    const { market, currency } = await resolveMarket(c, choice);
    const cartId = newId('cart');
    const reply = await c.env.CART.getByName(cartId).create({
      cartId,
      currency: currency as CurrencyCode,
      market: market.handle,
      pricesIncludeTax: market.pricesIncludeTax,
      countries: market.countries,
    });
    const { outcome } = reply;
    const cart = JSON.parse(answeredCart(c, cartId, reply)) as CartView;
    c.header('Location', `/v1/carts/${cartId}`);
    // The token travels in this answer only; the object keeps its hash.
    return c.json({ ...cart, token: outcome.ok ? outcome.token : '' }, 201);
  });
}
