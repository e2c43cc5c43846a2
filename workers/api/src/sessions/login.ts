import { customers } from '@edge-commerce/db';
import { hashPassword, verifyPassword } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { publicAccess, requires } from '../auth/access';
import { customerAccountsAvailable } from '../auth/customer-accounts';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { clientAddress } from '../front-door/caller';
import { strictBucket } from '../front-door/strict-bucket';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { openCustomerSession } from './issue-session';
import { namedAccount } from './named-account';
import { Login, SESSION_EXAMPLE, Session } from './schemas';

/**
 * What a login with an unknown email checks its password against: a hash made at the current
 * cost from a random password nobody knows. The KDF then runs for an unknown email exactly as
 * for a known one, so neither the answer nor its time tells whether an account exists.
 * (A test keeps its cost equal to PASSWORD_COST.)
 */
export const UNKNOWN_ACCOUNT_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$m9p5KWNSKwi0lqCU4q31bg$7uU2oVDd0LVQFg0WiGyQg3FSocS7hjL0u2ZSW9jQ9V0';

const WINDOW_SECONDS = 15 * 60;

const route = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  operationId: 'login',
  tags: ['Customers'],
  summary: 'Sign in',
  description: `Checks the email and password and starts a session: an access token (an ES256 JWT
for \`Authorization: Bearer\`, good for \`expiresIn\` seconds) and a refresh token (for
\`POST /v1/auth/refresh\`, good for one use).

A wrong password and an unknown email get the same answer, in the same time: the password is
checked against a hash either way. Attempts are limited per account and address
(\`LOGIN_ATTEMPTS_PER_ACCOUNT\`, default 10 every 15 minutes) and per address
(\`LOGIN_ATTEMPTS_PER_ADDRESS\`, default 100), right or wrong, before any password is checked.

Errors: 400 \`validation_failed\`; 401 \`invalid_credentials\`; 429 \`rate_limited\` (with
\`Retry-After\`); 503 \`customer_accounts_unavailable\`, \`database_unavailable\`.`,
  ...requires(
    publicAccess,
    customerAccountsAvailable,
    strictBucket({
      name: 'login-address',
      limit: (config) => config.LOGIN_ATTEMPTS_PER_ADDRESS,
      windowSeconds: WINDOW_SECONDS,
    }),
    strictBucket({
      name: 'login-account',
      limit: (config) => config.LOGIN_ATTEMPTS_PER_ACCOUNT,
      windowSeconds: WINDOW_SECONDS,
      callerOf: async (c) => `${await namedAccount(c)}|${clientAddress(c.req.raw)}`,
    }),
    idempotentWrites(),
  ),
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: Login,
          example: { email: 'ada@example.com', password: 'correct horse battery staple' },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Signed in.',
      content: { 'application/json': { schema: Session, example: SESSION_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 401, 503),
  },
});

export function registerLogin(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { email, password } = c.req.valid('json');
    const db = c.get('database')();
    const account = await customers.findCustomerCredentials(db, email);
    const check = await verifyPassword(password, account?.passwordHash ?? UNKNOWN_ACCOUNT_HASH);
    if (!account || !check.ok) throw new ApiError('invalid_credentials', 'The email or password is wrong.');
    // Hashed at an older cost: the password is at hand now, and only now, to raise it.
    if (check.needsRehash)
      await customers.replacePasswordHash(db, account.id, account.passwordHash, await hashPassword(password));
    return c.json(await openCustomerSession(c, account.customer), 200);
  });
}
