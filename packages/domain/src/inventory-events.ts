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

/**
 * `InventoryShortfallDetected` v1, aggregate `sku`: the WMS reported a level that leaves less on
 * hand than is committed to orders. The level is kept as reported, never clamped: operators
 * must find the missing stock or cancel orders, and this is how they hear of it.
 */
export interface InventoryShortfallDetectedData {
  sku: string;
  /** The location whose level was reported, its new on hand and the report's sequence. */
  location: string;
  locationOnHand: number;
  sequence: number;
  /** Across every location, after the level. */
  onHand: number;
  committed: number;
  /** committed − on hand: units sold that are not there. */
  shortfall: number;
}

export interface InventoryEvents {
  InventoryUpdated: InventoryUpdatedData;
  InventoryShortfallDetected: InventoryShortfallDetectedData;
}

export type InventoryEventType = keyof InventoryEvents;

export const INVENTORY_EVENT_VERSION = 1;
