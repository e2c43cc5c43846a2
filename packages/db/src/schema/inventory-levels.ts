import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * On hand per SKU and stock location as the WMS last reported it: the system of record the
 * InventoryObjects are rebuilt from (ADR 19). `sequence` is the WMS's order of its reports; a
 * level replaces the stored one only with a higher sequence, so redeliveries and out-of-order
 * deliveries cannot move stock backwards.
 *
 * No foreign key to `variants.sku`: a PIM update may remove a variant, and the warehouse still
 * holds the goods; the WMS endpoint refuses levels for SKUs no variant has when they arrive.
 */
export const inventoryLevels = pgTable(
  'inventory_levels',
  {
    sku: text().notNull(),
    location: text().notNull(),
    onHand: bigint({ mode: 'number' }).notNull(),
    sequence: bigint({ mode: 'number' }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.sku, table.location] }),
    check('inventory_levels_on_hand_non_negative', sql`${table.onHand} >= 0`),
    check('inventory_levels_sequence_positive', sql`${table.sequence} > 0`),
  ],
);
