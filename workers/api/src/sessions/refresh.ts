import { customers } from '@edge-commerce/db';
import { hashRefreshToken, isRefreshToken, newRefreshToken } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { publicAccess, requires } from '../auth/access';
import { customerAccountsAvailable } from '../auth/customer-accounts';
import { accountReads } from '../customers/account-reads';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { log } from '../log';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { refreshTokenTtlSeconds, sessionAnswer } from './issue-session';
import { RefreshRequest, SESSION_EXAMPLE, Session } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/auth/refresh',
  operationId: 'refreshSession',
  tags: ['Customers'],
  summary: 'Refresh a session',
  description: `Trades a refresh token for a new access token and a new refresh token. Each refresh
token is good for **one** refresh: keep the new one. Presenting a spent one again is what a stolen
copy looks like, so it ends the whole session (every refresh token issued from its login), for
whoever holds it; sign in again.

Errors: 400 \`validation_failed\`; 401 \`invalid_refresh_token\` (unknown, expired, spent, or its
session ended by a logout or a password change); 503 \`customer_accounts_unavailable\`,
\`database_unavailable\`.`,
  ...requires(publicAccess, customerAccountsAvailable, idempotentWrites()),
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: RefreshRequest,
          example: { refreshToken: SESSION_EXAMPLE.refreshToken },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'A new access token and refresh token for the same session.',
      content: { 'application/json': { schema: Session, example: SESSION_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 401, 503),
  },
});

const refused = () =>
  new ApiError(
    'invalid_refresh_token',
    'The refresh token is not valid; sign in again with POST /v1/auth/login.',
  );

export function registerRefresh(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { refreshToken } = c.req.valid('json');
    if (!isRefreshToken(refreshToken)) throw refused();
    const db = c.get('database')();
    const next = newRefreshToken();
    const rotation = await customers.rotateRefreshToken(db, await hashRefreshToken(refreshToken), {
      tokenHash: await hashRefreshToken(next),
      ttlSeconds: refreshTokenTtlSeconds(c),
    });
    if (rotation.outcome === 'reused') {
      accountReads.forgetSession(rotation.sessionId);
      log('warn', 'spent refresh token presented again: session revoked', {
        requestId: c.get('requestId'),
        sessionId: rotation.sessionId,
      });
    }
    if (rotation.outcome !== 'rotated') throw refused();
    const customer = await customers.readCustomer(db, rotation.customerId);
    if (!customer) throw refused();
    return c.json(await sessionAnswer(c, customer, rotation.sessionId, next), 200);
  });
}
