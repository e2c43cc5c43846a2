import { customers } from '@edge-commerce/db';
import type { Context } from 'hono';
import { customerOf } from '../auth/customer-accounts';
import { unauthorized } from '../auth/unauthorized';
import type { AppEnv } from '../env';
import { accountReads } from './account-reads';

/**
 * The signed-in customer's account, if their token is still good for it: a token whose session
 * ended (logout, password change, a reused refresh token) or whose account was deleted gets 401
 * here though its signature is sound. The read that shows the account is the one that checks this;
 * with `recent`, this isolate's read of the last few seconds may stand for it (account-reads.ts).
 */
export async function signedInCustomer(
  c: Context<AppEnv>,
  { recent = false }: { recent?: boolean } = {},
): Promise<customers.CustomerView> {
  const { customerId, sessionId } = await customerOf(c);
  const read = () => customers.readCustomerForToken(c.get('database')(), customerId, sessionId);
  // Writes always read Postgres; a read may take this isolate's read of a few seconds ago.
  const customer = recent ? await accountReads.find(sessionId, read) : await read();
  if (!customer) {
    throw unauthorized('The access token no longer opens this account; sign in again.', 'invalid_token');
  }
  return customer;
}
