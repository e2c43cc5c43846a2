import type { CurrencyCode, Money } from '@edge-commerce/domain';
import type { CatalogVariant } from './ports';
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
  discount: Money;
  total: Money;
  availability: { status: LineAvailability; reservedUntil: string | null };
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
  totals: CartTotals;
  createdAt: string;
  updatedAt: string;
}

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
  position: number;
}

/**
 * The cart as shoppers see it: each line priced from the catalog now (`variants`, by variant id;
 * missing: the variant left the catalog), and totals over the lines that can be bought.
 */
export function renderCart(
  cart: CartRow,
  lines: readonly LineRow[],
  variants: ReadonlyMap<string, CatalogVariant | null>,
  now: number,
): CartView {
  const currency = cart.currency as CurrencyCode;
  const amount = (value: number): Money => ({ amount: value, currency });
  let subtotal = 0;
  let itemCount = 0;
  const lineViews = lines.map((line): CartLineView => {
    const variant = variants.get(line.variant_id) ?? null;
    const price = variant?.sellable ? variant.price : null;
    const buyable = price !== null;
    const unitPrice = price ?? line.unit_price;
    const lineSubtotal = unitPrice * line.quantity;
    if (buyable) {
      subtotal += lineSubtotal;
      itemCount += line.quantity;
    }
    const status: LineAvailability = !buyable
      ? 'unavailable'
      : line.reserved_until > now
        ? 'reserved'
        : 'reservation_expired';
    return {
      id: line.id,
      variantId: line.variant_id,
      sku: line.sku,
      productId: line.product_id,
      productHandle: variant?.productHandle ?? line.product_handle,
      title: variant?.productTitle ?? line.product_title,
      variantTitle: variant?.title ?? line.variant_title,
      quantity: line.quantity,
      unitPrice: amount(unitPrice),
      previousUnitPrice: unitPrice !== line.unit_price ? amount(line.unit_price) : null,
      subtotal: amount(lineSubtotal),
      discount: amount(0),
      total: amount(lineSubtotal),
      availability: {
        status,
        reservedUntil: status === 'reserved' ? new Date(line.reserved_until).toISOString() : null,
      },
    };
  });
  return {
    id: cart.cart_id,
    status: cart.status as CartStatus,
    currency,
    market: cart.market,
    pricesIncludeTax: cart.prices_include_tax === 1,
    lines: lineViews,
    itemCount,
    totals: {
      subtotal: amount(subtotal),
      discounts: amount(0),
      shipping: amount(0),
      tax: amount(0),
      grandTotal: amount(subtotal),
    },
    createdAt: new Date(cart.created_at).toISOString(),
    updatedAt: new Date(cart.updated_at).toISOString(),
  };
}

/** The strong ETag of a representation: the SHA-256 of its JSON, base64url, quoted. */
export async function entityTagOf(view: CartView): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(view)));
  return `"${base64url(new Uint8Array(digest))}"`;
}
