import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { log } from '../log';
import { tokensConfigured } from './access-tokens';
import { principalOf } from './principal';

/**
 * Refuses every customer-account route of a deployment without a token signing key with 503
 * `customer_accounts_unavailable`. The operators' log names the variable; the caller's answer
 * does not describe the configuration.
 */
export function requireCustomerAccounts(config: Config): void {
  if (tokensConfigured(config)) return;
  log('warn', 'customer accounts refused: TOKEN_SIGNING_KEY is not set', {});
  throw new ApiError(
    'customer_accounts_unavailable',
    'Customer accounts are not available on this deployment.',
  );
}

/** The signed-in customer of a route behind `customerAccess`. */
export async function customerOf(c: Context<AppEnv>) {
  const principal = await principalOf(c);
  if (principal.kind !== 'customer') throw new Error('customerOf called on a route without customerAccess');
  return principal;
}

/** `requireCustomerAccounts` as a route's middleware, for the public account routes (register, login). */
export const customerAccountsAvailable = createMiddleware<AppEnv>((c, next) => {
  requireCustomerAccounts(c.get('config'));
  return next();
});
