import { sql } from 'drizzle-orm';
import type { SUPPORT_TICKET_PRIORITIES, SUPPORT_TICKET_STATUSES } from '../../schema/support-tickets';
import { type Executor, isoTimestamp, type Transaction } from '../catalog-writes/executor';

export type SupportTicketStatus = (typeof SUPPORT_TICKET_STATUSES)[number];
export type SupportTicketPriority = (typeof SUPPORT_TICKET_PRIORITIES)[number];

/** A ticket as the CRM last reported it. */
export interface SupportTicketState {
  crmTicketId: string;
  customerId: string;
  orderId: string | null;
  subject: string;
  status: SupportTicketStatus;
  priority: SupportTicketPriority;
  /** ISO 8601 instants, as the CRM gave them. */
  openedAt: string;
  updatedAt: string;
}

/** A ticket as stored. */
export interface SupportTicketRecord extends SupportTicketState {
  id: string;
  /** When the shop first heard of it. */
  recordedAt: string;
}

/** The ticket row `t` as one JSON object (`SupportTicketRecord`). */
const ticketJson = sql`json_build_object(
  'id', t.id, 'crmTicketId', t.crm_ticket_id, 'customerId', t.customer_id, 'orderId', t.order_id,
  'subject', t.subject, 'status', t.status, 'priority', t.priority,
  'openedAt', ${isoTimestamp(sql`t.opened_at`)}, 'updatedAt', ${isoTimestamp(sql`t.crm_updated_at`)},
  'recordedAt', ${isoTimestamp(sql`t.created_at`)})`;

/** What a ticket's customer and order are: checked before it is recorded. */
export interface TicketTarget {
  /** Whether a live account has the id; the row is then share-locked until the transaction ends. */
  customerLive: boolean;
  /** The order's customer: undefined without an order or for an order no one has, null for a guest's. */
  orderCustomerId: string | null | undefined;
  orderExists: boolean;
}

/**
 * The ticket's customer, share-locked so that an erasure running at the same time waits for the
 * ticket to commit and then erases it too (or has erased the account first, and the ticket is
 * refused), and the customer of its order.
 */
export async function ticketTarget(
  tx: Transaction,
  customerId: string,
  orderId: string | null,
): Promise<TicketTarget> {
  const { rows: customer } = await tx.execute(sql`
    select 1 from customers where id = ${customerId} and deleted_at is null for share`);
  if (orderId === null)
    return { customerLive: customer.length > 0, orderCustomerId: undefined, orderExists: false };
  const { rows: order } = await tx.execute<{ customer_id: string | null }>(sql`
    select customer_id from orders where id = ${orderId}`);
  return {
    customerLive: customer.length > 0,
    orderExists: order.length > 0,
    orderCustomerId: order[0]?.customer_id,
  };
}

export type TicketOutcome =
  | { outcome: 'created' | 'updated' | 'unchanged' | 'stale'; ticket: SupportTicketRecord }
  /** The CRM's ticket id names a ticket of another customer: nothing changed. */
  | { outcome: 'other_customer'; ticket: SupportTicketRecord };

/**
 * Records a ticket's state, once per CRM ticket id: a new id inserts it (`created`); a known one is
 * replaced by a state the CRM changed later (`updated`), kept for the same `updatedAt`
 * (`unchanged`) or an earlier one (`stale`, a late delivery). Two deliveries of a new ticket at once
 * insert it once: the second waits on the first's row, then updates or keeps it.
 */
export async function recordSupportTicket(
  tx: Transaction,
  id: string,
  state: SupportTicketState,
): Promise<TicketOutcome> {
  const { rows: inserted } = await tx.execute<{ ticket: SupportTicketRecord }>(sql`
    insert into support_tickets as t (id, crm_ticket_id, customer_id, order_id, subject, status, priority,
      opened_at, crm_updated_at)
    values (${id}, ${state.crmTicketId}, ${state.customerId}, ${state.orderId}, ${state.subject},
      ${state.status}, ${state.priority}, ${state.openedAt}::timestamptz, ${state.updatedAt}::timestamptz)
    on conflict (crm_ticket_id) do nothing
    returning ${ticketJson} as ticket`);
  const created = inserted[0]?.ticket;
  if (created) return { outcome: 'created', ticket: created };

  const { rows: held } = await tx.execute<{ ticket: SupportTicketRecord }>(sql`
    select ${ticketJson} as ticket from support_tickets t where t.crm_ticket_id = ${state.crmTicketId}
    for update`);
  const earlier = held[0]?.ticket;
  if (!earlier) throw new Error(`support ticket ${state.crmTicketId} neither inserted nor found`);
  if (earlier.customerId !== state.customerId) return { outcome: 'other_customer', ticket: earlier };
  const order = Date.parse(state.updatedAt) - Date.parse(earlier.updatedAt);
  if (order < 0) return { outcome: 'stale', ticket: earlier };
  if (order === 0) return { outcome: 'unchanged', ticket: earlier };
  const { rows: updated } = await tx.execute<{ ticket: SupportTicketRecord }>(sql`
    update support_tickets t set order_id = ${state.orderId}, subject = ${state.subject},
      status = ${state.status}, priority = ${state.priority}, opened_at = ${state.openedAt}::timestamptz,
      crm_updated_at = ${state.updatedAt}::timestamptz, updated_at = now()
    where t.id = ${earlier.id}
    returning ${ticketJson} as ticket`);
  const ticket = updated[0]?.ticket;
  if (!ticket) throw new Error(`support ticket ${earlier.id} vanished while locked`);
  return { outcome: 'updated', ticket };
}

/** The tickets attached to an order, first opened first, at most `limit`. */
export async function supportTicketsOfOrder(
  db: Executor,
  orderId: string,
  limit: number,
): Promise<SupportTicketRecord[]> {
  const { rows } = await db.execute<{ ticket: SupportTicketRecord }>(sql`
    select ${ticketJson} as ticket from support_tickets t where t.order_id = ${orderId}
    order by t.opened_at, t.id limit ${limit}`);
  return rows.map((row) => row.ticket);
}
