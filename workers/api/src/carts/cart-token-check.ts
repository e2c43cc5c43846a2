import { isCartTokenShaped } from '@edge-commerce/cart';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { cartNotFound } from './cart-answer';

/**
 * The route-level half of a cart's access: a request without an `X-Cart-Token`, or with one
 * that cannot be a token, gets the 404 the object would give, without waking it. Whether the
 * token is this cart's is the object's to say: only it keeps the token's hash.
 */
export const cartTokenCheck = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = c.req.header('X-Cart-Token');
    if (token === undefined || !isCartTokenShaped(token)) throw cartNotFound(c.req.param('cartId') ?? '');
    await next();
  });
