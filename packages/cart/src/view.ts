import type { Address, CurrencyCode, Money, PromotionKind, PromotionRefusal } from '@edge-commerce/domain';
import { base64url } from './token';

export type LineAvailability =
  /** Stock is held for the line until `reservedUntil`. */
  | 'reserved'
  /** The hold lapsed; the stock may still be there, and checkout reserves again. */
  | 'reservation_expired'
  /** The catalog no longer sells the variant (archived, unavailable, or not priced here). */
  | 'unavailable';

export interface CartLineView {
  id: string;
  variantId: string;
  sku: string;
  productId: string;
  productHandle: string;
  title: string;
  variantTitle: string;
  quantity: number;
  /** The catalog's price now (the last one seen when the variant is unavailable). */
  unitPrice: Money;
  /** The unit price when the line last changed, when the catalog's differs from it; else null. */
  previousUnitPrice: Money | null;
  subtotal: Money;
  /** What the cart's codes take off this line, in all and code by code. */
  discount: Money;
  discounts: { code: string; amount: Money }[];
  /** The line's tax (after its discount): added on top, or contained, as the market prices. */
  tax: Money;
  /** Subtotal less discount. */
  total: Money;
  availability: {
    status: LineAvailability;
    reservedUntil: string | null;
    /**
     * How the line will be fulfilled: from stock, or (for variants the shop sells beyond stock)
     * as a backorder when the reservation went below zero, or as a preorder always.
     */
    fulfilment: LineFulfilment;
  };
}

export type LineFulfilment = 'in_stock' | 'backorder' | 'preorder';

export interface CartPromotionView {
  code: string;
  kind: PromotionKind;
  /** Whether it takes anything off now (a minimum no longer met, a window that closed: not). */
  applies: boolean;
  reason: PromotionRefusal | null;
  detail: string | null;
  /** What it takes off the lines and the shipping. */
  discount: Money;
}

export interface CartShippingMethod {
  id: string;
  name: string;
  amount: Money;
  minDays: number;
  maxDays: number;
}

export interface CartTotals {
  subtotal: Money;
  discounts: Money;
  shipping: Money;
  tax: Money;
  grandTotal: Money;
}

/** Where a cart stands; checkout will add its own states. */
export type CartStatus = 'open';

export interface CartView {
  id: string;
  status: CartStatus;
  currency: CurrencyCode;
  market: string;
  pricesIncludeTax: boolean;
  lines: CartLineView[];
  /** Units across the lines that can be bought. */
  itemCount: number;
  promotions: CartPromotionView[];
  shippingAddress: Address | null;
  /** The chosen rate while it is offered for the cart as it is; null before a choice. */
  shippingMethod: CartShippingMethod | null;
  totals: CartTotals;
  createdAt: string;
  updatedAt: string;
}

/** The strong ETag of a representation: the SHA-256 of its JSON text, base64url, quoted. */
export async function entityTagOf(json: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(json));
  return `"${base64url(new Uint8Array(digest))}"`;
}
