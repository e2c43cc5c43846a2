import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { customers } from './customers';
import { idPrefixCheck } from './ids';

/**
 * Where order numbers come from (ADR 28): unique, gaps allowed, never shown as they are. The
 * number people read is the value through a keyed permutation of the nine-digit numbers, so the
 * sequence stays below 10^9.
 */
export const orderSequence = pgSequence('order_sequence', {
  startWith: 1,
  minValue: 1,
  maxValue: 999_999_999,
  cache: 1,
});

const ORDER_STATUS_CHECK = sql.raw(
  "('pending_payment', 'paid', 'on_hold', 'fulfilling', 'partially_shipped', 'shipped', 'delivered', 'returned', 'cancelled')",
);
const PAYMENT_STATUS_CHECK = sql.raw("('pending', 'paid', 'partially_refunded', 'refunded')");
const RISK_LEVEL_CHECK = sql.raw("('normal', 'elevated', 'highest', 'not_assessed', 'unknown')");

/**
 * Orders: a paid cart, as it was paid for (ADR 29). One per cart (`cart_id` unique): however many
 * completion calls and webhook deliveries race, only one insert can win. The prices, discounts,
 * tax and addresses are snapshots, never joined to the catalog again. Two statuses move apart
 * (ADR 28): fulfilment (`status`) and money (`payment_status`).
 *
 * Guests open their order with its access token; only its SHA-256 is stored.
 */
export const orders = pgTable(
  'orders',
  {
    id: text().primaryKey(),
    /** From `order_sequence`; the number shown is its permutation (`orderNumberOf`). */
    sequence: bigint({ mode: 'number' }).notNull(),
    cartId: text().notNull(),
    customerId: text().references(() => customers.id),
    email: text().notNull(),
    status: text().notNull(),
    paymentStatus: text().notNull(),
    currency: char({ length: 3 }).notNull(),
    market: text().notNull(),
    pricesIncludeTax: boolean().notNull(),
    subtotal: bigint({ mode: 'number' }).notNull(),
    discountTotal: bigint({ mode: 'number' }).notNull(),
    shippingTotal: bigint({ mode: 'number' }).notNull(),
    taxTotal: bigint({ mode: 'number' }).notNull(),
    grandTotal: bigint({ mode: 'number' }).notNull(),
    /** The address validated for its country, as the cart held it. */
    shippingAddress: jsonb().notNull(),
    billingAddress: jsonb().notNull(),
    /** The chosen rate: id, name, amount, delivery days. */
    shippingMethod: jsonb(),
    /** The codes that took something off, and how much each. */
    promotions: jsonb().notNull().default(sql`'[]'::jsonb`),
    accessTokenHash: text().notNull(),
    /** The charge's risk as the payment provider assessed it (Stripe Radar's outcome). */
    riskLevel: text(),
    riskScore: integer(),
    placedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Counts changes: what an admin's `If-Match` names. */
    version: integer().notNull().default(1),
  },
  (table) => [
    idPrefixCheck('orders', table.id, 'ord'),
    unique('orders_cart_id_key').on(table.cartId),
    unique('orders_sequence_key').on(table.sequence),
    check('orders_status_known', sql`${table.status} in ${ORDER_STATUS_CHECK}`),
    check('orders_payment_status_known', sql`${table.paymentStatus} in ${PAYMENT_STATUS_CHECK}`),
    check('orders_risk_level_known', sql`${table.riskLevel} in ${RISK_LEVEL_CHECK}`),
    check('orders_currency_format', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check(
      'orders_amounts_non_negative',
      sql`${table.subtotal} >= 0 and ${table.discountTotal} >= 0 and ${table.shippingTotal} >= 0 and ${table.taxTotal} >= 0 and ${table.grandTotal} >= 0`,
    ),
    // A customer's orders, newest first, a keyset page at a time.
    index('orders_customer_newest_idx').on(table.customerId, table.placedAt.desc(), table.id.desc()),
    // The admin list, newest first.
    index('orders_newest_idx').on(table.placedAt.desc(), table.id.desc()),
    // The admin search by email, as `lower(email) = lower($1)`.
    index('orders_email_idx').on(sql`lower(${table.email})`, table.placedAt.desc()),
  ],
);

/** An order's lines: what was bought, at the price, discount and tax it was paid at. */
export const orderLines = pgTable(
  'order_lines',
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    position: integer().notNull(),
    variantId: text().notNull(),
    sku: text().notNull(),
    productId: text().notNull(),
    title: text().notNull(),
    variantTitle: text().notNull(),
    quantity: integer().notNull(),
    unitPrice: bigint({ mode: 'number' }).notNull(),
    subtotal: bigint({ mode: 'number' }).notNull(),
    discount: bigint({ mode: 'number' }).notNull(),
    tax: bigint({ mode: 'number' }).notNull(),
    total: bigint({ mode: 'number' }).notNull(),
    /** What each code took off this line: `[{ code, amount }]`. */
    discounts: jsonb().notNull().default(sql`'[]'::jsonb`),
    /** How it is fulfilled: from stock, as a backorder, or as a preorder. */
    fulfilment: text().notNull().default('in_stock'),
  },
  (table) => [
    idPrefixCheck('order_lines', table.id, 'oli'),
    uniqueIndex('order_lines_order_position_key').on(table.orderId, table.position),
    // What a SKU's rebuilt InventoryObject reads its open commitments through.
    index('order_lines_sku_idx').on(table.sku),
    check('order_lines_quantity_positive', sql`${table.quantity} > 0`),
    check(
      'order_lines_amounts_non_negative',
      sql`${table.unitPrice} >= 0 and ${table.subtotal} >= 0 and ${table.discount} >= 0 and ${table.tax} >= 0 and ${table.total} >= 0`,
    ),
    check('order_lines_fulfilment_known', sql`${table.fulfilment} in ('in_stock', 'backorder', 'preorder')`),
  ],
);

