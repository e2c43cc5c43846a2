import { type OrderNumberKey, orderNumberKey } from '@edge-commerce/domain';
import type { Config } from '../config';
import { ApiError } from '../errors/problem';

let cached: { secret: string; key: OrderNumberKey } | undefined;

/** The order number permutation's key (ADR 28), derived once per isolate; 503 when unset. */
export function orderNumberKeyOf(config: Config): OrderNumberKey {
  const secret = config.ORDER_NUMBER_KEY;
  if (secret === undefined)
    throw new ApiError(
      'payments_unavailable',
      'Orders are not configured on this deployment (ORDER_NUMBER_KEY).',
    );
  if (cached?.secret !== secret) cached = { secret, key: orderNumberKey(secret) };
  return cached.key;
}
