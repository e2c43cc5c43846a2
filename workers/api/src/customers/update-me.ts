import { customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { customerAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { accountReads } from './account-reads';
import { customerEvent, profileOf } from './customer-events';
import { signedInCustomer } from './me';
import { CUSTOMER_EXAMPLE, Customer, CustomerProfilePatch } from './schemas';

const route = createRoute({
  method: 'patch',
  path: '/v1/customers/me',
  operationId: 'updateMyAccount',
  tags: ['Customers'],
  summary: 'Change your profile',
  description: `Changes the profile fields sent (name, phone, locale); null clears one. The email and
password are not changed here, nor anything the shop owns (id, verification, timestamps): such
fields are refused. A change that changes something records \`CustomerUpdated\` for the CRM, naming
the fields that changed.

Errors: 400 \`validation_failed\` (unknown or server-owned fields, a malformed phone or locale);
401 \`unauthorized\`; 403 \`forbidden\`; 503 \`customer_accounts_unavailable\`,
\`database_unavailable\`.`,
  ...requires(customerAccess),
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: CustomerProfilePatch, example: { firstName: 'Ada', phone: null } },
      },
    },
  },
  responses: {
    200: {
      description: 'The account after the change.',
      content: { 'application/json': { schema: Customer, example: CUSTOMER_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 401, 403, 503),
  },
});

export function registerUpdateMe(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const patch = c.req.valid('json');
    const { id } = await signedInCustomer(c);
    const updated = await customers.updateCustomerProfile(c.get('database')(), id, patch, (view, changed) =>
      customerEvent('CustomerUpdated', view.id, { ...profileOf(view), changed, source: 'customer' }),
    );
    if (!updated) throw new Error(`customer ${id} vanished between two reads`);
    accountReads.forgetCustomer(id);
    return c.json(updated, 200);
  });
}