/**
 * Money taken from a shopper, one row per PaymentIntent that succeeded: with its order, or
 * without one when the cart could not be fulfilled and the payment was refunded (`order_id`
 * null, `note` says why). Never more refunded than captured (CHECK).
 */
export const payments = pgTable(
  'payments',
  {
    id: text().primaryKey(),
    orderId: text().references(() => orders.id),
    cartId: text().notNull(),
    provider: text().notNull().default('stripe'),
    /** The provider's payment (`pi_…`): one row each. */
    providerPaymentId: text().notNull(),
    amount: bigint({ mode: 'number' }).notNull(),
    currency: char({ length: 3 }).notNull(),
    capturedAmount: bigint({ mode: 'number' }).notNull(),
    refundedAmount: bigint({ mode: 'number' }).notNull().default(0),
    status: text().notNull(),
    riskLevel: text(),
    riskScore: integer(),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('payments', table.id, 'pay'),
    unique('payments_provider_payment_key').on(table.provider, table.providerPaymentId),
    index('payments_order_idx').on(table.orderId),
    check('payments_status_known', sql`${table.status} in ('succeeded', 'partially_refunded', 'refunded')`),
    check('payments_currency_format', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check(
      'payments_refunds_within_capture',
      sql`${table.refundedAmount} >= 0 and ${table.refundedAmount} <= ${table.capturedAmount}`,
    ),
  ],
);

/**
 * Refunds of an order's payment, one row per refund the provider made (its id, `re_…`): a
 * refund recorded twice (a retried call, a webhook) counts once in `payments.refunded_amount`.
 */
export const paymentRefunds = pgTable(
  'payment_refunds',
  {
    id: text().primaryKey(),
    paymentId: text()
      .notNull()
      .references(() => payments.id),
    amount: bigint({ mode: 'number' }).notNull(),
    /** Why, as the operator gave it; null for a cancellation's refund of everything left. */
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('payment_refunds_payment_idx').on(table.paymentId),
    check('payment_refunds_amount_positive', sql`${table.amount} > 0`),
  ],
);

/**
 * What a refund gave back per order line, when it was made by line: never more units of a line
 * than it had (the API checks it under the payment's lock), so a line is refunded once.
 */
export const paymentRefundLines = pgTable(
  'payment_refund_lines',
  {
    refundId: text()
      .notNull()
      .references(() => paymentRefunds.id),
    orderLineId: text()
      .notNull()
      .references(() => orderLines.id),
    quantity: integer().notNull(),
    amount: bigint({ mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.refundId, table.orderLineId] }),
    index('payment_refund_lines_order_line_idx').on(table.orderLineId),
    check('payment_refund_lines_quantity_positive', sql`${table.quantity} > 0`),
    check('payment_refund_lines_amount_non_negative', sql`${table.amount} >= 0`),
  ],
);

/**
 * Cancellations whose refund and stock release are still owed (ADR 32): written in the statement
 * that cancels, deleted once both are done. The cancel call settles its own at once; the cron
 * settles what a failed Stripe call or a Worker that died left here, with backoff.
 */
export const cancellationsToSettle = pgTable(
  'cancellations_to_settle',
  {
    orderId: text()
      .primaryKey()
      .references(() => orders.id),
    /** When the cron may next try: a minute after the cancel, so it does not race the call. */
    dueAt: timestamp({ withTimezone: true }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
  },
  (table) => [index('cancellations_to_settle_due_idx').on(table.dueAt)],
);
