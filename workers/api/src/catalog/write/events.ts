import type { catalogWrites } from '@edge-commerce/db';
import {
  CATALOG_EVENT_VERSION,
  type CatalogEvents,
  type CatalogEventType,
  newId,
} from '@edge-commerce/domain';

const AGGREGATE_OF: Record<CatalogEventType, string> = {
  ProductUpdated: 'product',
  PriceUpdated: 'price',
  CategoryUpdated: 'category',
};

/** An outbox row for a catalog event; `data` is checked against the event's definition. */
export function catalogEvent<K extends CatalogEventType>(
  type: K,
  aggregateId: string,
  data: CatalogEvents[K],
  occurredAt: Date,
): catalogWrites.OutboxEvent {
  return {
    id: newId('event', occurredAt.getTime()),
    type,
    version: CATALOG_EVENT_VERSION,
    aggregateType: AGGREGATE_OF[type],
    aggregateId,
    data,
    occurredAt,
  };
}
