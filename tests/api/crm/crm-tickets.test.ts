import { beforeAll, describe, expect, it } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import { ensureMarkets } from '../carts/cart-kit';
import {
  adminRequest,
  newMessageId,
  postSigned,
  postWithKey,
  uniqueSuffix,
} from '../catalog/catalog-test-kit';
import { type PlacedOrder, paidOrder } from '../checkout/checkout-kit';
import { call, PASSWORD, register, type Session } from '../identity/customer-kit';
import { expectProblem } from '../problem-assertions';
import {
  deliverToApi,
  ok,
  orderOf,
  postTicket,
  pushFromCrm,
  TICKETS,
  type Ticket,
  type TicketResult,
  ticketOf,
  ticketRows,
} from './crm-kit';

// POST /v1/integrations/crm/tickets: a CRM ticket is one ticket in its latest state, however
// often and in whatever order it arrives, attached to its customer and one of their orders,
// and operators see it on the order.

beforeAll(ensureMarkets);

let ada: Session;
let grace: Session;
let adasOrder: PlacedOrder;
let gracesOrder: PlacedOrder;

beforeAll(async () => {
  [ada, grace] = [await register(), await register()];
  adasOrder = await orderOf(ada);
  gracesOrder = await orderOf(grace);
}, 60_000);

const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

async function adminOrder(orderId: string): Promise<{ id: string; supportTickets: Ticket[] }> {
  return ok(await adminRequest('GET', `/v1/admin/orders/${orderId}`));
}

