import type { z } from 'zod';
import type { CartAbandonedV1 } from './events/schemas/cart';

/**
 * Integration events of carts, in the envelope of API-CONVENTIONS.md. Recorded by each cart's
 * CartObject in its own outbox (the events work relays Durable Object outboxes to QStash, where
 * email and marketing act on them). Each type is inferred from its zod schema
 * (events/schemas/cart.ts).
 */

/**
 * `CartAbandoned` v1, aggregate `cart`: a cart with lines saw no change for the configured idle
 * time. Recorded once per idle period: a change starts a new period.
 */
export type CartAbandonedData = z.infer<typeof CartAbandonedV1>;

export interface CartEvents {
  CartAbandoned: CartAbandonedData;
}

export type CartEventType = keyof CartEvents;

export const CART_EVENT_VERSION = 1;
