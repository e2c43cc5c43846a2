import {
  applyPromotions,
  type CurrencyCode,
  cartTotals,
  checkPromotion,
  type Money,
  type Promotion,
  type ShippingRate,
  type ShippingRateProvider,
  type TaxCalculator,
} from '@edge-commerce/domain';
import type { CatalogVariant } from './ports';
import type { CartRow, LineRow, StoredAddress } from './rows';
import type { CartLineView, CartPromotionView, CartView, LineAvailability, LineFulfilment } from './view';

export interface PricingInput {
  cart: CartRow;
  lines: readonly LineRow[];
  /** The catalog's variants now, by id (missing or null: the variant left the catalog). */
  variants: ReadonlyMap<string, CatalogVariant | null>;
  promotions: readonly Promotion[];
  now: number;
  tax: TaxCalculator;
  shipping: ShippingRateProvider;
}

interface BuyableLine {
  line: LineRow;
  variant: CatalogVariant | null;
  unitPrice: number;
  buyable: boolean;
}

/**
 * The cart priced now, as the shopper sees it:
 * 1. each line at the catalog's price (lines the catalog no longer sells count in no total);
 * 2. the applied codes checked again (window, minimum subtotal), those that still hold taking
 *    their discounts, explained per line;
 * 3. shipping quoted for the address, after discounts (free-shipping thresholds look at what
 *    the shopper pays for the goods), the chosen rate if it is still offered;
 * 4. tax on what is left of each line and of shipping, added or contained as the market says;
 * 5. the totals, in integer minor units.
 */
export function priceCart(input: PricingInput): { view: CartView; rates: ShippingRate[] } {
  const { cart, now } = input;
  const currency = cart.currency as CurrencyCode;
  const money = (amount: number): Money => ({ amount, currency });

  const priced: BuyableLine[] = input.lines.map((line) => {
    const variant = input.variants.get(line.variant_id) ?? null;
    const price = variant?.sellable ? variant.price : null;
    return { line, variant, unitPrice: price ?? line.unit_price, buyable: price !== null };
  });
  const buyable = priced.filter((entry) => entry.buyable);
  const discountable = buyable.map((entry) => ({
    id: entry.line.id,
    amount: entry.unitPrice * entry.line.quantity,
  }));
  const subtotal = discountable.reduce((sum, line) => sum + line.amount, 0);
  const itemCount = buyable.reduce((sum, entry) => sum + entry.line.quantity, 0);

  const checks = input.promotions.map((promotion) => ({
    promotion,
    check: checkPromotion(promotion, { now: new Date(now), currency, subtotal }),
  }));
  const holding = checks.filter((entry) => entry.check.ok).map((entry) => entry.promotion);

  // Shipping depends on the discounted goods, and free shipping on the shipping: goods first.
  const goodsDiscount = applyPromotions(holding, discountable, 0).total;
  const address = parseAddress(cart.shipping_address);
  const rates =
    address && itemCount > 0
      ? input.shipping.quote({
          currency,
          address: { country: address.country, ...(address.region ? { region: address.region } : {}) },
          subtotal: subtotal - goodsDiscount,
          weightGrams: buyable.reduce((sum, entry) => sum + entry.line.weight_grams * entry.line.quantity, 0),
          itemCount,
        })
      : [];
  const chosen = rates.find((rate) => rate.id === cart.shipping_method) ?? null;
  const applied = applyPromotions(holding, discountable, chosen?.amount ?? 0);
  const discountOf = new Map(applied.lines.map((line) => [line.id, line]));

  const taxQuote = input.tax.quote({
    currency,
    pricesIncludeTax: cart.prices_include_tax === 1,
    address: address
      ? { country: address.country, ...(address.region ? { region: address.region } : {}) }
      : null,
    lines: discountable.map((line) => ({
      id: line.id,
      amount: line.amount - (discountOf.get(line.id)?.discount ?? 0),
    })),
    shipping: (chosen?.amount ?? 0) - applied.shippingDiscount,
  });
  const taxOf = new Map(taxQuote.lines.map((line) => [line.id, line.tax]));

  const totals = cartTotals({
    currency,
    lines: discountable.map((line) => ({
      amount: line.amount,
      discount: discountOf.get(line.id)?.discount ?? 0,
      tax: taxOf.get(line.id) ?? 0,
    })),
    shipping: chosen
      ? { amount: chosen.amount, discount: applied.shippingDiscount, tax: taxQuote.shipping.tax }
      : null,
    pricesIncludeTax: cart.prices_include_tax === 1,
  });

  const lines = priced.map((entry): CartLineView => {
    const { line, variant } = entry;
    const lineSubtotal = entry.unitPrice * line.quantity;
    const discount = entry.buyable ? (discountOf.get(line.id)?.discount ?? 0) : 0;
    const status: LineAvailability = !entry.buyable
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
      unitPrice: money(entry.unitPrice),
      previousUnitPrice: entry.unitPrice !== line.unit_price ? money(line.unit_price) : null,
      subtotal: money(lineSubtotal),
      discount: money(discount),
      discounts: (entry.buyable ? (discountOf.get(line.id)?.allocations ?? []) : []).map((allocation) => ({
        code: allocation.code,
        amount: money(allocation.amount),
      })),
      tax: money(entry.buyable ? (taxOf.get(line.id) ?? 0) : 0),
      total: money(lineSubtotal - discount),
      availability: {
        status,
        reservedUntil: status === 'reserved' ? new Date(line.reserved_until).toISOString() : null,
        fulfilment: fulfilmentOf(variant, line),
      },
    };
  });

  const promotions = checks.map(({ promotion, check }): CartPromotionView => {
    const goods = applied.lines
      .flatMap((line) => line.allocations)
      .filter((allocation) => allocation.promotionId === promotion.id)
      .reduce((sum, allocation) => sum + allocation.amount, 0);
    const shippingPart = check.ok && promotion.kind === 'free_shipping' ? applied.shippingDiscount : 0;
    return {
      code: promotion.code,
      kind: promotion.kind,
      applies: check.ok,
      reason: check.ok ? null : check.reason,
      detail: check.ok ? null : check.detail,
      discount: money(goods + shippingPart),
    };
  });

  return {
    rates,
    view: {
      id: cart.cart_id,
      status: 'open',
      currency,
      market: cart.market,
      pricesIncludeTax: cart.prices_include_tax === 1,
      lines,
      itemCount,
      promotions,
      shippingAddress: address,
      shippingMethod: chosen
        ? {
            id: chosen.id,
            name: chosen.name,
            amount: money(chosen.amount),
            minDays: chosen.minDays,
            maxDays: chosen.maxDays,
          }
        : null,
      totals: {
        subtotal: totals.subtotal,
        discounts: totals.discountTotal,
        shipping: totals.shippingTotal,
        tax: totals.taxTotal,
        grandTotal: totals.grandTotal,
      },
      createdAt: new Date(cart.created_at).toISOString(),
      updatedAt: new Date(cart.updated_at).toISOString(),
    },
  };
}

function fulfilmentOf(variant: CatalogVariant | null, line: LineRow): LineFulfilment {
  if (variant?.inventoryPolicy === 'preorder') return 'preorder';
  return line.beyond_stock === 1 ? 'backorder' : 'in_stock';
}

function parseAddress(stored: string | null): StoredAddress | null {
  return stored === null ? null : (JSON.parse(stored) as StoredAddress);
}