describe('POST /v1/integrations/crm/tickets', { timeout: 60_000 }, () => {
  it('attaches a ticket to the customer and their order, shown on the admin order', async () => {
    const ticket = ticketOf(ada.customer.id, {
      orderId: adasOrder.id,
      priority: 'high',
      subject: '  Damaged box  ',
    });

    const answer = await ok<TicketResult>(await postTicket(ticket));

    expect(answer.outcome).toBe('created');
    expect(answer.ticket).toEqual({
      id: expect.stringMatching(/^tkt_[0-9a-z]+$/),
      crmTicketId: ticket.ticketId,
      customerId: ada.customer.id,
      orderId: adasOrder.id,
      subject: 'Damaged box',
      status: 'open',
      priority: 'high',
      openedAt: ticket.openedAt,
      updatedAt: ticket.updatedAt,
      recordedAt: expect.any(String),
    });
    const order = await adminOrder(adasOrder.id);
    expect(order.supportTickets).toContainEqual(answer.ticket);
    expect((await adminOrder(gracesOrder.id)).supportTickets).not.toContainEqual(
      expect.objectContaining({ crmTicketId: ticket.ticketId }),
    );
    // Operators only: the customer's own view of the order has no tickets.
    const own = await call('GET', `/v1/orders/${adasOrder.id}`, { token: ada.accessToken });
    expect(own.status).toBe(200);
    expect(await own.json()).not.toHaveProperty('supportTickets');
  });

  it('updates the same ticket when it comes again later, never adding one, and ignores an older state', async () => {
    const opened = ticketOf(ada.customer.id);
    const first = await ok<TicketResult>(await postTicket(opened));
    const solved = {
      ...opened,
      status: 'solved',
      subject: 'Found it, thanks',
      orderId: adasOrder.id,
      updatedAt: later(opened.updatedAt, 30),
    };

    const update = await ok<TicketResult>(await postTicket(solved));
    const sameAgain = await ok<TicketResult>(await postTicket(solved));
    const late = await ok<TicketResult>(
      await postTicket({ ...opened, status: 'pending', updatedAt: later(opened.updatedAt, 10) }),
    );

    expect(update).toMatchObject({
      outcome: 'updated',
      ticket: { id: first.ticket.id, status: 'solved', orderId: adasOrder.id },
    });
    expect(sameAgain).toMatchObject({
      outcome: 'unchanged',
      ticket: { id: first.ticket.id, status: 'solved' },
    });
    expect(late).toMatchObject({
      outcome: 'stale',
      ticket: { status: 'solved', subject: 'Found it, thanks' },
    });
    expect(await ticketRows(opened.ticketId)).toEqual([
      { id: first.ticket.id, status: 'solved', subject: 'Found it, thanks' },
    ]);
    expect((await adminOrder(adasOrder.id)).supportTickets).toContainEqual(update.ticket);
  });

  it('takes a ticket published twice under two message ids once', async () => {
    const ticket = ticketOf(ada.customer.id, { orderId: adasOrder.id });
    const answers = [await postSigned(TICKETS, ticket), await postSigned(TICKETS, ticket)];
    const [first, second] = await Promise.all(answers.map((answer) => ok<TicketResult>(answer)));
    expect(first?.outcome).toBe('created');
    expect(second).toMatchObject({ outcome: 'unchanged', ticket: { id: first?.ticket.id } });
    expect(answers[1]?.headers.get('Idempotent-Replayed')).toBeNull();
    expect(await ticketRows(ticket.ticketId)).toHaveLength(1);
  });

  it('takes a ticket the local CRM pushes twice through QStash (two message ids, real signatures) once', async () => {
    const ticket = ticketOf(ada.customer.id, { orderId: adasOrder.id });
    const messageIds = await pushFromCrm(TICKETS, ticket, true);
    expect(new Set(messageIds).size).toBe(2);

    const answers = await Promise.all(
      (await deliverToApi(messageIds)).map((answer) => ok<TicketResult>(answer)),
    );

    expect(answers.map((answer) => answer.outcome)).toEqual(['created', 'unchanged']);
    expect(answers.map((answer) => answer.deliveryId)).toEqual(messageIds);
    expect(await ticketRows(ticket.ticketId)).toHaveLength(1);
  });

  it('replays the first answer to a redelivery of one message id, even after the ticket moved on', async () => {
    const ticket = ticketOf(ada.customer.id);
    const messageId = newMessageId();
    const first = await postSigned(TICKETS, ticket, { messageId });
    const firstBody = await ok<TicketResult>(first);
    await ok(await postTicket({ ...ticket, status: 'closed', updatedAt: later(ticket.updatedAt, 5) }));

    const again = await postSigned(TICKETS, ticket, { messageId });

    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await ok<TicketResult>(again)).toEqual(firstBody);
    expect(await ticketRows(ticket.ticketId)).toEqual([expect.objectContaining({ status: 'closed' })]);
  });

  it('refuses an order of another customer, or a guest’s, with 422 and records nothing', async () => {
    const guest = await paidOrder();
    for (const orderId of [gracesOrder.id, guest.order.id]) {
      const ticket = ticketOf(ada.customer.id, { orderId });
      const problem = await expectProblem(await postTicket(ticket), 422, 'rule_violated');
      expect(problem.errors).toEqual([{ path: 'orderId', message: `is not an order of ${ada.customer.id}` }]);
      expect(await ticketRows(ticket.ticketId)).toEqual([]);
    }
  });

  it('keeps a ticket with its customer: the same ticket id for another customer is 422', async () => {
    const ticket = ticketOf(ada.customer.id);
    await ok(await postTicket(ticket));
    const moved = { ...ticket, customerId: grace.customer.id, updatedAt: later(ticket.updatedAt, 1) };
    const problem = await expectProblem(await postTicket(moved), 422, 'rule_violated');
    expect(problem.errors).toEqual([
      { path: 'ticketId', message: 'belongs to a ticket of another customer' },
    ]);
    expect(await ticketRows(ticket.ticketId)).toEqual([expect.objectContaining({ status: 'open' })]);
  });

  it('answers 404 for a customer or an order no one has, and for an erased customer', async () => {
    await expectProblem(await postTicket(ticketOf(`cus_${uniqueSuffix()}`)), 404, 'not_found');
    await expectProblem(
      await postTicket(ticketOf(ada.customer.id, { orderId: `ord_${uniqueSuffix()}` })),
      404,
      'not_found',
    );
    const leaving = await register();
    const kept = ticketOf(leaving.customer.id);
    await ok(await postTicket(kept));
    const erased = await call('DELETE', '/v1/customers/me', {
      token: leaving.accessToken,
      body: { password: PASSWORD },
    });
    expect(erased.status).toBe(204);
    // Erasure took the ticket (its subject is personal), and a late one is refused.
    expect(await ticketRows(kept.ticketId)).toEqual([]);
    await expectProblem(await postTicket(ticketOf(leaving.customer.id)), 404, 'not_found');
  });

  it.each([
    ['an unknown status', { status: 'escalated' }],
    ['an unknown priority', { priority: 'whenever' }],
    ['an empty subject', { subject: '   ' }],
    ['a subject with a control character', { subject: 'Broken\u0000' }],
    ['a ticket id with spaces', { ticketId: 'ZD 1' }],
    ['an updatedAt before openedAt', { openedAt: '2026-12-04T08:15:00Z', updatedAt: '2026-12-04T08:14:00Z' }],
    ['a date that is not one', { updatedAt: 'yesterday' }],
    ['an unknown field', { email: 'ada@example.com' }],
    ['a malformed order id', { orderId: 'cart_123' }],
  ])('refuses %s with 400 and records nothing', async (_case, fields) => {
    const ticket = { ...ticketOf(ada.customer.id), ...fields };
    await expectProblem(await postTicket(ticket), 400, 'validation_failed');
    expect(await ticketRows(String(ticket.ticketId))).toEqual([]);
  });

  it('requires an Idempotency-Key with a partner key, and crm:write', async () => {
    const ticket = ticketOf(ada.customer.id);
    const noKey = await postWithKey(TICKETS, ticket, {
      key: testCredentials.crmPartnerKey,
      idempotencyKey: null,
    });
    await expectProblem(noKey, 400, 'idempotency_key_required');
    const reader = await postWithKey(TICKETS, ticket, { key: testCredentials.crmReaderKey });
    expect((await expectProblem(reader, 403, 'forbidden')).requiredScope).toBe('crm:write');
    expect(await ticketRows(ticket.ticketId)).toEqual([]);
  });
});
