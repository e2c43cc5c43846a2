import type { CartInventory } from '@edge-commerce/cart';

/** Reservations in the SKUs' InventoryObjects, by RPC (ADR 19). */
export function inventoryObjects(namespace: Cloudflare.Env['INVENTORY']): CartInventory {
  return {
    reserve: (sku, cartId, quantity) => namespace.getByName(sku).reserve(cartId, quantity),
    release: (sku, cartId) => namespace.getByName(sku).release(cartId),
    transfer: (sku, fromCartId, toCartId, quantity) =>
      namespace.getByName(sku).transfer(fromCartId, toCartId, quantity),
    commit: (sku, cartId, orderId) => namespace.getByName(sku).commit(cartId, orderId),
  };
}
