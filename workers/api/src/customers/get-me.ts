import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { customerAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { problemResponses } from '../openapi/problem-schema';
import { signedInCustomer } from './me';
import { CUSTOMER_EXAMPLE, Customer } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/customers/me',
  operationId: 'getMyAccount',
  tags: ['Customers'],
  summary: 'Your account',
  description: `The signed-in customer's account. An instance may answer from its own read of the
last 5 seconds: a change or sign-out made elsewhere shows within that.

Errors: 401 \`unauthorized\` (no token; an expired, forged or revoked one, with
\`WWW-Authenticate: Bearer error="invalid_token"\`); 403 \`forbidden\` (an API key);
503 \`customer_accounts_unavailable\`, \`database_unavailable\`.`,
  ...requires(customerAccess),
  responses: {
    200: {
      description: 'The account.',
      content: { 'application/json': { schema: Customer, example: CUSTOMER_EXAMPLE } },
    },
    ...problemResponses(401, 403, 500, 503),
  },
});

export function registerGetMe(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await signedInCustomer(c, { recent: true }), 200));
}
