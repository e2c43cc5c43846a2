import { customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { customerAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { accountReads } from './account-reads';
import { customerEvent } from './customer-events';
import { signedInCustomer } from './me';
import { confirmCurrentPassword, passwordGuesses } from './password-guesses';

const AccountDeletion = z
  .strictObject({
    password: z.string().min(1).max(1_024).openapi({
      description: 'The current password: a stolen access token alone erases nothing.',
      example: 'correct horse battery staple',
    }),
  })
  .openapi('AccountDeletion');

const route = createRoute({
  method: 'delete',
  path: '/v1/customers/me',
  operationId: 'deleteMyAccount',
  tags: ['Customers'],
  summary: 'Delete your account',
  description: `Erases the signed-in customer's account (GDPR article 17), after checking the password
sent in the body: the name, email, phone and password are removed for good, the address book and
every session with them, so nobody can sign in to it again; the email may register anew. What
accounting must keep (orders, when checkout lands) stays under the bare customer id.
\`CustomerDeleted\` tells the CRM and analytics to erase what they hold. Take an export first.

Password attempts are limited per account (5 every 15 minutes).

Errors: 400 \`validation_failed\`; 401 \`unauthorized\`; 403 \`forbidden\` (an API key);
422 \`wrong_password\`; 429 \`rate_limited\`; 503 \`customer_accounts_unavailable\`,
\`database_unavailable\`.`,
  ...requires(customerAccess, passwordGuesses),
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: AccountDeletion,
          example: { password: 'correct horse battery staple' },
        },
      },
    },
  },
  responses: {
    204: { description: 'Erased.' },
    ...problemResponses(...commonProblems, 401, 403, 422, 503),
  },
});

export function registerDeleteMe(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { password } = c.req.valid('json');
    const { id } = await signedInCustomer(c);
    const db = c.get('database')();
    await confirmCurrentPassword(db, id, password, 'The password is wrong; nothing was deleted.');
    accountReads.forgetCustomer(id);
    await customers.eraseCustomer(db, id, (deletedAt) =>
      customerEvent('CustomerDeleted', id, { customerId: id, deletedAt }),
    );
    return c.body(null, 204);
  });
}
