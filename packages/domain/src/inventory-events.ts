import type { z } from 'zod';
import type {
  InventoryShortfallDetectedV1,
  InventoryUpdatedV1,
  StockStatusSchema,
} from './events/schemas/inventory';

/**
 * Integration events of inventory, relayed in the envelope of API-CONVENTIONS.md like the
 * catalog's. Recorded by each SKU's InventoryObject in its own outbox (the events work relays
 * Durable Object outboxes to QStash). Each type is inferred from its zod schema
 * (events/schemas/inventory.ts).
 */

/** Where available-to-sell stands against zero and the SKU's low-stock threshold. */
export type StockStatus = z.infer<typeof StockStatusSchema>;

/**
 * `InventoryUpdated` v1, aggregate `sku`: available-to-sell crossed zero or the low-stock
 * threshold. Not recorded for every change: storefronts and partners care about the crossings.
 */
export type InventoryUpdatedData = z.infer<typeof InventoryUpdatedV1>;

/**
 * `InventoryShortfallDetected` v1, aggregate `sku`: the WMS reported a level that leaves less on
 * hand than is committed to orders. The level is kept as reported, never clamped: operators
 * must find the missing stock or cancel orders, and this is how they hear of it.
 */
export type InventoryShortfallDetectedData = z.infer<typeof InventoryShortfallDetectedV1>;

export interface InventoryEvents {
  InventoryUpdated: InventoryUpdatedData;
  InventoryShortfallDetected: InventoryShortfallDetectedData;
}

export type InventoryEventType = keyof InventoryEvents;

export const INVENTORY_EVENT_VERSION = 1;
