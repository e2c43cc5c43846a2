import { type Database, stripeEvents } from '@edge-commerce/db';
import { isId } from '@edge-commerce/domain';
import type { StripeWebhookEvent } from './stripe-event-schema';

export type StripeEventOutcome = 'recorded' | 'duplicate';

/** A cart's payment an event is about: the cart is told to look at it (and acts once). */
export interface PaymentNews {
  cartId: string;
  paymentIntentId: string;
}

/** Tells a cart that one of its payments moved; throws when the cart could not act on it now. */
export type PaymentSettler = (news: PaymentNews) => Promise<void>;

// What moves a cart's checkout: its payment succeeded (place the order), failed or was cancelled
// (let the stock go). Other events are recorded and nothing more.
const CHECKOUT_EVENTS = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
]);

/** What the receiver records of a verified event (the whole event, and what it is looked up by). */
export function stripeEventRecord(event: StripeWebhookEvent): stripeEvents.StripeEventRecord {
  return {
    id: event.id,
    type: event.type,
    objectId: event.data.object.id ?? null,
    apiVersion: event.api_version ?? null,
    livemode: event.livemode,
    createdAt: new Date(event.created * 1000),
    payload: event,
  };
}

/** The cart payment a checkout event is about, if it names one (the cart in its metadata). */
export function paymentNewsOf(event: StripeWebhookEvent): PaymentNews | undefined {
  if (!CHECKOUT_EVENTS.has(event.type)) return undefined;
  const object = event.data.object;
  const paymentIntentId = object.id;
  const metadata = object.metadata;
  const cartId =
    typeof metadata === 'object' && metadata !== null
      ? (metadata as Record<string, unknown>).cartId
      : undefined;
  if (typeof paymentIntentId !== 'string' || typeof cartId !== 'string' || !isId('cart', cartId))
    return undefined;
  return { cartId, paymentIntentId };
}

/**
 * Takes one verified Stripe event, at most once in effect (ADR 27, ADR 29). A redelivery of an
 * event already recorded changes nothing. A checkout event is passed to its cart first, which
 * reads the payment again from Stripe (the status now, not the event's snapshot) and acts
 * idempotently by the cart: an order placed once, stock released once. Only then is the event
 * recorded, so a cart that could not act (a dependency down) makes this throw, Stripe retries,
 * and the retry finds the event unrecorded. Concurrent deliveries of one event may both reach
 * the cart; its one-at-a-time calls and idempotent completion make the second a no-op.
 */
export async function receiveStripeEvent(
  db: Database,
  event: StripeWebhookEvent,
  settle: PaymentSettler,
): Promise<StripeEventOutcome> {
  if (await stripeEvents.isStripeEventRecorded(db, event.id)) return 'duplicate';
  const news = paymentNewsOf(event);
  if (news) await settle(news);
  const first = await stripeEvents.recordStripeEvent(db, stripeEventRecord(event));
  return first ? 'recorded' : 'duplicate';
}
