/**
 * Integration events of carts, in the envelope of API-CONVENTIONS.md. Recorded by each cart's
 * CartObject in its own outbox (the events work relays Durable Object outboxes to QStash, where
 * email and marketing act on them).
 */

/**
 * `CartAbandoned` v1, aggregate `cart`: a cart with lines saw no change for the configured idle
 * time. Recorded once per idle period: a change starts a new period.
 */
export interface CartAbandonedData {
  cartId: string;
  currency: string;
  market: string;
  /** The cart's subtotal when it was last changed, in minor units of `currency`. */
  subtotal: number;
  itemCount: number;
  lines: { variantId: string; sku: string; title: string; quantity: number; unitPrice: number }[];
  /** When the cart was last changed (ISO 8601 UTC). */
  lastChangedAt: string;
}

export interface CartEvents {
  CartAbandoned: CartAbandonedData;
}

export type CartEventType = keyof CartEvents;

export const CART_EVENT_VERSION = 1;
