import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { jsonParameter } from '../catalog-writes/executor';
import { takeOverPromotionHolds } from '../promotions/holds';
import type { RefusedRedemption } from '../promotions/redeem';

export interface OrderLineToPlace {
  id: string;
  position: number;
  variantId: string;
  sku: string;
  productId: string;
  title: string;
  variantTitle: string;
  quantity: number;
  unitPrice: number;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  discounts: { code: string; amount: number }[];
  fulfilment: 'in_stock' | 'backorder' | 'preorder';
}

export interface PaymentToRecord {
  id: string;
  /** The provider's payment id (`pi_…`). */
  providerPaymentId: string;
  amount: number;
  capturedAmount: number;
  riskLevel: string | null;
  riskScore: number | null;
}

/** A paid cart as the order it becomes: every figure a snapshot of what was paid for. */
export interface OrderToPlace {
  id: string;
  cartId: string;
  customerId: string | null;
  email: string;
  status: 'paid' | 'on_hold';
  currency: string;
  market: string;
  pricesIncludeTax: boolean;
  totals: { subtotal: number; discounts: number; shipping: number; tax: number; grandTotal: number };
  shippingAddress: unknown;
  billingAddress: unknown;
  shippingMethod: unknown;
  /** The codes that took something off: the order takes over the uses its checkout held. */
  promotions: { promotionId: string; code: string; amount: number }[];
  accessTokenHash: string;
  lines: OrderLineToPlace[];
  payment: PaymentToRecord;
  placedAt: Date;
  /** The `OrderCreated` event, given the order's sequence value (its number derives from it). */
  createdEvent: (sequence: number) => { id: string; version: number; data: unknown };
}

export type PlacedOrder =
  /** `placed`: this call wrote it; false: the cart's order existed already (a retried completion). */
  | { ok: true; placed: boolean; orderId: string; sequence: number }
  /** A code was used up (or ended) since the cart applied it: nothing was written. */
  | { ok: false; reason: 'promotion_refused'; refused: RefusedRedemption[] };

/**
 * Places a paid cart's order in one transaction (ADR 29): the order, its lines, its payment, the
 * promotion uses its checkout held, and the `OrderCreated` outbox event, or none of them. Idempotent by the
 * cart: a cart with an order answers that order and writes nothing, and of two racing calls for
 * one cart the second rolls back on the unique `cart_id` (its promotion uses with it).
 *
 * Four round trips, five with promotions: BEGIN; the next order sequence value and any existing
 * order of the cart; the promotion holds taken over (a lapsed one counted again, guarded: one
 * more); one INSERT whose CTEs write the order, lines, payment and event; COMMIT.
 */
export async function placeOrder(db: Database, order: OrderToPlace): Promise<PlacedOrder> {
  try {
    return await insertOrder(db, order);
  } catch (error) {
    if (error instanceof RefusedPromotions)
      return { ok: false, reason: 'promotion_refused', refused: error.refused };
    if (!(error instanceof PlacedMeanwhile)) throw error;
    // Another completion of this cart committed first: its order is the cart's.
    const { rows } = await db.execute<{ id: string; sequence: number }>(sql`
      select id, sequence from orders where cart_id = ${order.cartId}`);
    const existing = rows[0];
    if (!existing) throw new Error(`cart ${order.cartId} lost its order race yet has no order`);
    return { ok: true, placed: false, orderId: existing.id, sequence: Number(existing.sequence) };
  }
}

/** Thrown to roll a completion back when a promotion could not be redeemed. */
class RefusedPromotions extends Error {
  constructor(readonly refused: RefusedRedemption[]) {
    super('promotion refused');
  }
}

/** Thrown to roll a completion back (its promotion uses with it) when the cart's order won a race. */
class PlacedMeanwhile extends Error {}

function insertOrder(db: Database, order: OrderToPlace): Promise<PlacedOrder> {
  return db.transaction(async (tx) => {
    const {
      rows: [start],
    } = await tx.execute<{ sequence: string; existing: { id: string; sequence: number } | null }>(sql`
      select nextval('order_sequence')::text as sequence,
             (select json_build_object('id', o.id, 'sequence', o.sequence) from orders o
              where o.cart_id = ${order.cartId}) as existing`);
    if (!start) throw new Error('nextval returned no row');
    if (start.existing) {
      return {
        ok: true,
        placed: false,
        orderId: start.existing.id,
        sequence: Number(start.existing.sequence),
      };
    }
    const sequence = Number(start.sequence);
    if (order.promotions.length > 0) {
      const refused = await takeOverPromotionHolds(
        tx,
        order.cartId,
        order.id,
        order.promotions.map((promotion) => promotion.promotionId),
      );
      if (refused.length > 0) throw new RefusedPromotions(refused);
    }
    const event = order.createdEvent(sequence);
    const { rows } = await tx.execute<{ id: string }>(sql`
      with placed as (
        insert into orders (id, sequence, cart_id, customer_id, email, status, payment_status, currency, market,
          prices_include_tax, subtotal, discount_total, shipping_total, tax_total, grand_total, shipping_address,
          billing_address, shipping_method, promotions, access_token_hash, risk_level, risk_score, placed_at, updated_at)
        values (${order.id}, ${sequence}, ${order.cartId}, ${order.customerId}, ${order.email}, ${order.status},
          'paid', ${order.currency}, ${order.market}, ${order.pricesIncludeTax}, ${order.totals.subtotal},
          ${order.totals.discounts}, ${order.totals.shipping}, ${order.totals.tax}, ${order.totals.grandTotal},
          ${jsonParameter(order.shippingAddress)}, ${jsonParameter(order.billingAddress)},
          ${jsonParameter(order.shippingMethod)}, ${jsonParameter(order.promotions)}, ${order.accessTokenHash},
          ${order.payment.riskLevel}, ${order.payment.riskScore}, ${order.placedAt}, ${order.placedAt})
        on conflict (cart_id) do nothing
        returning id),
      lines as (
        insert into order_lines (id, order_id, position, variant_id, sku, product_id, title, variant_title,
          quantity, unit_price, subtotal, discount, tax, total, discounts, fulfilment)
        select l.id, p.id, l.position, l."variantId", l.sku, l."productId", l.title, l."variantTitle",
          l.quantity, l."unitPrice", l.subtotal, l.discount, l.tax, l.total, l.discounts, l.fulfilment
        from placed p cross join jsonb_to_recordset(${jsonParameter(order.lines)}) as l(id text, position int,
          "variantId" text, sku text, "productId" text, title text, "variantTitle" text, quantity int,
          "unitPrice" bigint, subtotal bigint, discount bigint, tax bigint, total bigint, discounts jsonb,
          fulfilment text)),
      payment as (
        insert into payments (id, order_id, cart_id, provider_payment_id, amount, currency, captured_amount,
          status, risk_level, risk_score, created_at, updated_at)
        select ${order.payment.id}, p.id, ${order.cartId}, ${order.payment.providerPaymentId},
          ${order.payment.amount}, ${order.currency}, ${order.payment.capturedAmount}, 'succeeded',
          ${order.payment.riskLevel}, ${order.payment.riskScore}, ${order.placedAt}, ${order.placedAt}
        from placed p),
      event as (
        insert into outbox_events (id, type, version, aggregate_type, aggregate_id, data, occurred_at)
        select ${event.id}, 'OrderCreated', ${event.version}, 'order', p.id, ${jsonParameter(event.data)},
          ${order.placedAt}
        from placed p)
      select id from placed`);
    if (rows.length === 0) throw new PlacedMeanwhile();
    return { ok: true, placed: true, orderId: order.id, sequence };
  });
}
