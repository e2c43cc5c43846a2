import { customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { customerAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { problemResponses } from '../../openapi/problem-schema';
import { signedInCustomer } from '../me';
import { ADDRESS_EXAMPLE, AddressIdParam, CustomerAddress } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/customers/me/addresses/{addressId}',
  operationId: 'getMyAddress',
  tags: ['Customers'],
  summary: 'One of your addresses',
  description: `Errors: 401 \`unauthorized\`; 403 \`forbidden\`; 404 \`not_found\` (no such address in your
book: another customer's is not found either); 503 \`customer_accounts_unavailable\`,
\`database_unavailable\`.`,
  ...requires(customerAccess),
  request: { params: AddressIdParam },
  responses: {
    200: {
      description: 'The address.',
      content: { 'application/json': { schema: CustomerAddress, example: ADDRESS_EXAMPLE } },
    },
    ...problemResponses(400, 401, 403, 404, 500, 503),
  },
});

export function registerGetAddress(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { addressId } = c.req.valid('param');
    const { id } = await signedInCustomer(c);
    const entry = await customers.readAddress(c.get('database')(), id, addressId);
    if (!entry) throw new ApiError('not_found', `Your address book has no address ${addressId}.`);
    return c.json(entry, 200);
  });
}
