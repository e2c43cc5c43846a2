import { customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { customerAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { problemResponses } from '../../openapi/problem-schema';
import { signedInCustomer } from '../me';
import { ADDRESS_EXAMPLE, CustomerAddressList } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/customers/me/addresses',
  operationId: 'listMyAddresses',
  tags: ['Customers'],
  summary: 'Your address book',
  description: `The signed-in customer's addresses, oldest first: at most 20, so always one page.

Errors: 401 \`unauthorized\`; 403 \`forbidden\` (an API key); 503 \`customer_accounts_unavailable\`,
\`database_unavailable\`.`,
  ...requires(customerAccess),
  responses: {
    200: {
      description: 'The addresses.',
      content: {
        'application/json': {
          schema: CustomerAddressList,
          example: { data: [ADDRESS_EXAMPLE], nextCursor: null },
        },
      },
    },
    ...problemResponses(401, 403, 500, 503),
  },
});

export function registerListAddresses(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = await signedInCustomer(c);
    const data = await customers.listAddresses(c.get('database')(), id);
    return c.json({ data: data, nextCursor: null }, 200);
  });
}
