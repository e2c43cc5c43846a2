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
 * What a partner receives: one event in the envelope of API-CONVENTIONS.md, plus its `sequence`:
 * increasing in the order events were recorded, so within one aggregate a consumer can tell a
 * late delivery (QStash retries can overtake) from a newer change (ADR 33).
 */
export interface EventEnvelope {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  sequence: number;
  aggregate: { type: string; id: string };
  data: unknown;
}
