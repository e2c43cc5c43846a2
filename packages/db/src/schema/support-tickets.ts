import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { customers } from './customers';
import { idPrefixCheck } from './ids';
import { orders } from './orders';

export const SUPPORT_TICKET_STATUSES = ['open', 'pending', 'solved', 'closed'] as const;
export const SUPPORT_TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

const quoted = (values: readonly string[]) => sql.raw(`(${values.map((value) => `'${value}'`).join(', ')})`);

/**
 * Support tickets as the CRM holds them (issue 12), attached to a customer and optionally to one
 * of their orders, for operators to see beside the order. The CRM owns them: one row per CRM
 * ticket (`crm_ticket_id` unique), replaced by a later state (`crm_updated_at` newer), never
 * duplicated. Personal data (the subject): erased with the customer.
 */
export const supportTickets = pgTable(
  'support_tickets',
  {
    id: text().primaryKey(),
    /** The CRM's own id of the ticket. */
    crmTicketId: text().notNull(),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    orderId: text().references(() => orders.id),
    subject: text().notNull(),
    status: text().notNull(),
    priority: text().notNull(),
    /** When the ticket was opened, as the CRM says. */
    openedAt: timestamp({ withTimezone: true }).notNull(),
    /** When the CRM last changed it: the ticket's version here. */
    crmUpdatedAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('support_tickets', table.id, 'tkt'),
    unique('support_tickets_crm_ticket_key').on(table.crmTicketId),
    index('support_tickets_customer_idx').on(table.customerId, table.openedAt),
    index('support_tickets_order_idx')
      .on(table.orderId, table.openedAt)
      .where(sql`${table.orderId} is not null`),
    check('support_tickets_status_known', sql`${table.status} in ${quoted(SUPPORT_TICKET_STATUSES)}`),
    check('support_tickets_priority_known', sql`${table.priority} in ${quoted(SUPPORT_TICKET_PRIORITIES)}`),
  ],
);
