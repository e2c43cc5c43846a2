import { z } from 'zod';
import type { EventType } from './event-types';
import { CartAbandonedV1 } from './schemas/cart';
import { CategoryUpdatedV1, PriceUpdatedV1, ProductUpdatedV1 } from './schemas/catalog';
import {
  CustomerDataExportedV1,
  CustomerDeletedV1,
  CustomerRegisteredV1,
  CustomerUpdatedV1,
} from './schemas/customers';
import { EventEnvelopeSchema } from './schemas/envelope';
import { InventoryShortfallDetectedV1, InventoryUpdatedV1 } from './schemas/inventory';
import {
  OrderCancelledV1,
  OrderCreatedV1,
  OrderDeliveredV1,
  OrderPaidV1,
  OrderRefundedV1,
  OrderReleasedV1,
  OrderReturnedV1,
  OrderShippedV1,
} from './schemas/orders';
import { PaymentRefundedV1 } from './schemas/payments';

/** The aggregate each event type is recorded against: its envelope's `aggregate.type`. */
export const EVENT_AGGREGATES = {
  ProductUpdated: 'product',
  PriceUpdated: 'price',
  CategoryUpdated: 'category',
  InventoryUpdated: 'sku',
  InventoryShortfallDetected: 'sku',
  CartAbandoned: 'cart',
  OrderCreated: 'order',
  OrderPaid: 'order',
  OrderReleased: 'order',
  OrderCancelled: 'order',
  OrderRefunded: 'order',
  OrderShipped: 'order',
  OrderDelivered: 'order',
  OrderReturned: 'order',
  PaymentRefunded: 'payment',
  CustomerRegistered: 'customer',
  CustomerUpdated: 'customer',
  CustomerDeleted: 'customer',
  CustomerDataExported: 'customer',
} as const satisfies Record<EventType, string>;

/**
 * The `data` of every integration event the shop records, by type and then version: what the
 * TypeScript types of the writers are inferred from (`OrderCreatedData` …), what `/asyncapi.json`
 * publishes as JSON Schema, and what a consumer may validate with. A new version is a new entry
 * beside the old one, which stays as long as anything may still carry it.
 */
export const EVENT_SCHEMAS = {
  ProductUpdated: { 1: ProductUpdatedV1 },
  PriceUpdated: { 1: PriceUpdatedV1 },
  CategoryUpdated: { 1: CategoryUpdatedV1 },
  InventoryUpdated: { 1: InventoryUpdatedV1 },
  InventoryShortfallDetected: { 1: InventoryShortfallDetectedV1 },
  CartAbandoned: { 1: CartAbandonedV1 },
  OrderCreated: { 1: OrderCreatedV1 },
  OrderPaid: { 1: OrderPaidV1 },
  OrderReleased: { 1: OrderReleasedV1 },
  OrderCancelled: { 1: OrderCancelledV1 },
  OrderRefunded: { 1: OrderRefundedV1 },
  OrderShipped: { 1: OrderShippedV1 },
  OrderDelivered: { 1: OrderDeliveredV1 },
  OrderReturned: { 1: OrderReturnedV1 },
  PaymentRefunded: { 1: PaymentRefundedV1 },
  CustomerRegistered: { 1: CustomerRegisteredV1 },
  CustomerUpdated: { 1: CustomerUpdatedV1 },
  CustomerDeleted: { 1: CustomerDeletedV1 },
  CustomerDataExported: { 1: CustomerDataExportedV1 },
} as const satisfies { readonly [Type in EventType]: Readonly<Record<number, z.ZodType>> };

/** One version of one event type. */
export interface EventVersion {
  type: EventType;
  version: number;
}

/** Every version of every event type in the registry, in its order. */
export function eventVersions(): EventVersion[] {
  return (Object.keys(EVENT_SCHEMAS) as EventType[]).flatMap((type) =>
    Object.keys(EVENT_SCHEMAS[type]).map((version) => ({ type, version: Number(version) })),
  );
}

/** The schema of `data` for `type` at `version`; undefined for a type or version the shop never wrote. */
export function eventDataSchema(type: string, version: number): z.ZodType | undefined {
  if (!Object.hasOwn(EVENT_SCHEMAS, type)) return undefined;
  const versions: Readonly<Record<number, z.ZodType>> = EVENT_SCHEMAS[type as EventType];
  return Object.hasOwn(versions, version) ? versions[version] : undefined;
}

/**
 * The whole envelope of one event type at one version: its `type`, `version` and aggregate type
 * fixed, its `data` that version's schema. What a partner validates a delivery's body with.
 */
export function eventEnvelopeSchema(type: EventType, version: number) {
  const data = eventDataSchema(type, version);
  if (!data) throw new RangeError(`${type} has no version ${version}`);
  return EventEnvelopeSchema.extend({
    type: z.literal(type).describe('The event type.'),
    version: z.literal(version).describe('The version of `data`.'),
    aggregate: EventEnvelopeSchema.shape.aggregate
      .extend({ type: z.literal(EVENT_AGGREGATES[type]).describe('What kind of thing changed.') })
      .describe('What changed: the unit that events are ordered within.'),
    data,
  });
}
