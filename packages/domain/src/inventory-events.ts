/**
 * Integration events of inventory, relayed in the envelope of API-CONVENTIONS.md like the
 * catalog's. Recorded by each SKU's InventoryObject in its own outbox (the events work relays
 * Durable Object outboxes to QStash).
 */

/** Where available-to-sell stands against zero and the SKU's low-stock threshold. */
export type StockStatus = 'in_stock' | 'low_stock' | 'out_of_stock';

/**
 * `InventoryUpdated` v1, aggregate `sku`: available-to-sell crossed zero or the low-stock
 * threshold. Not recorded for every change: storefronts and partners care about the crossings.
 */
export interface InventoryUpdatedData {
  sku: string;
  stockStatus: StockStatus;
  previousStockStatus: StockStatus;
  /** On hand − committed − live reservations; below zero only when backorders are allowed. */
  availableToSell: number;
  onHand: number;
  committed: number;
  reserved: number;
  lowStockThreshold: number;
}

export interface InventoryEvents {
  InventoryUpdated: InventoryUpdatedData;
}

export type InventoryEventType = keyof InventoryEvents;

export const INVENTORY_EVENT_VERSION = 1;
