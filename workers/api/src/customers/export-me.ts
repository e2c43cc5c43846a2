import { catalogWrites, customers } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { customerAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { Timestamp } from '../openapi/bounded';
import { orNull } from '../openapi/or-null';
import { problemResponses } from '../openapi/problem-schema';
import { CustomerAddress } from './addresses/schemas';
import { customerEvent } from './customer-events';
import { signedInCustomer } from './me';
import { CUSTOMER_EXAMPLE, Customer } from './schemas';

const CustomerExport = z
  .object({
    exportedAt: Timestamp(),
    customer: Customer,
    addresses: z.array(CustomerAddress).max(20),
    sessions: z
      .array(
        z.object({
          id: z.string().max(100),
          createdAt: Timestamp(),
          revokedAt: orNull(Timestamp()),
          revokedReason: orNull(z.string().max(40)),
        }),
      )
      .max(10_000),
  })
  .openapi('CustomerExport');

const route = createRoute({
  method: 'get',
  path: '/v1/customers/me/export',
  operationId: 'exportMyData',
  tags: ['Customers'],
  summary: 'Export your data',
  description: `Everything the shop holds of the signed-in customer, as one JSON document to keep or
take elsewhere (GDPR articles 15 and 20): the account, the address book and the sign-ins (when each
started and ended; never a token). Orders join it when checkout lands. Sent as a download
(\`Content-Disposition: attachment\`). \`CustomerDataExported\` (the id and the time, nothing else)
goes to the CRM, which keeps a record of data-subject requests.

Errors: 401 \`unauthorized\`; 403 \`forbidden\`; 503 \`customer_accounts_unavailable\`,
\`database_unavailable\`.`,
  ...requires(customerAccess),
  responses: {
    200: {
      description: 'The export.',
      headers: {
        'Content-Disposition': {
          schema: { type: 'string', maxLength: 100 },
          description: 'attachment; filename=…',
        },
      },
      content: {
        'application/json': {
          schema: CustomerExport,
          example: {
            exportedAt: '2026-12-02T10:00:00.000Z',
            customer: CUSTOMER_EXAMPLE,
            addresses: [],
            sessions: [
              {
                id: 'ses_01jd8c4r7t2n9v5x3q6w8y0z1a',
                createdAt: '2026-12-02T09:00:00.000Z',
                revokedAt: null,
                revokedReason: null,
              },
            ],
          },
        },
      },
    },
    ...problemResponses(401, 403, 500, 503),
  },
});

export function registerExportMe(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = await signedInCustomer(c);
    const data = await customers.exportCustomer(c.get('database')(), id);
    if (!data) throw new Error(`customer ${id} vanished between two reads`);
    const exportedAt = new Date().toISOString();
    // The CRM keeps a record of data-subject requests: this one, with no personal data in it.
    await catalogWrites.appendOutboxEvents(c.get('database')(), [
      customerEvent('CustomerDataExported', id, { customerId: id, exportedAt }),
    ]);
    return c.json({ exportedAt, ...data }, 200, {
      'Content-Disposition': `attachment; filename="${id}-export.json"`,
    });
  });
}
