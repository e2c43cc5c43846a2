import type { z } from 'zod';
import type { EventEnvelopeSchema } from './schemas/envelope';

/**
 * Every integration event the shop records, by type name (past-tense PascalCase, API-CONVENTIONS.md).
 * The relay routes by these names, so a route naming a type not listed here is refused at start-up
 * rather than silently never matching.
 */
export const EVENT_TYPES = [
  'ProductUpdated',
  'PriceUpdated',
  'CategoryUpdated',
  'InventoryUpdated',
  'InventoryShortfallDetected',
  'CartAbandoned',
  'OrderCreated',
  'OrderPaid',
  'OrderReleased',
  'OrderCancelled',
  'OrderRefunded',
  'OrderShipped',
  'OrderDelivered',
  'OrderReturned',
  'PaymentRefunded',
  'CustomerRegistered',
  'CustomerUpdated',
  'CustomerDeleted',
  'CustomerDataExported',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/**
 * What a partner receives: one event in the envelope of API-CONVENTIONS.md, plus its `sequence`
 * (ADR 33). Inferred from `EventEnvelopeSchema`, which says what each field means.
 */
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
