import { schema } from '@edge-commerce/db';
import { z } from '@hono/zod-openapi';
import { Instant } from '../../input/instant';
import { Text } from '../../input/text';
import { Count, Integer, IssuedId, Timestamp } from '../../openapi/bounded';
import { orNull } from '../../openapi/or-null';
import { Locale, Name, Phone } from '../schemas';

// The CRM's messages in (issue 12) and what the API answers them. Request bodies are strict: a
// field the shop does not take from the CRM (email, password, anything it owns) is a 400.

/** Most profile changes one CRM delivery may carry; more is refused whole with 413 `batch_too_large`. */
export const MAX_CRM_PROFILE_BATCH = 100;

/** Most tickets an order's view lists. */
export const MAX_TICKETS_SHOWN = 100;

export const CustomerIdField = z
  .string()
  .max(100)
  .regex(/^cus_[0-9a-z]{1,64}$/, 'must be a customer id (cus_…)')
  .openapi({
    description: 'The customer, as the shop named them (`CustomerRegistered`).',
    example: 'cus_01jd8c4r7t2n9v5x3q6w8y0z1a',
  });

const OrderIdField = z
  .string()
  .max(100)
  .regex(/^ord_[0-9a-z]{1,64}$/, 'must be an order id (ord_…)')
  .openapi({
    description: 'One of the customer’s orders, as `OrderCreated` named it.',
    example: 'ord_01jdqk3v8m2x7c5r9t4b6n0p1s',
  });

export const CrmProfileUpdate = z
  .strictObject({
    customerId: CustomerIdField,
    sequence: Integer(1, Number.MAX_SAFE_INTEGER).openapi({
      description:
        "The CRM's version of this customer's profile, higher for every later change: one not above the " +
        'stored version is `stale` and changes nothing.',
      example: 17,
    }),
    firstName: orNull(Name('Ada')).optional(),
    lastName: orNull(Name('Lovelace')).optional(),
    phone: orNull(Phone).optional(),
    locale: Locale.optional(),
  })
  .openapi('CrmProfileUpdate', {
    description: 'The fields the CRM changed: absent fields are kept, null clears one (not `locale`).',
  });

export type CrmProfileUpdate = z.infer<typeof CrmProfileUpdate>;

export const CrmProfileBatch = z
  .strictObject({ profiles: z.array(CrmProfileUpdate).min(1).max(MAX_CRM_PROFILE_BATCH) })
  .openapi('CrmProfileBatch');

const PROFILE_FIELDS = ['firstName', 'lastName', 'phone', 'locale'] as const;

const CrmProfileOutcome = z
  .object({
    index: Integer(0, MAX_CRM_PROFILE_BATCH - 1).openapi({
      description: 'Position of the item in the batch.',
    }),
    customerId: z.string().max(100),
    sequence: Count(),
    outcome: z.enum(['applied', 'stale', 'unknown_customer']).openapi({
      description:
        '`applied`: the version is stored, with the fields that changed (`CustomerUpdated` recorded when ' +
        'any did). `stale`: the stored version is the same or higher, nothing changed. `unknown_customer`: ' +
        'no account has the id (or it was erased), nothing stored.',
    }),
    changed: z
      .array(z.enum(PROFILE_FIELDS))
      .max(PROFILE_FIELDS.length)
      .optional()
      .openapi({ description: '`applied` only: the fields whose value changed (empty: none did).' }),
    currentSequence: Count()
      .optional()
      .openapi({ description: 'The version stored after the batch; absent for `unknown_customer`.' }),
  })
  .openapi('CrmProfileOutcome');

export type CrmProfileOutcome = z.infer<typeof CrmProfileOutcome>;

export const CrmProfileBatchResult = z
  .object({
    deliveryId: z
      .string()
      .max(255)
      .openapi({ description: 'The Upstash-Message-Id or Idempotency-Key answered.' }),
    applied: Integer(0, MAX_CRM_PROFILE_BATCH),
    stale: Integer(0, MAX_CRM_PROFILE_BATCH),
    unknownCustomer: Integer(0, MAX_CRM_PROFILE_BATCH),
    results: z.array(CrmProfileOutcome).max(MAX_CRM_PROFILE_BATCH),
  })
  .openapi('CrmProfileBatchResult');

export type CrmProfileBatchResult = z.infer<typeof CrmProfileBatchResult>;

const TICKET_STATUSES = schema.SUPPORT_TICKET_STATUSES;
const TICKET_PRIORITIES = schema.SUPPORT_TICKET_PRIORITIES;

export const CrmTicket = z
  .strictObject({
    ticketId: Text({ min: 1, max: 100 })
      .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII characters, without spaces')
      .openapi({
        description: "The CRM's own id of the ticket: the same id again updates the ticket, never adds one.",
        example: 'ZD-48213',
      }),
    customerId: CustomerIdField,
    orderId: orNull(OrderIdField)
      .optional()
      .openapi({ description: 'The order it is about, one of the customer’s; absent or null: none.' }),
    subject: Text({ min: 1, max: 300, trim: true }).openapi({ example: 'Parcel arrived damaged' }),
    status: z.enum(TICKET_STATUSES),
    priority: z.enum(TICKET_PRIORITIES).default('normal'),
    openedAt: Instant.openapi({ description: 'When the ticket was opened in the CRM.' }),
    updatedAt: Instant.openapi({
      description:
        'When the CRM last changed it: the ticket’s version. A later one replaces what is stored, the same ' +
        'one is `unchanged`, an earlier one `stale`.',
      example: '2026-12-04T08:15:00Z',
    }),
  })
  .superRefine((ticket, context) => {
    if (Date.parse(ticket.updatedAt) < Date.parse(ticket.openedAt)) {
      context.addIssue({ code: 'custom', path: ['updatedAt'], message: 'must not be before openedAt' });
    }
  })
  .openapi('CrmTicket', { description: 'A support ticket as the CRM holds it now, whole.' });

export type CrmTicket = z.infer<typeof CrmTicket>;

export const SupportTicket = z
  .object({
    id: IssuedId('tkt_01jdr0m3a8k2x7c5r9t4b6n0p1'),
    crmTicketId: z.string().max(100).openapi({ example: 'ZD-48213' }),
    customerId: IssuedId('cus_01jd8c4r7t2n9v5x3q6w8y0z1a'),
    orderId: orNull(IssuedId('ord_01jdqk3v8m2x7c5r9t4b6n0p1s')),
    subject: z.string().max(300).openapi({ example: 'Parcel arrived damaged' }),
    status: z.enum(TICKET_STATUSES),
    priority: z.enum(TICKET_PRIORITIES),
    openedAt: Timestamp(),
    updatedAt: Timestamp().openapi({ description: 'When the CRM last changed it.' }),
    recordedAt: Timestamp().openapi({ description: 'When the shop first heard of it.' }),
  })
  .openapi('SupportTicket');

export type SupportTicket = z.infer<typeof SupportTicket>;

export const CrmTicketResult = z
  .object({
    deliveryId: z
      .string()
      .max(255)
      .openapi({ description: 'The Upstash-Message-Id or Idempotency-Key answered.' }),
    outcome: z.enum(['created', 'updated', 'unchanged', 'stale']).openapi({
      description:
        '`created`: a ticket id not seen before. `updated`: a later state of a known ticket replaced it. ' +
        '`unchanged`: the same `updatedAt` again. `stale`: an earlier state, late; nothing changed.',
    }),
    ticket: SupportTicket,
  })
  .openapi('CrmTicketResult');

export type CrmTicketResult = z.infer<typeof CrmTicketResult>;
