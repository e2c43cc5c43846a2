import { type Database, stripeEvents } from '@edge-commerce/db';
import type { StripeWebhookEvent } from './stripe-event-schema';

export type StripeEventOutcome = 'recorded' | 'duplicate';

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

/**
 * Takes one verified Stripe event, at most once (ADR 27): one transaction records it by its id
 * and, on its first delivery only, will apply what it means for the shop. A redelivery, or a
 * concurrent duplicate that waited on the first one's row, finds the id recorded and changes
 * nothing; a transaction that fails records nothing, so Stripe's retry applies it then.
 *
 * Where the checkout plugs in (issue 11): after `recordStripeEvent` answered true, inside this
 * transaction, e.g. `payment_intent.succeeded` → complete the cart's order, the same completion
 * the client's `POST /v1/carts/{id}/complete` runs (whichever comes first; the other finds the
 * order). Events arrive in any order and carry a snapshot of their object, so the effect must
 * re-read the PaymentIntent from Stripe (the status now, not then) rather than trust the
 * snapshot, and be idempotent by the cart. Until then the event is recorded and nothing else
 * happens: no dispatch on `type` exists yet, deliberately.
 */
export async function receiveStripeEvent(
  db: Database,
  event: StripeWebhookEvent,
): Promise<StripeEventOutcome> {
  return db.transaction(async (tx) => {
    const first = await stripeEvents.recordStripeEvent(tx, stripeEventRecord(event));
    return first ? 'recorded' : 'duplicate';
  });
}
