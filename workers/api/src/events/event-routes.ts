import { EVENT_TYPES } from '@edge-commerce/domain';
import { z } from 'zod';

/**
 * Where each integration event goes (ADR 33): destinations by name (`wms`, `crm`, `analytics`…),
 * each a URL QStash delivers to and the event types it takes. `ordered` destinations get one
 * aggregate's events one at a time, in the order they were recorded (a QStash flow-control key
 * per destination and aggregate, parallelism 1); the others as fast as QStash delivers.
 */
export const EventRoute = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    events: z.array(z.enum(EVENT_TYPES)).min(1, 'must name at least one event type'),
    ordered: z.boolean().default(false),
  })
  .strict();

export type EventRoute = z.infer<typeof EventRoute>;

const DestinationName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'destination names are lower case letters, digits and dashes');

/** `EVENT_ROUTES`: JSON, validated with the rest of the configuration at start-up. */
export const EventRoutes = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'must be JSON: { "<destination>": { url, events } }' });
      return z.NEVER;
    }
  })
  .pipe(z.record(DestinationName, EventRoute));

export type EventRoutes = z.infer<typeof EventRoutes>;
