import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';
import { products } from './products';

export const INVENTORY_POLICIES = ['deny', 'backorder', 'preorder'] as const;

export type InventoryPolicy = (typeof INVENTORY_POLICIES)[number];

/** A sellable variant of a product, identified across systems by its SKU. */
export const variants = pgTable(
  'variants',
  {
    id: text().primaryKey(),
    productId: text()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text().notNull().unique(),
    title: text().notNull(),
    /** Option name → value, e.g. `{ "size": "M", "colour": "Blue" }`. */
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    weightGrams: integer(),
    position: integer().notNull().default(0),
    /** Whether the variant can be sold at all; stock levels arrive with the WMS integration. */
    availableForSale: boolean().notNull().default(true),
    /**
     * Whether the variant may be sold beyond its stock: `deny`, `backorder` (restocked later) or
     * `preorder` (not released yet). Backorder and preorder share the inventory ledger's rule,
     * selling down to minus `oversellLimit`; they differ only in what shoppers are told.
     */
    inventoryPolicy: text().$type<InventoryPolicy>().notNull().default('deny'),
    /** Units that may be sold beyond stock: 0 under `deny`. */
    oversellLimit: integer().notNull().default(0),
    /** `InventoryUpdated` is announced when available to sell crosses it (and zero); 0 = zero only. */
    lowStockThreshold: integer().notNull().default(0),
    pimVersion: bigint({ mode: 'number' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('variants', table.id, 'var'),
    check('variants_weight_non_negative', sql`${table.weightGrams} is null or ${table.weightGrams} >= 0`),
    check(
      'variants_inventory_policy_known',
      sql`${table.inventoryPolicy} in ('deny', 'backorder', 'preorder')`,
    ),
    check('variants_oversell_limit_non_negative', sql`${table.oversellLimit} >= 0`),
    check(
      'variants_oversell_limit_zero_when_denied',
      sql`${table.inventoryPolicy} <> 'deny' or ${table.oversellLimit} = 0`,
    ),
    check('variants_low_stock_threshold_non_negative', sql`${table.lowStockThreshold} >= 0`),
    index('variants_product_idx').on(table.productId, table.position),
    index('variants_options_idx').using('gin', table.options),
  ],
);

export type Variant = typeof variants.$inferSelect;
