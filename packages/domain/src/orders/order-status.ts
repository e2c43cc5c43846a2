/**
 * Where an order stands, in two dimensions that move apart: its fulfilment (`status`) and its
 * money (`paymentStatus`). A shipped order can be partly refunded and stays shipped; a single
 * status would have to forget one or the other. Every move of either is an event of this
 * table, and nothing else changes them: a move the table lacks is refused (the API answers 409).
 */

export const ORDER_STATUSES = [
  // Paid for by a payment still settling (a PaymentIntent `processing`): no stock leaves yet.
  'pending_payment',
  // Paid; not yet handed to the warehouse.
  'paid',
  // Paid, but the charge's risk is above the shop's limit: waits for an operator to release or cancel it.
  'on_hold',
  // Handed to the warehouse (OrderCreated is what it fulfils from); nothing shipped yet.
  'fulfilling',
  'partially_shipped',
  'shipped',
  'delivered',
  // Came back after delivery (the returns process refunds through the payment status).
  'returned',
  // Stopped before anything shipped: committed stock released, the payment refunded.
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_STATUSES = ['pending', 'paid', 'partially_refunded', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** What can happen to an order's fulfilment. */
export type OrderEvent =
  | 'payment_succeeded'
  | 'held_for_review'
  | 'released'
  | 'shipped_in_part'
  | 'shipped_in_full'
  | 'delivered'
  | 'returned'
  | 'cancelled';

/** What can happen to an order's money. */
export type PaymentEvent = 'payment_succeeded' | 'refunded_in_part' | 'refunded_in_full';

// The whole lifecycle, one row per state: what each event leads to from there.
const ORDER_TRANSITIONS: Record<OrderStatus, Partial<Record<OrderEvent, OrderStatus>>> = {
  pending_payment: { payment_succeeded: 'paid', held_for_review: 'on_hold', cancelled: 'cancelled' },
  // The WMS fulfils from OrderCreated: its first parcel of a paid order is the release as well.
  paid: {
    released: 'fulfilling',
    held_for_review: 'on_hold',
    shipped_in_part: 'partially_shipped',
    shipped_in_full: 'shipped',
    cancelled: 'cancelled',
  },
  on_hold: { released: 'fulfilling', cancelled: 'cancelled' },
  // Cancelling stops here: once a parcel left, what remains is a return.
  fulfilling: { shipped_in_part: 'partially_shipped', shipped_in_full: 'shipped', cancelled: 'cancelled' },
  partially_shipped: { shipped_in_part: 'partially_shipped', shipped_in_full: 'shipped' },
  shipped: { delivered: 'delivered' },
  delivered: { returned: 'returned' },
  returned: {},
  cancelled: {},
};

const PAYMENT_TRANSITIONS: Record<PaymentStatus, Partial<Record<PaymentEvent, PaymentStatus>>> = {
  pending: { payment_succeeded: 'paid' },
  paid: { refunded_in_part: 'partially_refunded', refunded_in_full: 'refunded' },
  // Refunds add up: a later one may still be partial, or take the rest.
  partially_refunded: { refunded_in_part: 'partially_refunded', refunded_in_full: 'refunded' },
  refunded: {},
};

export type Transition<Status> = { ok: true; from: Status; to: Status } | { ok: false; from: Status };

/** Where `event` takes an order whose fulfilment is `from`; refused if the table has no such move. */
export function nextOrderStatus(from: OrderStatus, event: OrderEvent): Transition<OrderStatus> {
  const to = ORDER_TRANSITIONS[from][event];
  return to === undefined ? { ok: false, from } : { ok: true, from, to };
}

/** Where `event` takes an order whose money is `from`; refused if the table has no such move. */
export function nextPaymentStatus(from: PaymentStatus, event: PaymentEvent): Transition<PaymentStatus> {
  const to = PAYMENT_TRANSITIONS[from][event];
  return to === undefined ? { ok: false, from } : { ok: true, from, to };
}

/** The events an order in `status` accepts (for error messages and documentation). */
export function orderEventsFrom(status: OrderStatus): OrderEvent[] {
  return Object.keys(ORDER_TRANSITIONS[status]) as OrderEvent[];
}

/** Whether an order can still be cancelled: nothing has shipped. */
export function isCancellable(status: OrderStatus): boolean {
  return nextOrderStatus(status, 'cancelled').ok;
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

export function isPaymentStatus(value: string): value is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(value);
}
