import type { InventorySnapshot } from '@edge-commerce/inventory';
import { MAX_QUANTITY } from '@edge-commerce/inventory';
import { z } from '@hono/zod-openapi';
import { Text } from '../input/text';
import { Count, Integer, IssuedId, Timestamp } from '../openapi/bounded';

export const SkuParam = z.object({
  sku: Text({ max: 64 }).openapi({ param: { name: 'sku', in: 'path' }, example: 'LS-BLUE-M' }),
});

/** A SKU's stock as its InventoryObject holds it: what both admin inventory routes answer. */
export const AdminInventory = z
  .object({
    sku: Text({ max: 64 }),
    variantId: IssuedId('var_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    onHand: Count().openapi({ description: 'Across every stock location, as the WMS last reported it.' }),
    committed: Count().openapi({ description: 'Sold and not shipped yet.' }),
    reserved: Count().openapi({ description: 'Held by live cart reservations.' }),
    available: Integer(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).openapi({
      description:
        'On hand − committed − reserved: what can still be sold. Below 0 when backorders were taken ' +
        'or the WMS reported less than is committed; shown as it is, never clamped.',
    }),
    reservations: Count().openapi({ description: 'Live cart reservations.' }),
    backorderLimit: Integer(0, MAX_QUANTITY).openapi({
      description:
        "How far below zero `available` may go, as the object holds it: the variant's `oversellLimit` " +
        'under `backorder` or `preorder`, 0 under `deny`.',
    }),
    lowStockThreshold: Integer(0, MAX_QUANTITY).openapi({
      description: 'The threshold the object announces crossings of, as it holds it.',
    }),
    restoredAt: Timestamp()
      .nullable()
      .openapi({ description: 'When the object was last rebuilt from Postgres; null: never.' }),
  })
  .openapi('AdminInventory');

export type AdminInventory = z.infer<typeof AdminInventory>;

export function adminInventoryOf(sku: string, variantId: string, stock: InventorySnapshot): AdminInventory {
  return {
    sku,
    variantId,
    onHand: stock.onHand,
    committed: stock.committed,
    reserved: stock.reserved,
    available: stock.availableToSell,
    reservations: stock.reservations,
    backorderLimit: stock.backorderLimit,
    lowStockThreshold: stock.lowStockThreshold,
    restoredAt: stock.restoredAt === null ? null : new Date(stock.restoredAt).toISOString(),
  };
}
