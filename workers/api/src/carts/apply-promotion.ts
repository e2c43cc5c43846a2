import { promotions } from '@edge-commerce/db';
import type { CurrencyCode, Promotion } from '@edge-commerce/domain';
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
import { CartChangeHeaders, CartHeaders, CartIdParam, CartSchema, PromotionCodeBody } from './schemas';
import { CART_TAG } from './tag';

const route = createRoute({
  method: 'post',
  path: '/v1/carts/{cartId}/promotions',
  operationId: 'applyCartPromotion',
  tags: [CART_TAG],
  summary: 'Apply a promotion code to a cart',
  description: `Applies a code (any case) the shop created through \`/v1/admin/promotions\`: a percentage off the goods, a fixed amount off the goods, or free shipping. The code must hold for the cart now (active, within its window, not used up, in the cart's currency, the minimum subtotal met). One code of each kind counts; applying the same code again changes nothing. Each line shows what each code takes off it; a code that stops holding later (the subtotal falls below its minimum, its window closes) stays on the cart with \`applies: false\` and the reason. Uses are counted when an order is placed.

${CONCURRENCY_NOTE}

**Errors**: 400 \`validation_failed\`; 404 \`not_found\` (cart or token); 412 \`precondition_failed\`; 422 \`unknown_promotion\`, \`promotion_inactive\`, \`promotion_not_started\`, \`promotion_expired\`, \`promotion_exhausted\`, \`promotion_currency_mismatch\`, \`promotion_minimum_not_met\`, \`promotion_conflict\` (the cart holds a code of the same kind); 503 \`database_unavailable\`.`,
  ...requires(cartAccess),
  request: {
    params: CartIdParam,
    headers: CartChangeHeaders,
    body: {
      required: true,
      content: { 'application/json': { schema: PromotionCodeBody, example: { code: 'SUMMER10' } } },
    },
  },
  responses: {
    200: {
      description: 'The cart with the code applied, and its new `ETag`.',
      headers: CartHeaders,
      content: { 'application/json': { schema: CartSchema, example: cartExample } },
    },
    ...problemResponses(...commonProblems, 404, 412, 422, 503),
  },
});

export function registerApplyCartPromotion(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { cartId } = c.req.valid('param');
    const { code } = c.req.valid('json');
    const precondition = cartPrecondition(c.req.valid('header')['if-match']);
    const cart = cartObject(c, cartId);
    const found = await promotions.findPromotionByCode(c.get('database')(), code);
    const reply = await cart.applyPromotion(
      cartCaller(c),
      code,
      found ? asPromotion(found) : null,
      precondition,
      await cartRequest(c),
    );
    return cartResponse(c, answeredCart(c, cartId, reply), 200);
  });
}

/** The shop's promotion as the cart's rules read it. */
function asPromotion(view: promotions.PromotionView): Promotion {
  return {
    id: view.id,
    code: view.code,
    kind: view.kind,
    ...(view.percentOff === null ? {} : { percentOff: view.percentOff }),
    ...(view.amountOff === null
      ? {}
      : { amountOff: { amount: view.amountOff.amount, currency: view.amountOff.currency as CurrencyCode } }),
    minimumSubtotal: view.minimumSubtotal
      ? { amount: view.minimumSubtotal.amount, currency: view.minimumSubtotal.currency as CurrencyCode }
      : null,
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    usageLimit: view.usageLimit,
    usageCount: view.usageCount,
    active: view.active,
  };
}
