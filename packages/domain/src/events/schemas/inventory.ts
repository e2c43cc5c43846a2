import { z } from 'zod';
import { count, eventData, sku } from './fields';

export const StockStatusSchema = z
  .enum(['in_stock', 'low_stock', 'out_of_stock'])
  .describe("Where available-to-sell stands against zero and the SKU's low-stock threshold.");

/** `InventoryUpdated` v1, aggregate `sku`. */
export const InventoryUpdatedV1 = eventData(
  z.object({
    sku: sku(),
    stockStatus: StockStatusSchema,
    previousStockStatus: StockStatusSchema,
    availableToSell: z
      .int()
      .describe('On hand − committed − live reservations; below zero only when backorders are allowed.'),
    onHand: count('Units on hand across every stock location, as the WMS last reported them.'),
    committed: count('Units sold to orders and not yet shipped.'),
    reserved: count("Units held by live reservations (carts' checkouts)."),
    lowStockThreshold: count('At or below this available-to-sell, the SKU is `low_stock`.'),
  }),
  "A SKU's available-to-sell crossed zero or its low-stock threshold. Recorded only at the crossings, not for every change: storefronts and partners care about the status.",
  {
    sku: 'LS-BLUE-M',
    stockStatus: 'low_stock',
    previousStockStatus: 'in_stock',
    availableToSell: 4,
    onHand: 120,
    committed: 110,
    reserved: 6,
    lowStockThreshold: 5,
  },
);

/** `InventoryShortfallDetected` v1, aggregate `sku`. */
export const InventoryShortfallDetectedV1 = eventData(
  z.object({
    sku: sku(),
    location: z.string().describe('The stock location whose level was reported (`berlin-1`).'),
    locationOnHand: count('The on hand the WMS reported for that location.'),
    sequence: count(
      "The WMS's sequence of that report (its own order of reports), not the envelope's `sequence`.",
    ),
    onHand: count('Units on hand across every location, after the report.'),
    committed: count('Units sold to orders and not yet shipped.'),
    shortfall: z.int().positive().describe('committed − on hand: units sold that are not there.'),
  }),
  'The WMS reported a level that leaves less on hand than is committed to orders. The level is kept as reported, never clamped: operators must find the missing stock or cancel orders.',
  {
    sku: 'LS-BLUE-M',
    location: 'berlin-1',
    locationOnHand: 2,
    sequence: 1043,
    onHand: 10,
    committed: 12,
    shortfall: 2,
  },
);
