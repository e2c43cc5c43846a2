import { customerOf } from '../auth/customer-accounts';
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
