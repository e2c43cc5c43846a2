import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { IdempotentWriteHeader } from '../../idempotency/header';
import { idempotentWrites } from '../../idempotency/idempotent-writes';
import { Instant } from '../../input/instant';
import { Text } from '../../input/text';
import { Count, Integer, IssuedId } from '../../openapi/bounded';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { MAX_REPLAYED_EVENTS, replayEvents } from '../replay';
import { EVENTS_TAG, EventType } from './schemas';

const EventId = z
  .string()
  .max(100)
  .regex(/^evt_[0-9a-z]{1,64}$/, 'must be an event id')
  .openapi({ example: 'evt_01jdqk3v8m2x7c5r9t4b6n0p1s' });

const ReplayRequest = z
  .object({
    eventIds: z.array(EventId).min(1).max(100).optional().describe('These events (at most 100).'),
    occurredFrom: Instant.optional().describe('Or a range: events recorded at or after…'),
    occurredBefore: Instant.optional().describe('…and before.'),
    type: EventType.optional().describe('Only events of this type.'),
    aggregateId: Text({ max: 100 }).optional().describe('Only events of this order, product, customer…'),
    failedOnly: z
      .boolean()
      .optional()
      .describe(
        'Only events with a delivery that failed for good (in the DLQ): what a recovered partner missed.',
      ),
    destinations: z
      .array(
        z
          .string()
          .max(32)
          .regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a destination name'),
      )
      .min(1)
      .max(20)
      .optional()
      .describe(
        'Send to these EVENT_ROUTES destinations only (default: every destination routed to each event).',
      ),
  })
  .strict()
  .refine(
    (body) => body.eventIds !== undefined || body.occurredFrom !== undefined || body.failedOnly === true,
    {
      message: 'name the events: eventIds, a range from occurredFrom, or failedOnly',
      path: ['eventIds'],
    },
  )
  .refine((body) => !body.occurredFrom || !body.occurredBefore || body.occurredFrom < body.occurredBefore, {
    message: 'must be after occurredFrom',
    path: ['occurredBefore'],
  })
  .openapi('EventReplayRequest');

const ReplayResult = z
  .object({
    replayId: IssuedId('rpl_01jdqk3v8m2x7c5r9t4b6n0p1s').describe(
      'Names the replay on its deliveries (`replayId`).',
    ),
    events: Integer(0, MAX_REPLAYED_EVENTS).describe('Events sent again.'),
    messages: Count().describe('QStash messages published: one per event and destination.'),
    more: z
      .boolean()
      .describe(
        `More than ${MAX_REPLAYED_EVENTS} events matched: replay again from the last one's occurredAt.`,
      ),
  })
  .openapi('EventReplayResult');

const route = createRoute({
  method: 'post',
  path: '/v1/admin/events/replay',
  operationId: 'adminReplayEvents',
  tags: [EVENTS_TAG],
  summary: 'Send integration events again',
  description: `Publishes published events again, in the order they were recorded, to every destination routed to them or to \`destinations\`: events by id, a range of time (with a type or an aggregate), or those whose delivery failed for good (\`failedOnly\`), up to ${MAX_REPLAYED_EVENTS} a call. Safe: every consumer dedupes by event id and applies one aggregate's events in \`sequence\` order (ADR 33), so a partner that had an event applies nothing, and one that missed it (its delivery in the DLQ) applies it once. The replayed failures leave QStash's DLQ.

**Errors**: 400 \`validation_failed\` (no selection, a malformed id or time, an unknown destination); 401 \`unauthorized\`; 403 \`forbidden\`; 503 \`events_unavailable\` (QStash not configured, or it did not take the replay: nothing was replayed) or \`database_unavailable\`.`,
  ...requires(adminAccess, idempotentWrites()),
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: ReplayRequest,
          examples: {
            failures: { value: { failedOnly: true } },
            range: { value: { occurredFrom: '2026-12-01T00:00:00Z', type: 'OrderCreated' } },
            toOneDestination: { value: { failedOnly: true, destinations: ['wms'] } },
          },
        },
      },
    },
  },
  responses: {
    202: {
      description: 'QStash took the replay; it delivers as it does every event.',
      content: { 'application/json': { schema: ReplayResult } },
    },
    ...problemResponses(...commonProblems, 401, 403, 503),
  },
});

export function registerAdminReplayEvents(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const outcome = await replayEvents(
      { db: c.get('database')(), config: c.get('config') },
      {
        eventIds: body.eventIds,
        occurredFrom: body.occurredFrom,
        occurredBefore: body.occurredBefore,
        eventType: body.type,
        aggregateId: body.aggregateId,
        failedOnly: body.failedOnly,
      },
      body.destinations,
    );
    return c.json(outcome, 202);
  });
}
