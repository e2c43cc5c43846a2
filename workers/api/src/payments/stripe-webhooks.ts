import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requires, stripeSignatureAccess } from '../auth/access';
import { refusalProblem } from '../carts/cart-answer';
import type { AppEnv } from '../env';
import { log } from '../log';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { receiveStripeEvent } from './receive-stripe-event';
import { StripeWebhookEvent, StripeWebhookReceipt } from './stripe-event-schema';

const route = createRoute({
  method: 'post',
  path: '/v1/integrations/stripe/webhooks',
  operationId: 'receiveStripeWebhook',
  tags: ['Stripe integration'],
  summary: 'Receive a webhook event from Stripe',
  description: `Stripe's webhook endpoint: every event Stripe sends (PaymentIntents, charges,
refunds) is verified, then recorded once by its id. Only Stripe calls it.

- **Authentication**: the \`Stripe-Signature\` header, checked with the \`stripe\` SDK on the exact
  raw body before anything parses it, with our endpoint's signing secret and Stripe's default
  tolerance of 300 seconds. A missing, malformed or forged signature, one made with another
  secret, a body changed after signing, or a timestamp older than the tolerance: 400
  \`invalid_signature\`, nothing stored.
- **At most once**: the event's \`id\` is its idempotency key (no \`Idempotency-Key\` header: Stripe
  sends the same event id on every retry). The first delivery is recorded (\`outcome: recorded\`);
  a redelivery, including concurrent ones, answers 200 \`duplicate\` and changes nothing.
- **Any order**: events are recorded as they come; what an event means is decided from the object's
  current state at Stripe, never from the order of arrival.
- **Checkout**: \`payment_intent.succeeded\`, \`payment_failed\` and \`canceled\` reach the cart named in
  the intent's metadata, which reads the intent again from Stripe and places the order (or lets the
  stock go) once, whichever of this and the shopper's complete call comes first. The event is
  recorded after the cart acted: if it could not (a dependency down), the answer is 503 and Stripe
  retries.
- **Errors**: 400 \`invalid_signature\`; 400 \`malformed_json\` (a signed body that is not JSON) or
  \`validation_failed\` (a signed body that is not a Stripe event); 413 \`payload_too_large\`;
  415 \`unsupported_media_type\` (not JSON); 503 \`payments_unavailable\` (no signing secret
  configured) or \`database_unavailable\`, nothing stored: Stripe retries any non-2xx answer for up
  to 3 days.`,
  ...requires(stripeSignatureAccess),
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: StripeWebhookEvent,
          example: {
            id: 'evt_3QxY2fLkdIwHu7ix0Zq1bTnM',
            object: 'event',
            api_version: '2026-10-28.endive',
            created: 1795000000,
            data: {
              object: {
                id: 'pi_3QxY2fLkdIwHu7ix0gN1hYfD',
                object: 'payment_intent',
                amount: 4998,
                currency: 'usd',
                status: 'succeeded',
                metadata: { cartId: 'cart_01jd8c4r7t2n9v5x3q6w8y0z1a' },
              },
            },
            livemode: false,
            pending_webhooks: 1,
            request: {
              id: 'req_8Xc2LkQmP0aZ3t',
              idempotency_key: 'checkout-cart_01jd8c4r7t2n9v5x3q6w8y0z1a-3',
            },
            type: 'payment_intent.succeeded',
          },
        },
      },
    },
  },
  responses: {
    200: {
      description:
        'The event verified and is recorded: now (`recorded`) or by an earlier delivery (`duplicate`).',
      content: {
        'application/json': {
          schema: StripeWebhookReceipt,
          example: {
            eventId: 'evt_3QxY2fLkdIwHu7ix0Zq1bTnM',
            type: 'payment_intent.succeeded',
            outcome: 'recorded',
          },
        },
      },
    },
    ...problemResponses(...commonProblems, 503),
  },
});

// Refusals that mean "not now": the event stays unrecorded and Stripe's retry tries again.
const RETRY_LATER = new Set([
  'payments_unavailable',
  'orders_unavailable',
  'inventory_unavailable',
  'catalog_unavailable',
]);

/** The Stripe webhook receiver (ADR 27); checkout events reach their cart (ADR 29). */
export function registerStripeWebhooks(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const event = c.req.valid('json');
    const outcome = await receiveStripeEvent(c.get('database')(), event, async (news) => {
      const reply = await c.env.CART.getByName(news.cartId).settlePayment(news.paymentIntentId);
      c.set('objectStatements', (c.get('objectStatements') ?? 0) + reply.statements);
      const settled = reply.outcome;
      log('info', 'Stripe payment settled', {
        requestId: c.get('requestId'),
        cartId: news.cartId,
        paymentIntentId: news.paymentIntentId,
        outcome: settled.ok ? 'order' : settled.reason,
      });
      // A dependency down: answer 503, so Stripe delivers the event again later.
      if (!settled.ok && RETRY_LATER.has(settled.reason)) throw refusalProblem(news.cartId, settled);
    });
    log('info', 'Stripe event received', {
      requestId: c.get('requestId'),
      eventId: event.id,
      type: event.type,
      outcome,
    });
    return c.json({ eventId: event.id, type: event.type, outcome }, 200);
  });
}
