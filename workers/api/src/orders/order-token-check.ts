import { isCartTokenShaped } from '@edge-commerce/cart';
import { createMiddleware } from 'hono/factory';
import { principalOf } from '../auth/principal';
import { unauthorized } from '../auth/unauthorized';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';

/** Who asks for an order: the holder of its access token, or a signed-in customer. */
export type OrderCaller = { token: string } | { customerId: string };

/** What an order route answers for an order its caller may not see, as for one that does not exist. */
export function orderNotFound(orderId: string): ApiError {
  return new ApiError(
    'not_found',
    `No order ${orderId} is open to this caller. An order opens to its customer, or to a guest with the X-Order-Token its completion returned.`,
  );
}

/**
 * The route-level half of an order's access (`orderAccess`): `X-Order-Token`, or else a
 * customer's access token. Whether either opens this order is the route's to say once it has
 * read the order; a request with neither (or an API key) is answered 404 without reading it.
 */
export const orderTokenCheck = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = c.req.header('X-Order-Token');
    const orderId = c.req.param('orderId') ?? '';
    if (token !== undefined) {
      if (!isCartTokenShaped(token)) throw orderNotFound(orderId);
      c.set('orderCaller', { token });
      return next();
    }
    if (c.req.header('Authorization') !== undefined) {
      const principal = await principalOf(c);
      if (principal.kind === 'customer') {
        c.set('orderCaller', { customerId: principal.customerId });
        return next();
      }
      if (principal.kind === 'invalid')
        throw unauthorized('The access token is not valid or has expired; refresh it.', 'invalid_token');
    }
    throw orderNotFound(orderId);
  });
