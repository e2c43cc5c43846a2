import { customers } from '@edge-commerce/db';
import { hashAccountToken, isAccountToken } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { publicAccess, requires } from '../auth/access';
import { customerAccountsAvailable } from '../auth/customer-accounts';
import { accountReads } from '../customers/account-reads';
import { customerEvent, profileOf } from '../customers/customer-events';
import type { AppEnv } from '../env';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { AccountTokenField, invalidAccountToken } from './account-emails';

const EmailVerification = z.strictObject({ token: AccountTokenField }).openapi('EmailVerification');

const route = createRoute({
  method: 'post',
  path: '/v1/auth/verify-email',
  operationId: 'verifyEmail',
  tags: ['Customers'],
  summary: 'Verify an email address',
  description: `Spends the token of a verification link and marks the address it was sent to as
verified. No sign-in is needed: the link may be opened on any device. A link works once, and only
while the account still has the address it was sent to. \`CustomerUpdated\` (\`emailVerified\`)
goes to the CRM in the same transaction.

Errors: 400 \`validation_failed\`, \`invalid_account_token\` (unknown, expired or used);
503 \`customer_accounts_unavailable\`, \`database_unavailable\`.`,
  ...requires(publicAccess, customerAccountsAvailable, idempotentWrites()),
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: EmailVerification,
          example: { token: 've_Vb3Qk0m1xH7y2cWq9eZfT4uJdN8aLsRpG6oYiK5tMvE' },
        },
      },
    },
  },
  responses: {
    204: { description: 'The address is verified.' },
    ...problemResponses(...commonProblems, 503),
  },
});

export function registerVerifyEmail(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { token } = c.req.valid('json');
    if (!isAccountToken(token, 'email_verification')) throw invalidAccountToken();
    const verified = await customers.verifyEmail(c.get('database')(), await hashAccountToken(token), (view) =>
      customerEvent('CustomerUpdated', view.id, {
        ...profileOf(view),
        changed: ['emailVerified'],
        source: 'customer',
      }),
    );
    if (!verified) throw invalidAccountToken();
    accountReads.forgetCustomer(verified.customer.id);
    return c.body(null, 204);
  });
}
