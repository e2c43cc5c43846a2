import { z } from 'zod';
import { instant, issuedId } from './fields';

/**
 * What a partner receives: one event in the envelope of API-CONVENTIONS.md, plus its `sequence`:
 * increasing in the order events were recorded, so within one aggregate a consumer can tell a
 * late delivery (QStash retries can overtake) from a newer change (ADR 33). `data` is any here;
 * `eventEnvelopeSchema` (events/schemas.ts) narrows it to one event type and version.
 */
export const EventEnvelopeSchema = z.object({
  id: issuedId('event', 'The event, unique for ever: deduplicate deliveries by it'),
  type: z.string().describe('The event type, past-tense PascalCase (`OrderCreated`).'),
  version: z
    .int()
    .positive()
    .describe(
      'The version of `data`. Within a version fields are only ever added: ignore those you do not know.',
    ),
  occurredAt: instant('When the change happened'),
  sequence: z
    .int()
    .positive()
    .describe(
      "Increasing in the order events were recorded, with gaps. One aggregate's events are numbered in the order its changes committed: apply an event only above the highest sequence applied for its aggregate, and acknowledge an older one as stale.",
    ),
  aggregate: z
    .object({
      type: z.string().describe('What kind of thing changed (`order`, `product`, `sku`, …).'),
      id: z.string().describe('Which one: its id (`ord_…`), or its SKU for `sku`.'),
    })
    .describe('What changed: the unit that events are ordered within.'),
  data: z.unknown().describe("The event's own fields, as its type and version define them."),
});
