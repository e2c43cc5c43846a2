import { orders } from '@edge-commerce/db';
import { ORDER_STATUSES, sequenceOfOrderNumber } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import { PAGE_PARAMETERS, pageOf, pageParameters, pageRequest } from '../../catalog/admin/list-page';
import { rejectUnknownParameters } from '../../catalog/storefront/query-parameters';
import type { AppEnv } from '../../env';
import { Text } from '../../input/text';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { orderNumberKeyOf } from '../order-number-key';
import { adminOrderViewOf } from '../order-view';
import { AdminOrderList } from '../schemas';
import { ORDER_TAG } from '../tag';

const once = { error: 'must be given once' } as const;
const query = (name: string, description: string, example: string) => ({
  param: { name, in: 'query' as const },
  description,
  example,
});
const instant = (name: string, description: string) =>
  z
    .string(once)
    .max(40)
    .refine(
      (value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}/.test(value),
      'must be an ISO 8601 date-time',
    )
    .optional()
    .openapi(query(name, description, '2026-12-01T00:00:00Z'));
const amount = (name: string, description: string) =>
  z
    .string(once)
    .max(15)
    .regex(/^(0|[1-9][0-9]{0,14})$/, 'must be a whole number of minor units')
    .optional()
    .openapi(query(name, description, '5000'));

const FILTERS = [
  'status',
  'customerId',
  'email',
  'number',
  'placedFrom',
  'placedBefore',
  'minTotal',
  'maxTotal',
];

const AdminOrderListQuery = z
  .object({
    status: z
      .enum(ORDER_STATUSES, { error: `must be one of ${ORDER_STATUSES.join(', ')}` })
      .optional()
      .openapi(query('status', 'Only orders in this fulfilment status.', 'paid')),
    customerId: z
      .string(once)
      .max(100)
      .regex(/^cus_[0-9a-z]{1,64}$/, 'must be a customer id')
      .optional()
      .openapi(query('customerId', "Only this customer's orders.", 'cus_01jd7x6q2n8v0c4r5s6t7u8v9w')),
    email: Text({ max: 254, notText: once.error })
      .optional()
      .openapi(query('email', 'Only orders placed with this email, in any case.', 'ada@example.com')),
    number: z
      .string(once)
      .max(11)
      .regex(/^\d{3}-\d{3}-\d{3}$/, 'must be an order number such as 481-042-975')
      .optional()
      .openapi(query('number', 'The order with this number.', '481-042-975')),
    placedFrom: instant('placedFrom', 'Placed at or after this instant.'),
    placedBefore: instant('placedBefore', 'Placed before this instant.'),
    minTotal: amount('minTotal', 'Grand total at least this, in minor units of the order’s currency.'),
    maxTotal: amount('maxTotal', 'Grand total at most this, in minor units.'),
    ...pageParameters('Orders'),
  })
  .catchall(z.unknown())
  .superRefine((values, context) =>
    rejectUnknownParameters(values, [...FILTERS, ...PAGE_PARAMETERS], context, false),
  );

const route = createRoute({
  method: 'get',
  path: '/v1/admin/orders',
  operationId: 'adminListOrders',
  tags: [ORDER_TAG],
  summary: 'List and search orders',
  description: `Orders newest first (placed instant, then id), narrowed by any of the filters, a page at a time (\`limit\` 1-100, default 20; the opaque \`nextCursor\`, passed back with the same filters; \`null\` on the last page). One SQL statement per page.

**Errors**: 400 \`validation_failed\` (an unknown parameter or a malformed filter, named in \`errors\`), \`invalid_cursor\`, \`cursor_mismatch\`; 401 \`unauthorized\`; 403 \`forbidden\` (a key without \`admin\`); 503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: { query: AdminOrderListQuery },
  responses: {
    200: { description: 'A page of orders.', content: { 'application/json': { schema: AdminOrderList } } },
    ...problemResponses(...commonProblems, 401, 403, 503),
  },
});

export function registerAdminListOrders(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const values = c.req.valid('query');
    const key = orderNumberKeyOf(c.get('config'));
    const identity = FILTERS.map((name) => `${name}=${(values as Record<string, unknown>)[name] ?? ''}`).join(
      '; ',
    );
    const page = await pageRequest(`admin orders; ${identity}`, 'order', values);
    // A number no order can have (outside the permutation's range) matches nothing.
    const sequence =
      values.number === undefined ? undefined : (sequenceOfOrderNumber(values.number, key) ?? -1);
    const listed = await orders.listOrders(
      c.get('database')(),
      {
        status: values.status,
        customerId: values.customerId,
        email: values.email,
        sequence,
        placedFrom: values.placedFrom,
        placedBefore: values.placedBefore,
        minTotal: values.minTotal === undefined ? undefined : Number(values.minTotal),
        maxTotal: values.maxTotal === undefined ? undefined : Number(values.maxTotal),
      },
      { after: page.after, rows: page.limit + 1 },
    );
    const shown = pageOf(listed, page);
    return c.json(
      { data: shown.data.map((record) => adminOrderViewOf(record, key)), nextCursor: shown.nextCursor },
      200,
    );
  });
}
