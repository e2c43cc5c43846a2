import { customers, type Database, emailOutbox, orders } from '@edge-commerce/db';
import { EVENT_SCHEMAS, newId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { qstashAccess, requires } from '../../auth/access';
import type { Config } from '../../config';
import type {
  CartReminderData,
  OrderConfirmationData,
  OrderShippedData,
  OrderTemplate,
} from '../../email/order-templates';
import { sendSoon } from '../../email/send-soon';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { Integer } from '../../openapi/bounded';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';

/** Where EVENT_ROUTES sends the events the shop's own email consumer acts on (ADR 33). */
export const EMAIL_CONSUMER_PATH = '/v1/integrations/qstash/emails';

const Envelope = z
  .object({
    id: z
      .string()
      .max(100)
      .regex(/^evt_[0-9a-z]{1,64}$/)
      .openapi({ example: 'evt_01jdqk3v8m2x7c5r9t4b6n0p1s' }),
    type: z.string().max(100),
    version: Integer(1, 1_000),
    occurredAt: z.string().max(40),
    aggregate: z.object({ type: z.string().max(50), id: z.string().max(100) }),
    data: z.unknown(),
  })
  .loose()
  .openapi('EmailConsumerEvent');

const Receipt = z
  .object({
    eventId: z.string().max(100),
    outcome: z
      .enum(['queued', 'duplicate', 'ignored'])
      .describe(
        '`queued`: its email is in the outbox, sent now or by the cron; `duplicate`: this event queued it before; `ignored`: no email for this event (another type, a guest cart, an erased customer).',
      ),
  })
  .openapi('EmailConsumerReceipt');

const route = createRoute({
  method: 'post',
  path: EMAIL_CONSUMER_PATH,
  operationId: 'consumeEventForEmail',
  tags: ['QStash integration'],
  summary: 'Send the email an integration event calls for',
  description: `The shop's own consumer of its events (ADR 33), reached through QStash like any partner: \`OrderCreated\` sends the order confirmation, \`OrderShipped\` the shipment with its tracking link, \`CartAbandoned\` of a signed-in customer's cart a reminder (a guest's cart is left to the marketing destination). Each with a plain-text part, in the customer's language, money in their number format; sent with the \`resend\` SDK through the email outbox (ADR 25).

- **Authentication**: QStash's \`Upstash-Signature\` for this URL; nothing else opens it (401).
- **Once per event**: the email is recorded under the event's id, so a redelivery or a replay answers \`duplicate\` and sends nothing more.
- **Errors**: 400 \`validation_failed\` (not an event envelope, or data that does not match its type's schema); 401 \`unauthorized\`; 503 \`database_unavailable\` (QStash retries).`,
  ...requires(qstashAccess),
  request: { body: { required: true, content: { 'application/json': { schema: Envelope } } } },
  responses: {
    200: { description: 'What the event asked for.', content: { 'application/json': { schema: Receipt } } },
    ...problemResponses(...commonProblems, 401, 503),
  },
});

/** The email an event calls for, or null when it calls for none. */
interface EventEmail {
  template: OrderTemplate;
  customerId: string | null;
  recipient: string;
  locale: string;
  data: OrderConfirmationData | OrderShippedData | CartReminderData;
}

function dataOf<T extends keyof typeof EVENT_SCHEMAS>(type: T, version: number, data: unknown) {
  const schema = (EVENT_SCHEMAS[type] as Record<number, z.ZodType>)[version];
  const parsed = schema?.safeParse(data);
  if (!parsed?.success) {
    throw new ApiError('validation_failed', `The data is not a ${type} v${version}.`, {
      errors: (parsed?.error.issues ?? []).slice(0, 20).map((issue) => ({
        path: ['data', ...issue.path].join('.'),
        message: issue.message,
      })),
    });
  }
  return parsed.data as z.infer<(typeof EVENT_SCHEMAS)[T][1]>;
}

async function emailFor(
  db: Database,
  config: Config,
  envelope: z.infer<typeof Envelope>,
): Promise<EventEmail | null> {
  switch (envelope.type) {
    case 'OrderCreated': {
      const order = dataOf('OrderCreated', envelope.version, envelope.data);
      const customer = order.customerId ? await customers.readCustomer(db, order.customerId) : undefined;
      return {
        template: 'order_confirmation',
        customerId: customer?.id ?? null,
        recipient: order.email,
        locale: customer?.locale ?? 'en',
        data: {
          orderNumber: order.orderNumber,
          firstName: customer?.firstName ?? order.shippingAddress.firstName ?? null,
          currency: order.currency,
          lines: order.lines.map((line) => ({
            title: line.variantTitle ? `${line.title} (${line.variantTitle})` : line.title,
            quantity: line.quantity,
            amount: line.total,
          })),
          totals: order.totals,
        },
      };
    }
    case 'OrderShipped': {
      const shipped = dataOf('OrderShipped', envelope.version, envelope.data);
      const order = await orders.readOrder(db, shipped.orderId);
      if (!order) return null;
      const customer = order.customerId ? await customers.readCustomer(db, order.customerId) : undefined;
      const titles = new Map(order.lines.map((line) => [line.sku, line.title]));
      return {
        template: 'order_shipped',
        customerId: customer?.id ?? null,
        recipient: order.email,
        locale: customer?.locale ?? 'en',
        data: {
          orderNumber: shipped.orderNumber,
          firstName: customer?.firstName ?? null,
          carrier: shipped.shipment.carrier,
          trackingNumber: shipped.shipment.trackingNumber,
          trackingUrl: shipped.shipment.trackingUrl,
          lines: shipped.shipment.lines.map((line) => ({
            title: titles.get(line.sku) ?? line.sku,
            quantity: line.quantity,
          })),
        },
      };
    }
    case 'CartAbandoned': {
      const cart = dataOf('CartAbandoned', envelope.version, envelope.data);
      // A guest gave no address to remind them at; marketing hears of their cart on its own.
      const customer = cart.customerId ? await customers.readCustomer(db, cart.customerId) : undefined;
      if (!customer) return null;
      return {
        template: 'cart_reminder',
        customerId: customer.id,
        recipient: customer.email,
        locale: customer.locale,
        data: {
          firstName: customer.firstName,
          currency: cart.currency,
          lines: cart.lines.map((line) => ({
            title: line.title,
            quantity: line.quantity,
            amount: line.unitPrice * line.quantity,
          })),
          subtotal: cart.subtotal,
          cartUrl: config.STOREFRONT_URL ? `${config.STOREFRONT_URL.replace(/\/$/, '')}/cart` : null,
        },
      };
    }
    default:
      return null;
  }
}

export function registerEmailConsumer(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const envelope = c.req.valid('json');
    const db = c.get('database')();
    const email = await emailFor(db, c.get('config'), envelope);
    if (!email) return c.json({ eventId: envelope.id, outcome: 'ignored' as const }, 200);
    const id = newId('email');
    const queued = await emailOutbox.enqueueEventEmail(db, {
      id,
      ...email,
      data: email.data as unknown as Record<string, unknown>,
      eventId: envelope.id,
    });
    if (queued) sendSoon(c, id);
    return c.json(
      { eventId: envelope.id, outcome: queued ? ('queued' as const) : ('duplicate' as const) },
      200,
    );
  });
}
