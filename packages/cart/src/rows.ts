import type { Address } from '@edge-commerce/domain';

/** The cart's row, as its SQLite table holds it. */
export interface CartRow {
  [column: string]: string | number | null;
  cart_id: string;
  token_hash: string;
  currency: string;
  market: string;
  prices_include_tax: number;
  status: string;
  version: number;
  created_at: number;
  updated_at: number;
  abandon_at: number | null;
  abandoned_version: number | null;
  /** JSON list of the market's countries. */
  countries: string;
  /** JSON of a validated `Address`, or null. */
  shipping_address: string | null;
  /** The chosen shipping rate's id, or null. */
  shipping_method: string | null;
}

export interface LineRow {
  [column: string]: string | number | null;
  id: string;
  variant_id: string;
  sku: string;
  product_id: string;
  product_handle: string;
  product_title: string;
  variant_title: string;
  quantity: number;
  unit_price: number;
  reserved_until: number;
  weight_grams: number;
  /** 1 when the reservation took the SKU below zero: the line waits for stock to arrive. */
  beyond_stock: number;
  position: number;
}

export type StoredAddress = Address;

/** Who claimed the cart, and the cart that took its lines if it was merged. */
export interface ClaimRow {
  [column: string]: string | number | null;
  customer_id: string;
  claimed_at: number;
  merged_into: string | null;
}

/** The cart's checkout: its current payment and the order it becomes (`cart_checkout`). */
export interface CheckoutRow {
  [column: string]: string | number | null;
  attempt: number;
  status: 'awaiting_payment' | 'failed' | 'cancelled' | 'completed';
  payment_id: string;
  client_secret: string | null;
  amount: number;
  cart_version: number;
  email: string;
  /** JSON of the validated billing address. */
  billing_address: string;
  /** JSON of the CartView the payment was opened for. */
  priced: string;
  /** JSON of `[{ promotionId, code, amount }]`: the codes that took something off. */
  promotions: string;
  order_id: string;
  order_token: string;
  order_number: string | null;
  order_status: 'paid' | 'on_hold' | null;
}
