import type { Promotion, ShippingRateProvider, TaxCalculator } from '@edge-commerce/domain';
import type {
  CommitOutcome,
  ReleaseOutcome,
  ReserveOutcome,
  TransferOutcome,
} from '@edge-commerce/inventory';
import type { CheckoutPorts } from './checkout-ports';

/** A variant as the catalog sells it now, priced in the cart's currency. */
export interface CatalogVariant {
  id: string;
  sku: string;
  title: string;
  productId: string;
  productHandle: string;
  productTitle: string;
  /** Its product is active and the variant is available for sale. */
  sellable: boolean;
  /** Whether it sells beyond stock: never, as a backorder, or as a preorder (not released yet). */
  inventoryPolicy: 'deny' | 'backorder' | 'preorder';
  weightGrams: number | null;
  /** Minor units of the cart's currency; null: the variant has no price in it now. */
  price: number | null;
  compareAtPrice: number | null;
}

/**
 * Where prices and titles come from: never from the client. The Durable Object host reads
 * through the catalog cache, so a warm catalog answers without a SQL round trip.
 */
export interface CartCatalog {
  /** The variant with its price in force now in `currency`; null when no variant has the id. */
  variant(variantId: string, currency: string): Promise<CatalogVariant | null>;
}

/** Stock reservations, one place per SKU (the InventoryObjects on Workers). */
export interface CartInventory {
  /** Sets the cart's reservation of the SKU to `quantity` (not adds), for the configured TTL. */
  reserve(sku: string, cartId: string, quantity: number): Promise<ReserveOutcome>;
  release(sku: string, cartId: string): Promise<ReleaseOutcome>;
  /** Moves `fromCartId`'s reservation of the SKU to `toCartId`, which then holds up to `quantity`. */
  transfer(sku: string, fromCartId: string, toCartId: string, quantity: number): Promise<TransferOutcome>;
  /** Turns the cart's reservation of the SKU into stock committed to the order, once per order. */
  commit(sku: string, cartId: string, orderId: string): Promise<CommitOutcome>;
}

/** What a cart reaches beyond its own storage. */
export interface CartPorts {
  catalog: CartCatalog;
  inventory: CartInventory;
  /** Tax on every pricing: the built-in rate table, or a tax service's adapter. */
  tax: TaxCalculator;
  /** Shipping rates for the cart's address: the built-in table, or a carrier's adapter. */
  shipping: ShippingRateProvider;
  /** Payments and the system of record; absent, checkout answers `payments_unavailable`. */
  checkout?: CheckoutPorts;
}

export interface CartSettings {
  /** How long after its last change a cart with lines counts as abandoned. */
  abandonAfterMs: number;
  /**
   * Orders whose charge the provider rated at this risk or above wait for review (`on_hold`)
   * instead of going to the warehouse; null: none are held.
   */
  holdAtRiskLevel?: 'elevated' | 'highest' | null;
  /** How long a checkout holds its promotion codes' uses for the payment (the stock's TTL). */
  promotionHoldMs?: number;
}

export type { Promotion };
