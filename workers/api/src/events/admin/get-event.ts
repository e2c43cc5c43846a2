import { events } from '@edge-commerce/db';
import { isId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { EVENTS_TAG, StoredEventWithDeliveries } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/admin/events/{eventId}',
  operationId: 'adminGetEvent',
  tags: [EVENTS_TAG],
  summary: 'Inspect one integration event and its deliveries',
  description: `The event as recorded (its envelope: what every destination receives), when it was published, and each delivery of it to each destination, first publish and replays, with what QStash reported.

**Errors**: 401 \`unauthorized\`; 403 \`forbidden\`; 404 \`not_found\` (never recorded, or deleted once its retention ended); 503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: {
    params: z.object({
      eventId: z
        .string()
        .max(100)
        .openapi({ param: { name: 'eventId', in: 'path' }, example: 'evt_01jdqk3v8m2x7c5r9t4b6n0p1s' }),
    }),
  },
  responses: {
    200: {
      description: 'The event.',
      content: { 'application/json': { schema: StoredEventWithDeliveries } },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 503),
  },
});

export function registerAdminGetEvent(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { eventId } = c.req.valid('param');
    const found = isId('event', eventId)
      ? await events.eventWithDeliveries(c.get('database')(), eventId)
      : undefined;
    if (!found) throw new ApiError('not_found', `No event has the id ${eventId}.`);
    return c.json({ ...found.event, deliveries: found.deliveries }, 200);
  });
}
