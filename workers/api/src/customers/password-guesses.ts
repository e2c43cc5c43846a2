import { customers, type Database } from '@edge-commerce/db';
import { verifyPassword } from '@edge-commerce/domain';
import { customerOf } from '../auth/customer-accounts';
import { ApiError } from '../errors/problem';
import { strictBucket } from '../front-door/strict-bucket';

/**
 * Guesses at a signed-in customer's current password (a password change, an erasure): 5 per
 * account every 15 minutes, one bucket for both, so a stolen access token cannot guess it.
 */
export const passwordGuesses = strictBucket({
  name: 'password-change',
  limit: 5,
  windowSeconds: 15 * 60,
  callerOf: async (c) => (await customerOf(c)).customerId,
});

/**
 * Checks a guess at the customer's current password (behind `passwordGuesses`): the stored hash
 * when it is right, else 422 `wrong_password` with `refusal` as its detail.
 */
export async function confirmCurrentPassword(
  db: Database,
  customerId: string,
  password: string,
  refusal: string,
): Promise<string> {
  const stored = await customers.findPasswordHash(db, customerId);
  if (!stored || !(await verifyPassword(password, stored)).ok) throw new ApiError('wrong_password', refusal);
  return stored;
}
