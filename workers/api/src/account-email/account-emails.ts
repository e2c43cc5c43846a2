import type { customers } from '@edge-commerce/db';
import { type AccountTokenPurpose, hashAccountToken, newAccountToken, newId } from '@edge-commerce/domain';
import { z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config';
import { storefrontUrlOf } from '../email/email-settings';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { log } from '../log';

/** Where each link opens on the storefront; the token travels in the fragment (ADR 25). */
const LINK_PATHS: Record<AccountTokenPurpose, string> = {
  email_verification: '/account/verify-email',
  password_reset: '/account/reset-password',
};

function validMinutes(config: Config, purpose: AccountTokenPurpose): number {
  return purpose === 'email_verification'
    ? config.EMAIL_VERIFICATION_TTL_HOURS * 60
    : config.PASSWORD_RESET_TTL_MINUTES;
}

/**
 * A new single-use token for `purpose` and the email that carries its link, ready to be recorded
 * with the change that makes it due. The token itself is only in the link: the database keeps
 * its hash, and the outbox the link until the email is sent.
 */
export async function newAccountEmail<P extends AccountTokenPurpose>(
  config: Config,
  purpose: P,
): Promise<customers.AccountEmail & { purpose: P }> {
  const token = newAccountToken(purpose);
  const minutes = validMinutes(config, purpose);
  return {
    purpose,
    tokenHash: await hashAccountToken(token),
    ttlSeconds: minutes * 60,
    emailId: newId('email'),
    template: purpose,
    data: { link: `${storefrontUrlOf(config)}${LINK_PATHS[purpose]}#token=${token}`, validMinutes: minutes },
  };
}

/** The body that spends a token: its shape is checked by the route, its life by the database. */
export const AccountTokenField = z.string().min(1).max(100).openapi({
  description: 'The token from the link the email carried (after `#token=`).',
  example: 'pr_Vb3Qk0m1xH7y2cWq9eZfT4uJdN8aLsRpG6oYiK5tMvE',
});

/**
 * Refuses with 503 `email_unavailable` a route that must send an email now (a password reset, a
 * new verification link) on a deployment that cannot send any: its shopper would wait for nothing.
 */
export const emailAvailable = createMiddleware<AppEnv>((c, next) => {
  if (c.get('config').RESEND_API_KEY === undefined) {
    log('warn', 'an email was refused: RESEND_API_KEY is not set', {});
    throw new ApiError('email_unavailable', 'Emails cannot be sent from this deployment right now.');
  }
  return next();
});

export function invalidAccountToken(): ApiError {
  return new ApiError(
    'invalid_account_token',
    'The link is not valid, has expired or was used already; ask for a new one.',
  );
}
