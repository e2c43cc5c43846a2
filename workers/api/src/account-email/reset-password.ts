import { customers } from '@edge-commerce/db';
import { hashAccountToken, hashPassword, isAccountToken, passwordProblem } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { publicAccess, requires } from '../auth/access';
import { customerAccountsAvailable } from '../auth/customer-accounts';
import { accountReads } from '../customers/account-reads';
import { Password } from '../customers/schemas';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { AccountTokenField, invalidAccountToken } from './account-emails';

const PasswordReset = z
  .strictObject({ token: AccountTokenField, password: Password })
  .openapi('PasswordReset');

const route = createRoute({
  method: 'post',
  path: '/v1/auth/password-reset/confirm',
  operationId: 'resetPassword',
  tags: ['Customers'],
  summary: 'Choose a new password with a reset link',
  description: `Spends the token of a password-reset link and stores the new password. Every session
of the account ends (refresh tokens stop working, access tokens are refused wherever the account is
read), every other reset link stops working, and the address the link reached counts as verified.
The customer then signs in with the new password: a reset does not sign anyone in.

Errors: 400 \`validation_failed\` (the password breaks the rules of registration),
\`invalid_account_token\` (unknown, expired or used); 503 \`customer_accounts_unavailable\`,
\`database_unavailable\`.`,
  ...requires(publicAccess, customerAccountsAvailable, idempotentWrites()),
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: PasswordReset,
          example: {
            token: 'pr_Vb3Qk0m1xH7y2cWq9eZfT4uJdN8aLsRpG6oYiK5tMvE',
            password: 'a longer passphrase still',
          },
        },
      },
    },
  },
  responses: {
    204: { description: 'The password is changed and every session has ended.' },
    ...problemResponses(...commonProblems, 503),
  },
});

export function registerResetPassword(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { token, password } = c.req.valid('json');
    if (!isAccountToken(token, 'password_reset')) throw invalidAccountToken();
    const db = c.get('database')();
    const tokenHash = await hashAccountToken(token);
    // Looked up before the KDF runs, so a made-up token costs no hashing; spent only below.
    const live = await customers.findLiveAccountToken(db, tokenHash, 'password_reset');
    if (!live) throw invalidAccountToken();
    const problem = passwordProblem(password, live.email);
    if (problem) {
      throw new ApiError('validation_failed', `password ${problem}.`, {
        errors: [{ path: 'password', message: problem }],
      });
    }
    const customerId = await customers.resetPassword(db, tokenHash, await hashPassword(password));
    if (!customerId) throw invalidAccountToken();
    accountReads.forgetCustomer(customerId);
    return c.body(null, 204);
  });
}
