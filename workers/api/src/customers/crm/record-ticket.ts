import { type catalogWrites, crm } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { partnerAccess, requires } from '../../auth/access';
import { partnerDeliveryDoc } from '../../auth/partner-delivery-doc';
import { deliveryIdOf, pimDelivery } from '../../catalog/pim/delivery';
import { DeliveryHeaders } from '../../catalog/pim/delivery-headers';
import { type WriteAnswer, writeOnce } from '../../catalog/write/write-once';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { CrmTicket, CrmTicketResult } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/integrations/crm/tickets',
  operationId: 'recordCrmTicket',
  tags: ['CRM integration'],
  summary: 'Record a support ticket opened or changed in the CRM',
  description: `One ticket per message, as the CRM holds it now: its id in the CRM, the customer, the
order it is about (optional, one of the customer's), subject, status (\`open\`, \`pending\`,
\`solved\`, \`closed\`), priority and times. Operators see an order's tickets in
\`GET /v1/admin/orders/{orderId}\`.

${partnerDeliveryDoc('crm:write')}
- **One ticket per CRM id**: the same \`ticketId\` again updates the ticket (status, subject,
  priority, order) when its \`updatedAt\` is later, is \`unchanged\` for the same \`updatedAt\`, and
  \`stale\` (changing nothing) for an earlier one, so a ticket sent twice, under two message ids, or
  out of order is one ticket in its latest state. A ticket never moves to another customer.
- **Errors**: 404 \`not_found\` for a customer no account has (or an erased one) or an order no one
  placed; 422 \`rule_violated\` for an order of another customer (or a guest's), or a \`ticketId\`
  already recorded for another customer; 400 \`validation_failed\` for a malformed body (an
  \`updatedAt\` before \`openedAt\` included). Nothing is recorded.`,
  ...requires(partnerAccess('crm:write'), pimDelivery('crm.tickets')),
  request: {
    headers: DeliveryHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: CrmTicket,
          example: {
            ticketId: 'ZD-48213',
            customerId: 'cus_01jd8c4r7t2n9v5x3q6w8y0z1a',
            subject: 'Cannot sign in after changing my email',
            status: 'open',
            priority: 'high',
            openedAt: '2026-12-04T08:15:00Z',
            updatedAt: '2026-12-04T08:15:00Z',
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The ticket was recorded (or replayed, or already known).',
      content: { 'application/json': { schema: CrmTicketResult } },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 422, 503),
  },
});

/** The inbound CRM integration: support tickets, attached to the customer and their order (issue 12). */
export function registerRecordCrmTicket(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const ticket = c.req.valid('json');
    const delivery = c.get('delivery');
    const answer = await writeOnce(c, delivery, {
      prepare: async () => undefined,
      apply: (tx) => storeTicket(tx, ticket, deliveryIdOf(delivery)),
    });
    return c.json(answer.body, answer.status, answer.headers);
  });
}

/** Inside the delivery's transaction: anything refused throws, and the transaction rolls back. */
async function storeTicket(
  tx: catalogWrites.Transaction,
  ticket: CrmTicket,
  deliveryId: string,
): Promise<WriteAnswer<200, CrmTicketResult>> {
  const orderId = ticket.orderId ?? null;
  const target = await crm.ticketTarget(tx, ticket.customerId, orderId);
  if (!target.customerLive) throw new ApiError('not_found', `No customer has the id ${ticket.customerId}.`);
  if (orderId !== null) {
    if (!target.orderExists) throw new ApiError('not_found', `No order has the id ${orderId}.`);
    if (target.orderCustomerId !== ticket.customerId) {
      throw new ApiError('rule_violated', 'The order is not one of the customer’s; nothing was recorded.', {
        errors: [{ path: 'orderId', message: `is not an order of ${ticket.customerId}` }],
      });
    }
  }
  const recorded = await crm.recordSupportTicket(tx, newId('supportTicket'), {
    crmTicketId: ticket.ticketId,
    customerId: ticket.customerId,
    orderId,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    openedAt: ticket.openedAt,
    updatedAt: ticket.updatedAt,
  });
  if (recorded.outcome === 'other_customer') {
    throw new ApiError(
      'rule_violated',
      'The ticket id is recorded for another customer; nothing was recorded.',
      {
        errors: [{ path: 'ticketId', message: 'belongs to a ticket of another customer' }],
      },
    );
  }
  return {
    status: 200,
    changed: false,
    body: { deliveryId, outcome: recorded.outcome, ticket: recorded.ticket },
  };
}
