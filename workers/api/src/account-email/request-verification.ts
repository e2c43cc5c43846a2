import { customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { customerAccess, requires } from '../auth/access';
import { customerOf } from '../auth/customer-accounts';
import { unauthorized } from '../auth/unauthorized';
import { signedInCustomer } from '../customers/me';
import { sendSoon } from '../email/send-soon';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { strictBucket } from '../front-door/strict-bucket';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { emailAvailable, newAccountEmail } from './account-emails';

const route = createRoute({
  method: 'post',
  path: '/v1/customers/me/email-verification',
  operationId: 'requestEmailVerification',
  tags: ['Customers'],
  summary: 'Send a new verification link',
  description: `Emails the signed-in customer a new link that verifies their address (registration
sends the first). The link works once, for \`EMAIL_VERIFICATION_TTL_HOURS\` (default 24); an
earlier one stops working. The storefront page it opens posts the token to
\`POST /v1/auth/verify-email\`.

Limited to 5 an hour per account.

Errors: 401 \`unauthorized\`; 403 \`forbidden\` (an API key); 409 \`email_already_verified\`;
429 \`rate_limited\`; 503 \`email_unavailable\`, \`customer_accounts_unavailable\`,
\`database_unavailable\`.`,
  ...requires(
    customerAccess,
    emailAvailable,
    strictBucket({
      name: 'email-verification',
      limit: 5,
      windowSeconds: 3_600,
      callerOf: async (c) => (await customerOf(c)).customerId,
    }),
    idempotentWrites(),
  ),
  request: { headers: IdempotentWriteHeader },
  responses: {
    202: { description: 'The email is on its way.' },
    ...problemResponses(...commonProblems, 401, 403, 409, 503),
  },
});

export function registerRequestVerification(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const customer = await signedInCustomer(c);
    if (customer.emailVerified)
      throw new ApiError('email_already_verified', `${customer.email} is verified already.`);
    const email = await newAccountEmail(c.get('config'), 'email_verification');
    if (!(await customers.issueAccountEmailTo(c.get('database')(), customer.id, email)))
      throw unauthorized('The access token no longer opens this account; sign in again.', 'invalid_token');
    sendSoon(c, email.emailId);
    return c.body(null, 202);
  });
}
