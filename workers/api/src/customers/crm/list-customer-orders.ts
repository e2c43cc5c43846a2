import { crm, orders } from '@edge-commerce/db';
import { isId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requires, scopeAccess } from '../../auth/access';
import { PAGE_PARAMETERS, pageOf, pageParameters, pageRequest } from '../../catalog/admin/list-page';
import { rejectUnknownParameters } from '../../catalog/storefront/query-parameters';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { orderNumberKeyOf } from '../../orders/order-number-key';
import { orderViewOf } from '../../orders/order-view';
import { OrderList } from '../../orders/schemas';

const CustomerIdParam = z.object({
  customerId: z
    .string()
    .max(100)
    .openapi({ param: { name: 'customerId', in: 'path' }, example: 'cus_01jd8c4r7t2n9v5x3q6w8y0z1a' }),
});

const CustomerOrdersQuery = z
  .object(pageParameters('Orders'))
  .catchall(z.unknown())
  .superRefine((query, context) => rejectUnknownParameters(query, [...PAGE_PARAMETERS], context, false));

const route = createRoute({
  method: 'get',
  path: '/v1/integrations/crm/customers/{customerId}/orders',
  operationId: 'listCrmCustomerOrders',
  tags: ['CRM integration'],
  summary: "A customer's order history, for the CRM",
  description: `The customer's orders, newest first, a page at a time (\`limit\` 1-100, default 20; the
opaque \`nextCursor\`, \`null\` on the last page), each as the customer sees it: lines, totals,
status, parcels and refunds; no payment risk, no cart. One SQL statement per page, and one for the
customer.

**Authentication**: \`Authorization: Bearer <API key>\` (or an OAuth token) with \`crm:read\`. A read
takes no QStash signature: QStash only delivers messages, and a read answers the caller.

**Errors**: 400 \`validation_failed\` (an unknown parameter, a bad \`limit\`), \`invalid_cursor\`,
\`cursor_mismatch\` (a cursor of another customer's list); 401 \`unauthorized\`; 403 \`forbidden\` (a
key without \`crm:read\`); 404 \`not_found\` (no account has the id, or it was erased); 503
\`database_unavailable\`.`,
  ...requires(scopeAccess('crm:read')),
  request: { params: CustomerIdParam, query: CustomerOrdersQuery },
  responses: {
    200: { description: 'A page of orders.', content: { 'application/json': { schema: OrderList } } },
    ...problemResponses(...commonProblems, 401, 403, 404, 503),
  },
});

/** The outbound half of the CRM integration that the CRM asks for: a customer's order history. */
export function registerListCrmCustomerOrders(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { customerId } = c.req.valid('param');
    const page = await pageRequest(`crm customer orders; ${customerId}`, 'order', c.req.valid('query'));
    const db = c.get('database')();
    if (!isId('customer', customerId) || !(await crm.isLiveCustomer(db, customerId))) {
      throw new ApiError('not_found', `No customer has the id ${customerId}.`);
    }
    const key = orderNumberKeyOf(c.get('config'));
    const listed = await orders.listOrders(db, { customerId }, { after: page.after, rows: page.limit + 1 });
    const shown = pageOf(listed, page);
    c.header('Cache-Control', 'private, no-store');
    return c.json(
      { data: shown.data.map((record) => orderViewOf(record, key)), nextCursor: shown.nextCursor },
      200,
    );
  });
}
