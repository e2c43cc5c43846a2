import { customers } from '@edge-commerce/db';
import { hashPassword, passwordProblem } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { customerAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { openCustomerSession } from '../sessions/issue-session';
import { SESSION_EXAMPLE, Session } from '../sessions/schemas';
import { accountReads } from './account-reads';
import { signedInCustomer } from './me';
import { confirmCurrentPassword, passwordGuesses } from './password-guesses';
import { Password } from './schemas';

const PasswordChange = z
  .strictObject({
    currentPassword: z.string().min(1).max(1_024).openapi({ example: 'correct horse battery staple' }),
    newPassword: Password,
  })
  .openapi('PasswordChange');

const route = createRoute({
  method: 'post',
  path: '/v1/customers/me/password',
  operationId: 'changeMyPassword',
  tags: ['Customers'],
  summary: 'Change your password',
  description: `Checks the current password, stores the new one and ends **every** session of the
account: refresh tokens stop working and access tokens issued before now are refused, on every
device. The answer is a new session for this one.

Attempts are limited per account (5 every 15 minutes), so a stolen access token cannot be used to
guess the password.

Errors: 400 \`validation_failed\` (the new password breaks the rules of registration, or is the
current one); 401 \`unauthorized\`; 403 \`forbidden\` (an API key); 422 \`wrong_password\`;
429 \`rate_limited\`; 503 \`customer_accounts_unavailable\`, \`database_unavailable\`.`,
  ...requires(customerAccess, passwordGuesses, idempotentWrites()),
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: PasswordChange,
          example: {
            currentPassword: 'correct horse battery staple',
            newPassword: 'a longer passphrase still',
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Changed; every other session has ended. A new session for this device.',
      content: { 'application/json': { schema: Session, example: SESSION_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 401, 403, 422, 503),
  },
});

export function registerChangePassword(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    const customer = await signedInCustomer(c);
    const refuse = (message: string) =>
      new ApiError('validation_failed', `newPassword ${message}.`, {
        errors: [{ path: 'newPassword', message }],
      });
    const problem = passwordProblem(newPassword, customer.email);
    if (problem) throw refuse(problem);
    if (newPassword === currentPassword) throw refuse('must differ from the current password');

    const db = c.get('database')();
    const stored = await confirmCurrentPassword(
      db,
      customer.id,
      currentPassword,
      'The current password is wrong.',
    );
    if (!(await customers.changePassword(db, customer.id, stored, await hashPassword(newPassword))))
      throw new ApiError('wrong_password', 'The password was changed meanwhile; sign in again.');
    accountReads.forgetCustomer(customer.id);
    const changed = await customers.readCustomer(db, customer.id);
    if (!changed) throw new Error(`customer ${customer.id} vanished after a password change`);
    return c.json(await openCustomerSession(c, changed), 200);
  });
}
