import type { z } from 'zod';
import type {
  CatalogChangeSourceSchema,
  CategoryUpdatedV1,
  PriceUpdatedV1,
  ProductUpdatedV1,
} from './events/schemas/catalog';

/**
 * Integration events of the catalog. Each is stored in the outbox with the change it reports and
 * relayed in the envelope of API-CONVENTIONS.md: `{ id: "evt_…", type, version, occurredAt,
 * sequence, aggregate: { type, id }, data }`. `data` shapes are versioned by `version`: a field is
 * only ever added within a version. Each type is inferred from its zod schema
 * (events/schemas/catalog.ts), which says what every field means.
 */

/** Who made a catalog change: the PIM through its integration, or an operator through the admin API. */
export type CatalogChangeSource = z.infer<typeof CatalogChangeSourceSchema>;

/** `ProductUpdated` v1, aggregate `product`: a product or its variants, media, options or categories changed. */
export type ProductUpdatedData = z.infer<typeof ProductUpdatedV1>;

/** `PriceUpdated` v1, aggregate `price`: a price window was created or changed. */
export type PriceUpdatedData = z.infer<typeof PriceUpdatedV1>;

/** `CategoryUpdated` v1, aggregate `category`: a category was created, renamed or moved. */
export type CategoryUpdatedData = z.infer<typeof CategoryUpdatedV1>;

export interface CatalogEvents {
  ProductUpdated: ProductUpdatedData;
  PriceUpdated: PriceUpdatedData;
  CategoryUpdated: CategoryUpdatedData;
}

export type CatalogEventType = keyof CatalogEvents;

export const CATALOG_EVENT_VERSION = 1;
