import { digestsEqual, hashCartToken, isCartTokenShaped } from '@edge-commerce/cart';
import { orders } from '@edge-commerce/db';
import { isId } from '@edge-commerce/domain';
import type { Context } from 'hono';
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

/**
 * The order if this route's caller may see it: its customer, or a guest holding its token; for
 * anyone else (and an id no order has) the same 404.
 */
export async function orderOpenedBy(c: Context<AppEnv>, orderId: string): Promise<orders.OrderRecord> {
  const record = isId('order', orderId) ? await orders.readOrder(c.get('database')(), orderId) : undefined;
  const caller = c.get('orderCaller');
  if (!record || !caller) throw orderNotFound(orderId);
  const opens =
    'token' in caller
      ? digestsEqual(await hashCartToken(caller.token), record.accessTokenHash)
      : record.customerId !== null && record.customerId === caller.customerId;
  if (!opens) throw orderNotFound(orderId);
  return record;
}
