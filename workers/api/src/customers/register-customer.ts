import { customers } from '@edge-commerce/db';
import { hashPassword, newId, passwordProblem } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { newAccountEmail } from '../account-email/account-emails';
import { publicAccess, requires } from '../auth/access';
import { customerAccountsAvailable } from '../auth/customer-accounts';
import { sendSoon } from '../email/send-soon';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { strictBucket } from '../front-door/strict-bucket';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { openCustomerSession } from '../sessions/issue-session';
import { SESSION_EXAMPLE, Session } from '../sessions/schemas';
import { customerEvent, profileOf } from './customer-events';
import { CustomerRegistration } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/customers',
  operationId: 'registerCustomer',
  tags: ['Customers'],
  summary: 'Create an account',
  description: `Creates a customer account and signs it in: the answer is a session, as a login's.
The password is stored as an Argon2id hash (19 MiB, 2 passes); \`CustomerRegistered\` goes to the
CRM with the account, in the same transaction, and so does the email with the link that verifies
the address (\`POST /v1/auth/verify-email\`; a new one: \`POST /v1/customers/me/email-verification\`).

Registrations are limited per address (\`REGISTRATIONS_PER_ADDRESS\`, default 20 an hour).

Errors: 400 \`validation_failed\` (a password shorter than 8 or longer than 256 characters, one of
the most common passwords or the email itself; a malformed email, phone or locale; unknown fields);
409 \`email_taken\`; 429 \`rate_limited\`; 503 \`customer_accounts_unavailable\`,
\`database_unavailable\`.`,
  ...requires(
    publicAccess,
    customerAccountsAvailable,
    strictBucket({
      name: 'registration',
      limit: (config) => config.REGISTRATIONS_PER_ADDRESS,
      windowSeconds: 3_600,
    }),
    idempotentWrites(),
  ),
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: CustomerRegistration,
          example: {
            email: 'ada@example.com',
            password: 'correct horse battery staple',
            firstName: 'Ada',
            lastName: 'Lovelace',
            locale: 'en-GB',
          },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Registered and signed in; `Location` is the account (`/v1/customers/me`).',
      headers: { Location: { schema: { type: 'string', maxLength: 20 }, description: '/v1/customers/me' } },
      content: { 'application/json': { schema: Session, example: SESSION_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 409, 503),
  },
});

export function registerRegisterCustomer(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const problem = passwordProblem(input.password, input.email);
    if (problem) {
      throw new ApiError('validation_failed', `password ${problem}.`, {
        errors: [{ path: 'password', message: problem }],
      });
    }
    const verification = await newAccountEmail(c.get('config'), 'email_verification');
    const outcome = await customers.registerCustomer(
      c.get('database')(),
      {
        id: newId('customer'),
        email: input.email,
        passwordHash: await hashPassword(input.password),
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        phone: input.phone ?? null,
        locale: input.locale,
      },
      (view) => customerEvent('CustomerRegistered', view.id, profileOf(view)),
      verification,
    );
    if ('refused' in outcome)
      throw new ApiError('email_taken', 'An account already uses this email address; sign in.');
    sendSoon(c, verification.emailId);
    return c.json(await openCustomerSession(c, outcome.registered), 201, { Location: '/v1/customers/me' });
  });
}
