import type { AddressError, PromotionRefusal, ShippingRate } from '@edge-commerce/domain';
import type { PaymentIntentStatus } from './checkout-ports';
import type { CartView } from './view';

/** A cart as answered: its representation and the strong ETag of exactly that representation. */
export interface CartAnswer {
  ok: true;
  cart: CartView;
  /** `cart` as JSON text: the bytes `etag` hashes, and what a host can send as they are. */
  body: string;
  etag: string;
  /** The recorded answer to an earlier request with the same Idempotency-Key. */
  replayed?: true;
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
  | { ok: false; reason: 'cart_closed'; status: string; mergedInto?: string; orderId?: string }
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
  | { ok: false; reason: 'unknown_promotion'; code: string }
  | { ok: false; reason: 'promotion_refused'; code: string; refusal: PromotionRefusal; detail: string }
  /** The cart holds another code of the same kind (one of each kind counts). */
  | { ok: false; reason: 'promotion_conflict'; code: string; held: string }
  | { ok: false; reason: 'promotion_not_applied'; code: string }
  | { ok: false; reason: 'invalid_address'; errors: AddressError[] }
  | { ok: false; reason: 'country_not_served'; country: string; countries: string[] }
  | { ok: false; reason: 'shipping_address_required' }
  | { ok: false; reason: 'shipping_method_unavailable'; rateId: string; offered: string[] }
  | { ok: false; reason: 'idempotency_key_reused' }
  | { ok: false; reason: 'catalog_unavailable' }
  | { ok: false; reason: 'inventory_unavailable'; sku: string }
  /** Checkout needs what is listed first (lines to buy, an address, a shipping method). */
  | {
      ok: false;
      reason: 'checkout_incomplete';
      missing: ('lines' | 'shipping_address' | 'shipping_method')[];
    }
  /** A line's variant is no longer sold: remove it before checkout. */
  | { ok: false; reason: 'line_unavailable'; lineId: string; variantId: string }
  /** No payment provider or order book is configured, or one cannot be reached now. */
  | { ok: false; reason: 'payments_unavailable' }
  | { ok: false; reason: 'orders_unavailable' }
  /** The payment was declined: nothing was taken, the stock went back, the cart is open. */
  | { ok: false; reason: 'payment_declined'; code: string; message: string }
  /** The payment has not succeeded yet (waiting for the shopper, or still settling). */
  | { ok: false; reason: 'payment_incomplete'; status: PaymentIntentStatus; nextAction: string | null }
  /** Complete before a checkout opened a payment (or after it failed). */
  | { ok: false; reason: 'checkout_required' }
  /** The cart is being paid for (the payment succeeded or is settling): it cannot change now. */
  | { ok: false; reason: 'payment_in_progress' }
  /** Paid, but the cart could not become an order (stock sold, code used up): refunded in full. */
  | {
      ok: false;
      reason: 'order_refunded';
      cause: 'stock_unavailable' | 'promotion_refused' | 'amount_mismatch';
      detail: string;
    };

export type CartOutcome = CartAnswer | CartRefusal;

/**
 * Who calls a cart: the holder of its token, or a signed-in customer (the Worker verified their
 * access token), which opens only a cart they claimed.
 */
export type CartCaller = { token: string } | { customerId: string };

/** A line a guest cart hands over to the customer's cart in a merge. */
export interface HandedOverLine {
  variantId: string;
  sku: string;
  quantity: number;
}

/** A guest cart closed for a merge: its lines, still reserved under its id until taken over. */
export type HandOverOutcome = { ok: true; lines: HandedOverLine[] } | CartRefusal;
/** The rates the cart may choose from now, cheapest first. */
export type ShippingRatesOutcome = { ok: true; rates: ShippingRate[] } | CartRefusal;
export type CreateCartOutcome = CreatedCart | CartRefusal;

/** The order a cart became: its access token opens it to a guest (the cart's holder sees it again). */
export interface PlacedOrderView {
  id: string;
  number: string;
  status: 'paid' | 'on_hold';
  accessToken: string;
}

/** Where a cart's checkout stands: its payment, and its order once paid. */
export interface CheckoutView {
  cartId: string;
  status: 'awaiting_payment' | 'requires_action' | 'completed';
  amount: { amount: number; currency: string };
  payment: {
    id: string;
    status: PaymentIntentStatus;
    /** For the browser to confirm with (Stripe.js); null once the payment no longer needs it. */
    clientSecret: string | null;
    nextAction: string | null;
  };
  order: PlacedOrderView | null;
}

export type CheckoutOutcome = { ok: true; checkout: CheckoutView } | CartRefusal;
export type CompleteOutcome = { ok: true; order: PlacedOrderView } | CartRefusal;

/** What a shopper sends to check out; the addresses are validated as a cart's address is. */
export interface CheckoutDetails {
  email: string;
  /** Sets the cart's shipping address first; absent: the one it has. */
  shippingAddress?: unknown;
  /** Absent: the shipping address. */
  billingAddress?: unknown;
  /** Chooses a rate first; absent: the one chosen. */
  shippingMethod?: string;
  /** Confirms the payment now with this method (Stripe's `pm_card_visa`); absent: the browser confirms. */
  paymentMethod?: string;
}

/**
 * What an `If-Match` asks: null for no condition (or `*`, which any existing cart meets), else
 * the strong entity tags one of which must be the cart's current ETag.
 */
export type CartPrecondition = readonly string[] | null;

/**
 * A change sent with an `Idempotency-Key`: `fingerprint` names the request (method, path,
 * parameters), so the same key with another request is refused rather than answered wrongly.
 */
export interface IdempotentRequest {
  key: string;
  fingerprint: string;
}
