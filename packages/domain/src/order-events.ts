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

export interface OrderEvents {
  OrderCreated: OrderCreatedData;
}

export const ORDER_EVENT_VERSION = 1;
