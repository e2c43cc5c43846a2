import { events } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import { PAGE_PARAMETERS, pageOf, pageParameters, pageRequest } from '../../catalog/admin/list-page';
import { rejectUnknownParameters } from '../../catalog/storefront/query-parameters';
import type { AppEnv } from '../../env';
import { Instant } from '../../input/instant';
import { Text } from '../../input/text';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { DELIVERY_STATUSES, EVENTS_TAG, EventDeliveryList, EventType } from './schemas';

const once = { error: 'must be given once' } as const;
const query = (name: string, description: string, example: string) => ({
  param: { name, in: 'query' as const },
  description,
  example,
});

const FILTERS = [
  'status',
  'destination',
  'type',
  'eventId',
  'aggregateId',
  'publishedFrom',
  'publishedBefore',
];

const DeliveryListQuery = z
  .object({
    status: z
      .enum(DELIVERY_STATUSES, { error: `must be one of ${DELIVERY_STATUSES.join(', ')}` })
      .optional()
      .openapi(query('status', 'Only deliveries in this state; `failed` lists the DLQ’s.', 'failed')),
    destination: z
      .string(once)
      .max(32)
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a destination name')
      .optional()
      .openapi(query('destination', 'Only deliveries to this EVENT_ROUTES destination.', 'wms')),
    type: EventType.optional().openapi(query('type', 'Only deliveries of this event type.', 'OrderCreated')),
    eventId: z
      .string(once)
      .max(100)
      .regex(/^evt_[0-9a-z]{1,64}$/, 'must be an event id')
      .optional()
      .openapi(query('eventId', 'Only deliveries of this event.', 'evt_01jdqk3v8m2x7c5r9t4b6n0p1s')),
    aggregateId: Text({ max: 100, notText: once.error })
      .optional()
      .openapi(
        query(
          'aggregateId',
          'Only events of this order, product, customer…',
          'ord_01jdqk3v8m2x7c5r9t4b6n0p1s',
        ),
      ),
    publishedFrom: Instant.optional().openapi(
      query('publishedFrom', 'Published at or after.', '2026-12-01T00:00:00Z'),
    ),
    publishedBefore: Instant.optional().openapi(
      query('publishedBefore', 'Published before.', '2026-12-02T00:00:00Z'),
    ),
    ...pageParameters('Deliveries'),
  })
  .catchall(z.unknown())
  .superRefine((values, context) =>
    rejectUnknownParameters(values, [...FILTERS, ...PAGE_PARAMETERS], context, false),
  );

const route = createRoute({
  method: 'get',
  path: '/v1/admin/events/deliveries',
  operationId: 'adminListEventDeliveries',
  tags: [EVENTS_TAG],
  summary: 'List deliveries of integration events, and failures',
  description: `Every QStash message the relay published (one per event and destination, ADR 33) and what QStash reported of it, newest first, narrowed by any of the filters, a page at a time (\`limit\` 1-100, default 20; the opaque \`nextCursor\` with the same filters; \`null\` on the last page). \`status=failed\` is the dead-letter queue: deliveries that ran out of retries, to replay once the destination is back (\`POST /v1/admin/events/replay\`).

**Errors**: 400 \`validation_failed\` (an unknown parameter or a malformed filter, named in \`errors\`), \`invalid_cursor\`, \`cursor_mismatch\`; 401 \`unauthorized\`; 403 \`forbidden\` (a key without \`admin\`); 503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: { query: DeliveryListQuery },
  responses: {
    200: {
      description: 'A page of deliveries.',
      content: { 'application/json': { schema: EventDeliveryList } },
    },
    ...problemResponses(...commonProblems, 401, 403, 503),
  },
});

export function registerAdminListEventDeliveries(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const values = c.req.valid('query');
    const identity = FILTERS.map((name) => `${name}=${(values as Record<string, unknown>)[name] ?? ''}`).join(
      '; ',
    );
    const page = await pageRequest(`admin event deliveries; ${identity}`, 'eventDelivery', values);
    const listed = await events.listDeliveries(
      c.get('database')(),
      {
        status: values.status,
        destination: values.destination,
        eventType: values.type,
        eventId: values.eventId,
        aggregateId: values.aggregateId,
        publishedFrom: values.publishedFrom,
        publishedBefore: values.publishedBefore,
      },
      { after: page.after, rows: page.limit + 1 },
    );
    return c.json(pageOf(listed, page), 200);
  });
}
