import { customers } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { customerAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { IdempotentWriteHeader } from '../../idempotency/header';
import { idempotentWrites } from '../../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { signedInCustomer } from '../me';
import { addressFieldsOf, postalAddress } from './postal-address';
import { ADDRESS_EXAMPLE, CustomerAddress, CustomerAddressCreate } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/customers/me/addresses',
  operationId: 'addMyAddress',
  tags: ['Customers'],
  summary: 'Add an address',
  description: `Adds an address to the signed-in customer's book, checked by its country's rules as a
cart checks a shipping address. The first address becomes the default for shipping and billing
unless it says otherwise; an address made default takes over from the previous one.

Errors: 400 \`validation_failed\` (unknown or server-owned fields, text no address can hold);
401 \`unauthorized\`; 403 \`forbidden\`; 422 \`invalid_address\` (with \`errors\` naming each field),
\`rule_violated\` (the book holds 20 addresses already); 503 \`customer_accounts_unavailable\`,
\`database_unavailable\`.`,
  ...requires(customerAccess, idempotentWrites()),
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: CustomerAddressCreate,
          example: {
            label: 'Home',
            firstName: 'Ada',
            lastName: 'Lovelace',
            line1: '500 Market Street',
            city: 'San Francisco',
            region: 'CA',
            postalCode: '94105',
            country: 'US',
          },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Added; `Location` names it.',
      headers: {
        Location: {
          schema: { type: 'string', maxLength: 200 },
          description: '/v1/customers/me/addresses/{id}',
        },
      },
      content: { 'application/json': { schema: CustomerAddress, example: ADDRESS_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 401, 403, 422, 503),
  },
});

export function registerCreateAddress(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const address = postalAddress(addressFieldsOf(input));
    const customer = await signedInCustomer(c);
    const id = newId('customerAddress');
    const added = await customers.addAddress(c.get('database')(), customer.id, id, {
      address,
      label: input.label ?? null,
      isDefaultShipping: input.isDefaultShipping,
      isDefaultBilling: input.isDefaultBilling,
    });
    if (added === 'book_full') {
      throw new ApiError(
        'rule_violated',
        `An address book holds at most ${customers.MAX_ADDRESSES} addresses; delete one first.`,
      );
    }
    if (added === 'no_customer') throw new Error(`customer ${customer.id} vanished while adding an address`);
    return c.json(added, 201, { Location: `/v1/customers/me/addresses/${id}` });
  });
}
