/**
 * Integration events of orders, in the envelope of API-CONVENTIONS.md. Written to Postgres's
 * `outbox_events` in the transaction that makes the change (the events work relays them).
 */

/** Money as the events carry it: integer minor units of the order's currency. */
export interface OrderEventLine {
  lineId: string;
  variantId: string;
  sku: string;
  title: string;
  variantTitle: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  tax: number;
  total: number;
}

/**
 * `OrderCreated` v1, aggregate `order`: a paid cart became an order. What the WMS fulfils from
 * (unless `status` is `on_hold`) and the CRM files under the customer.
 */
export interface OrderCreatedData {
  orderId: string;
  orderNumber: string;
  cartId: string;
  customerId: string | null;
  email: string;
  status: 'paid' | 'on_hold';
  currency: string;
  market: string;
  lines: OrderEventLine[];
  totals: { subtotal: number; discounts: number; shipping: number; tax: number; grandTotal: number };
  shippingAddress: unknown;
  shippingMethod: { id: string; name: string; amount: number } | null;
  placedAt: string;
}

/** `OrderReleased` v1: an order held for review (or paid) goes to the warehouse. */
export interface OrderReleasedData {
  orderId: string;
  orderNumber: string;
  releasedAt: string;
}

/** `OrderCancelled` v1: stopped before anything shipped; its stock is released, its money refunded. */
export interface OrderCancelledData {
  orderId: string;
  orderNumber: string;
  reason: string | null;
  /** Who stopped it: the shopper (before the warehouse had it) or an operator. */
  cancelledBy: 'customer' | 'operator';
  cancelledAt: string;
}

/** `OrderRefunded` v1: money went back to the shopper, in full or in part. */
export interface OrderRefundedData {
  orderId: string;
  orderNumber: string;
  refundId: string;
  amount: number;
  currency: string;
  /** All refunded so far, this refund included. */
  refundedTotal: number;
  /** Why, as the operator gave it; null for a cancellation's refund. */
  reason: string | null;
  /** What it gave back per line, when it was made by line; empty for a refund of an amount. */
  lines: { lineId: string; sku: string; quantity: number; amount: number }[];
  refundedAt: string;
}

/** `OrderReturned` v1: a delivered order came back (its refund is an `OrderRefunded` of its own). */
export interface OrderReturnedData {
  orderId: string;
  orderNumber: string;
  reason: string | null;
  returnedAt: string;
}

/** A parcel as the order events carry it. */
export interface OrderShipmentData {
  shipmentId: string;
  wmsShipmentId: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  lines: { lineId: string; sku: string; quantity: number }[];
}

/**
 * `OrderShipped` v1: the WMS sent a parcel of the order. `status` is where the order stands
 * after it: `partially_shipped` while lines remain, `shipped` once everything left.
 */
export interface OrderShippedData {
  orderId: string;
  orderNumber: string;
  status: 'partially_shipped' | 'shipped';
  shipment: OrderShipmentData;
  shippedAt: string;
}

/** `OrderDelivered` v1: every parcel of a fully shipped order reached the shopper. */
export interface OrderDeliveredData {
  orderId: string;
  orderNumber: string;
  deliveredAt: string;
}

export interface OrderEvents {
  OrderCreated: OrderCreatedData;
  OrderReleased: OrderReleasedData;
  OrderCancelled: OrderCancelledData;
  OrderRefunded: OrderRefundedData;
  OrderShipped: OrderShippedData;
  OrderDelivered: OrderDeliveredData;
  OrderReturned: OrderReturnedData;
}

export const ORDER_EVENT_VERSION = 1;
