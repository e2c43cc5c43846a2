import { customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { customerAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { problemResponses } from '../../openapi/problem-schema';
import { signedInCustomer } from '../me';
import { AddressIdParam } from './schemas';

const route = createRoute({
  method: 'delete',
  path: '/v1/customers/me/addresses/{addressId}',
  operationId: 'deleteMyAddress',
  tags: ['Customers'],
  summary: 'Delete an address',
  description: `Removes the address from the book (a default goes with it: the book then has none).
Orders keep their own copy of the addresses they shipped to.

Errors: 401 \`unauthorized\`; 403 \`forbidden\`; 404 \`not_found\`; 503
\`customer_accounts_unavailable\`, \`database_unavailable\`.`,
  ...requires(customerAccess),
  request: { params: AddressIdParam },
  responses: {
    204: { description: 'Deleted.' },
    ...problemResponses(400, 401, 403, 404, 500, 503),
  },
});

export function registerDeleteAddress(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { addressId } = c.req.valid('param');
    const { id } = await signedInCustomer(c);
    if (!(await customers.deleteAddress(c.get('database')(), id, addressId)))
      throw new ApiError('not_found', `Your address book has no address ${addressId}.`);
    return c.body(null, 204);
  });
}
