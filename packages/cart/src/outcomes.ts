import type { CartView } from './view';

/** A cart as answered: its representation and the strong ETag of exactly that representation. */
export interface CartAnswer {
  ok: true;
  cart: CartView;
  etag: string;
}

/** The cart was created: the only time its token is ever shown. */
export interface CreatedCart extends CartAnswer {
  token: string;
}

/**
 * Why a cart call was refused. `not_found` covers a wrong token as well as no cart: a cart id
 * alone must not tell anyone that the cart exists.
 */
export type CartRefusal =
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'cart_exists' }
  | { ok: false; reason: 'cart_closed'; status: string }
  | { ok: false; reason: 'precondition_failed' }
  | { ok: false; reason: 'line_not_found'; lineId: string }
  | { ok: false; reason: 'unknown_variant'; variantId: string }
  | { ok: false; reason: 'variant_unavailable'; variantId: string; sku: string }
  | { ok: false; reason: 'variant_not_priced'; variantId: string; currency: string }
  | { ok: false; reason: 'line_quantity_exceeded'; variantId: string; requested: number; max: number }
  | { ok: false; reason: 'too_many_lines'; max: number }
  | {
      ok: false;
      reason: 'insufficient_stock';
      variantId: string;
      sku: string;
      requested: number;
      /** The most this cart can hold of the SKU right now (what it holds already counted). */
      available: number;
    }
  | { ok: false; reason: 'catalog_unavailable' }
  | { ok: false; reason: 'inventory_unavailable'; sku: string };

export type CartOutcome = CartAnswer | CartRefusal;
export type CreateCartOutcome = CreatedCart | CartRefusal;

/**
 * What an `If-Match` asks: null for no condition (or `*`, which any existing cart meets), else
 * the strong entity tags one of which must be the cart's current ETag.
 */
export type CartPrecondition = readonly string[] | null;
