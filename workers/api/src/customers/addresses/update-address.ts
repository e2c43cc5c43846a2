import { customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { customerAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { signedInCustomer } from '../me';
import { addressFieldsOf, postalAddress } from './postal-address';
import { ADDRESS_EXAMPLE, AddressIdParam, CustomerAddress, CustomerAddressPatch } from './schemas';

const route = createRoute({
  method: 'patch',
  path: '/v1/customers/me/addresses/{addressId}',
  operationId: 'updateMyAddress',
  tags: ['Customers'],
  summary: 'Change an address',
  description: `Changes the fields sent (null clears an optional one); the address that results is
checked again by its country's rules. Making it a default takes the flag off the previous default;
\`false\` leaves the book without one.

Errors: 400 \`validation_failed\`; 401 \`unauthorized\`; 403 \`forbidden\`; 404 \`not_found\`;
422 \`invalid_address\`; 503 \`customer_accounts_unavailable\`, \`database_unavailable\`.`,
  ...requires(customerAccess),
  request: {
    params: AddressIdParam,
    body: {
      required: true,
      content: {
        'application/json': { schema: CustomerAddressPatch, example: { line2: 'Suite 400', label: null } },
      },
    },
  },
  responses: {
    200: {
      description: 'The address after the change.',
      content: { 'application/json': { schema: CustomerAddress, example: ADDRESS_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 422, 503),
  },
});

export function registerUpdateAddress(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { addressId } = c.req.valid('param');
    const patch = c.req.valid('json');
    const { id } = await signedInCustomer(c);
    const changesAddress =
      Object.keys(addressFieldsOf(patch)).length > 0 || Object.values(patch).includes(null);
    const updated = await customers.updateAddress(c.get('database')(), id, addressId, (current) => ({
      address: changesAddress ? postalAddress(addressFieldsOf({ ...current, ...patch })) : undefined,
      label: patch.label,
      isDefaultShipping: patch.isDefaultShipping,
      isDefaultBilling: patch.isDefaultBilling,
    }));
    if (!updated) throw new ApiError('not_found', `Your address book has no address ${addressId}.`);
    return c.json(updated, 200);
  });
}
