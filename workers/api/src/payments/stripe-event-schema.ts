import { z } from '@hono/zod-openapi';
import { Count, Integer } from '../openapi/bounded';

// What the receiver needs of an event, checked only after its signature verified. Stripe adds
// fields to events and their objects without notice, so the objects are open: the event is
// stored whole, as sent, and nothing here drops what it does not name.

const StripeObject = z
  .object({
    id: z.string().min(1).max(255).optional().openapi({ example: 'pi_3QxY2fLkdIwHu7ix0gN1hYfD' }),
    object: z.string().min(1).max(100).openapi({ example: 'payment_intent' }),
  })
  .catchall(z.unknown())
  .openapi({ description: 'The object as it was when the event happened (a snapshot, not its state now).' });

// What PostgreSQL's jsonb cannot hold, in a key or a string anywhere in the event (ADR 14): NUL,
// and UTF-16 surrogates that are not in a pair (with the `u` flag a pair is one code point).
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this looks for.
const UNSTORABLE = /\u0000|[\uD800-\uDFFF]/u;

/** The path of the first key or string of `value` that jsonb cannot store, if any. */
function unstorableAt(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, member] of entries) {
    if (typeof key === 'string' && UNSTORABLE.test(key)) return [...path, key];
    const found = unstorableAt(member, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

export const StripeWebhookEvent = z
  .object({
    id: z
      .string()
      .max(255)
      .regex(/^evt_[A-Za-z0-9]+$/, 'must be a Stripe event id (evt_…)')
      .openapi({ example: 'evt_3QxY2fLkdIwHu7ix0Zq1bTnM' }),
    object: z.literal('event'),
    type: z
      .string()
      .max(100)
      .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'must be a Stripe event type (payment_intent.succeeded)')
      .openapi({ example: 'payment_intent.succeeded' }),
    api_version: z.string().max(100).nullable().optional().openapi({ example: '2026-10-28.endive' }),
    created: Integer(0, 253_402_300_799).openapi({
      description: 'When the event happened, in Unix seconds (Stripe’s clock).',
      example: 1795000000,
    }),
    livemode: z.boolean(),
    pending_webhooks: Count().optional(),
    data: z
      .object({
        object: StripeObject,
        previous_attributes: z.record(z.string().max(255), z.unknown()).optional(),
      })
      .catchall(z.unknown()),
  })
  .catchall(z.unknown())
  .superRefine((event, context) => {
    const path = unstorableAt(event);
    if (path)
      context.addIssue({
        code: 'custom',
        path,
        message: 'must not contain NUL or unpaired surrogates (the event is stored as jsonb)',
      });
  })
  .openapi('StripeWebhookEvent', {
    description:
      'A Stripe event (https://docs.stripe.com/api/events/object), as Stripe posts it to a webhook endpoint.',
  });

export type StripeWebhookEvent = z.infer<typeof StripeWebhookEvent>;

export const StripeWebhookReceipt = z
  .object({
    eventId: z.string().max(255).openapi({ example: 'evt_3QxY2fLkdIwHu7ix0Zq1bTnM' }),
    type: z.string().max(100).openapi({ example: 'payment_intent.succeeded' }),
    outcome: z.enum(['recorded', 'duplicate']).openapi({
      description:
        '`recorded`: first delivery of this event, now stored; `duplicate`: an earlier delivery was ' +
        'recorded, and this one changed nothing.',
    }),
  })
  .openapi('StripeWebhookReceipt');

export type StripeWebhookReceipt = z.infer<typeof StripeWebhookReceipt>;
