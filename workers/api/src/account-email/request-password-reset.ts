import { customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { publicAccess, requires } from '../auth/access';
import { customerAccountsAvailable } from '../auth/customer-accounts';
import { Email } from '../customers/schemas';
import { sendSoon } from '../email/send-soon';
import type { AppEnv } from '../env';
import { strictBucket } from '../front-door/strict-bucket';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { namedAccount } from '../sessions/named-account';
import { emailAvailable, newAccountEmail } from './account-emails';

const PasswordResetRequest = z.strictObject({ email: Email }).openapi('PasswordResetRequest');

const route = createRoute({
  method: 'post',
  path: '/v1/auth/password-reset',
  operationId: 'requestPasswordReset',
  tags: ['Customers'],
  summary: 'Ask for a password-reset link',
  description: `Emails the account with this address a link to choose a new password. The answer is
202 whether or not an account has the address, and takes the same time: it tells nobody who has
an account. The link works once, for \`PASSWORD_RESET_TTL_MINUTES\` (default 60); asking again
makes the earlier link stop working. The storefront page it opens posts the token and the new
password to \`POST /v1/auth/password-reset/confirm\`.

Limited per named address (\`PASSWORD_RESETS_PER_ACCOUNT\`, default 3 an hour, so nobody can fill
a stranger's inbox) and per caller (\`PASSWORD_RESETS_PER_ADDRESS\`, default 20).

Errors: 400 \`validation_failed\`; 429 \`rate_limited\`; 503 \`email_unavailable\`,
\`customer_accounts_unavailable\`, \`database_unavailable\`.`,
  ...requires(
    publicAccess,
    customerAccountsAvailable,
    emailAvailable,
    strictBucket({
      name: 'password-reset-address',
      limit: (config) => config.PASSWORD_RESETS_PER_ADDRESS,
      windowSeconds: 3_600,
    }),
    strictBucket({
      name: 'password-reset-account',
      limit: (config) => config.PASSWORD_RESETS_PER_ACCOUNT,
      windowSeconds: 3_600,
      callerOf: namedAccount,
    }),
    idempotentWrites(),
  ),
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': { schema: PasswordResetRequest, example: { email: 'ada@example.com' } },
      },
    },
  },
  responses: {
    202: { description: 'If an account has this address, the email is on its way.' },
    ...problemResponses(...commonProblems, 503),
  },
});

export function registerRequestPasswordReset(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { email: address } = c.req.valid('json');
    const email = await newAccountEmail(c.get('config'), 'password_reset');
    if (await customers.requestPasswordReset(c.get('database')(), address, email)) sendSoon(c, email.emailId);
    return c.body(null, 202);
  });
}
