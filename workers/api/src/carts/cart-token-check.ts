import { isCartTokenShaped } from '@edge-commerce/cart';
import { createMiddleware } from 'hono/factory';
import { principalOf } from '../auth/principal';
import { unauthorized } from '../auth/unauthorized';
import type { AppEnv } from '../env';
import { cartNotFound } from './cart-answer';

/**
 * The route-level half of a cart's access: who calls (`cartCaller`). The cart's `X-Cart-Token`,
 * or else a signed-in customer's access token, which opens the carts they claimed (ADR 26). A
 * request with neither, with a token that cannot be one, or with an API key gets the 404 the
 * object would give, without waking it; an expired or forged access token gets 401, so the
 * storefront knows to refresh it. Whether the token is this cart's, or the cart this customer's,
 * is the object's to say: only it keeps the token's hash and its claim.
 */
export const cartTokenCheck = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = c.req.header('X-Cart-Token');
    if (token !== undefined) {
      if (!isCartTokenShaped(token)) throw cartNotFound(c.req.param('cartId') ?? '');
      c.set('cartCaller', { token });
      return next();
    }
    if (c.req.header('Authorization') !== undefined) {
      const principal = await principalOf(c);
      if (principal.kind === 'customer') {
        c.set('cartCaller', { customerId: principal.customerId });
        return next();
      }
      if (principal.kind === 'invalid')
        throw unauthorized('The access token is not valid or has expired; refresh it.', 'invalid_token');
    }
    throw cartNotFound(c.req.param('cartId') ?? '');
  });
