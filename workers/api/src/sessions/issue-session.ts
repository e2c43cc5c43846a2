import { customers } from '@edge-commerce/db';
import { hashRefreshToken, newId, newRefreshToken } from '@edge-commerce/domain';
import type { Context } from 'hono';
import { CUSTOMER_AUDIENCE, signAccessToken } from '../auth/access-tokens';
import type { AppEnv } from '../env';

/** What a login, a registration and a refresh answer (the `Session` schema). */
export interface SessionAnswer {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  customer: customers.CustomerView;
}

export const refreshTokenTtlSeconds = (c: Context<AppEnv>): number =>
  c.get('config').CUSTOMER_REFRESH_TOKEN_TTL_DAYS * 86_400;

/** Starts a session for `customer` (a login or a registration): its first refresh token and an access token. */
export async function openCustomerSession(
  c: Context<AppEnv>,
  customer: customers.CustomerView,
): Promise<SessionAnswer> {
  const sessionId = newId('customerSession');
  const refreshToken = newRefreshToken();
  await customers.openSession(
    c.get('database')(),
    { id: sessionId, customerId: customer.id },
    { tokenHash: await hashRefreshToken(refreshToken), ttlSeconds: refreshTokenTtlSeconds(c) },
  );
  return sessionAnswer(c, customer, sessionId, refreshToken);
}

/** The answer for a session whose refresh token is `refreshToken`, with a new access token. */
export async function sessionAnswer(
  c: Context<AppEnv>,
  customer: customers.CustomerView,
  sessionId: string,
  refreshToken: string,
): Promise<SessionAnswer> {
  const config = c.get('config');
  const expiresIn = config.CUSTOMER_ACCESS_TOKEN_TTL_SECONDS;
  const accessToken = await signAccessToken(config, {
    audience: CUSTOMER_AUDIENCE,
    subject: customer.id,
    ttlSeconds: expiresIn,
    claims: { sid: sessionId },
  });
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn,
    refreshToken,
    customer,
  };
}
