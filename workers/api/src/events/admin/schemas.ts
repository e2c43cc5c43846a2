import { EVENT_TYPES } from '@edge-commerce/domain';
import { z } from '@hono/zod-openapi';

export const EVENTS_TAG = 'Integration events';

export const DELIVERY_STATUSES = ['published', 'retrying', 'delivered', 'failed'] as const;

export const EventDelivery = z
  .object({
    id: z.string().describe('The delivery (`dlv_…`): one QStash message of one event to one destination.'),
    messageId: z.string().describe("QStash's message id."),
    eventId: z.string(),
    eventType: z.string(),
    aggregate: z.object({ type: z.string(), id: z.string() }),
    destination: z
      .string()
      .describe('The EVENT_ROUTES destination (`unrouted` if no route has its URL any more).'),
    url: z.string(),
    status: z
      .enum(DELIVERY_STATUSES)
      .describe(
        '`published`: QStash took it, no attempt reported yet; `retrying`: an attempt failed, QStash retries; `delivered`: the destination answered 2xx; `failed`: retries exhausted, in QStash’s dead-letter queue.',
      ),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().describe("The destination's last HTTP status (0: no answer)."),
    lastAnswer: z.string().nullable().describe('The start of its last answer body.'),
    dlqId: z.string().nullable(),
    replayId: z
      .string()
      .nullable()
      .describe('The replay that sent this message; null for the first publish.'),
    publishedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('EventDelivery');

export const EventDeliveryList = z
  .object({ data: z.array(EventDelivery), nextCursor: z.string().nullable() })
  .openapi('EventDeliveryList');

export const StoredEventWithDeliveries = z
  .object({
    id: z.string(),
    type: z.string(),
    version: z.number().int(),
    sequence: z.number().int(),
    occurredAt: z.string(),
    aggregate: z.object({ type: z.string(), id: z.string() }),
    data: z.unknown(),
    publishedAt: z.string().nullable().describe('When the relay handed it to QStash; null while pending.'),
    deliveries: z.array(EventDelivery),
  })
  .openapi('IntegrationEvent');

export const EventType = z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` });
