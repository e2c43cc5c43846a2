import { EVENT_TYPES } from '@edge-commerce/domain';
import { z } from '@hono/zod-openapi';
import { Count, Integer, IssuedCursor, IssuedId, Timestamp } from '../../openapi/bounded';

export const EVENTS_TAG = 'Integration events';

export const DELIVERY_STATUSES = ['published', 'retrying', 'delivered', 'failed'] as const;

export const EventDelivery = z
  .object({
    id: IssuedId('dlv_01jdqk3v8m2x7c5r9t4b6n0p1s').describe(
      'The delivery (`dlv_…`): one QStash message of one event to one destination.',
    ),
    messageId: z.string().max(200).describe("QStash's message id."),
    eventId: IssuedId('evt_01jdqk3v8m2x7c5r9t4b6n0p1s'),
    eventType: z.string().max(100),
    aggregate: z.object({ type: z.string().max(50), id: z.string().max(100) }),
    destination: z
      .string()
      .max(32)
      .describe('The EVENT_ROUTES destination (`unrouted` if no route has its URL any more).'),
    url: z.string().max(2_048),
    status: z
      .enum(DELIVERY_STATUSES)
      .describe(
        '`published`: QStash took it, no attempt reported yet; `retrying`: an attempt failed, QStash retries; `delivered`: the destination answered 2xx; `failed`: retries exhausted, in QStash’s dead-letter queue.',
      ),
    attempts: Count(),
    lastStatus: Integer(0, 999).nullable().describe("The destination's last HTTP status (0: no answer)."),
    lastAnswer: z.string().max(500).nullable().describe('The start of its last answer body.'),
    dlqId: z.string().max(200).nullable(),
    replayId: z
      .string()
      .max(100)
      .nullable()
      .describe('The replay that sent this message; null for the first publish.'),
    publishedAt: Timestamp(),
    updatedAt: Timestamp(),
  })
  .openapi('EventDelivery');

export const EventDeliveryList = z
  .object({ data: z.array(EventDelivery).max(100), nextCursor: IssuedCursor().nullable() })
  .openapi('EventDeliveryList');

export const StoredEventWithDeliveries = z
  .object({
    id: IssuedId('evt_01jdqk3v8m2x7c5r9t4b6n0p1s'),
    type: z.string().max(100),
    version: Integer(1, 1_000),
    sequence: Count(),
    occurredAt: Timestamp(),
    aggregate: z.object({ type: z.string().max(50), id: z.string().max(100) }),
    data: z.unknown(),
    publishedAt: Timestamp().nullable().describe('When the relay handed it to QStash; null while pending.'),
    deliveries: z.array(EventDelivery).max(10_000),
  })
  .openapi('IntegrationEvent');

export const EventType = z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` });
