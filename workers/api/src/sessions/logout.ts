import { customers } from '@edge-commerce/db';
import { hashRefreshToken, isRefreshToken } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { publicAccess, requires } from '../auth/access';
import { customerAccountsAvailable } from '../auth/customer-accounts';
import { accountReads } from '../customers/account-reads';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { LogoutRequest } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/auth/logout',
  operationId: 'logout',
  tags: ['Customers'],
  summary: 'Sign out',
  description: `Ends the session the refresh token belongs to: none of its refresh tokens works
again. Its access tokens are not stored anywhere to be revoked and stay valid until they expire
(\`expiresIn\`, at most 15 minutes by default); a client drops its copy now.

Answers 204 whether or not the token opened a live session, so it can be retried and tells nothing.

Errors: 400 \`validation_failed\`; 503 \`customer_accounts_unavailable\`, \`database_unavailable\`.`,
  ...requires(publicAccess, customerAccountsAvailable),
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: LogoutRequest,
          example: { refreshToken: 'rt_Vq2Jm8Xw4Lk1Tb7Rn5Yc9Hd3Pz6sWq0EaTg2UjN4rKf' },
        },
      },
    },
  },
  responses: {
    204: { description: 'Signed out (or already).' },
    ...problemResponses(...commonProblems, 503),
  },
});

export function registerLogout(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { refreshToken } = c.req.valid('json');
    if (isRefreshToken(refreshToken)) {
      const sessionId = await customers.revokeSessionOfToken(
        c.get('database')(),
        await hashRefreshToken(refreshToken),
        'logout',
      );
      if (sessionId) accountReads.forgetSession(sessionId);
    }
    return c.body(null, 204);
  });
}
