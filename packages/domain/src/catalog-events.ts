/**
 * Integration events of the catalog. Each is stored in the outbox with the change it reports and
 * relayed in the envelope of API-CONVENTIONS.md: `{ id: "evt_…", type, version, occurredAt,
 * aggregate: { type, id }, data }`. `data` shapes are versioned by `version`: a field is only ever
 * added within a version.
 */

/** Who made a catalog change: the PIM through its integration, or an operator through the admin API. */
export type CatalogChangeSource = 'pim' | 'admin';

/** `ProductUpdated` v1, aggregate `product`: a product or its variants, media, options or categories changed. */
export interface ProductUpdatedData {
  productId: string;
  handle: string;
  title: string;
  status: 'draft' | 'active' | 'archived';
  /** The PIM version the product now carries (admin edits keep it; 0 for admin-created products). */
  pimVersion: number;
  change: 'created' | 'updated' | 'archived';
  source: CatalogChangeSource;
  /** The product's variants after the change. */
  variants: { variantId: string; sku: string }[];
}

/** `PriceUpdated` v1, aggregate `price`: a price window was created or changed. */
export interface PriceUpdatedData {
  priceId: string;
  variantId: string;
  sku: string;
  currency: string;
  amount: number;
  compareAtAmount: number | null;
  /** ISO 8601 UTC; null = since forever. */
  startsAt: string | null;
  /** ISO 8601 UTC; null = until further notice. */
  endsAt: string | null;
  pimVersion: number;
  change: 'created' | 'updated';
  source: CatalogChangeSource;
}

/** `CategoryUpdated` v1, aggregate `category`: a category was created, renamed or moved. */
export interface CategoryUpdatedData {
  categoryId: string;
  handle: string;
  name: string;
  parentId: string | null;
  path: string;
  change: 'created' | 'updated';
  /** Categories below it whose path changed with it (a move or a rename). */
  descendantsMoved: number;
}

export interface CatalogEvents {
  ProductUpdated: ProductUpdatedData;
  PriceUpdated: PriceUpdatedData;
  CategoryUpdated: CategoryUpdatedData;
}

export type CatalogEventType = keyof CatalogEvents;

export const CATALOG_EVENT_VERSION = 1;
