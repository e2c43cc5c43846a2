import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { jsonParameter, textArray } from '../catalog-writes/executor';
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
  /**
   * The events of the placing, in order (`OrderCreated`, then `OrderPaid`), given the order's
   * sequence value (its number derives from it).
   */
  placedEvents: (sequence: number) => { id: string; type: string; version: number; data: unknown }[];
}

export type PlacedOrder =
  /** `placed`: this call wrote it; false: the cart's order existed already (a retried completion). */
  | { ok: true; placed: boolean; orderId: string; sequence: number }
  /** A code was used up (or ended) since the cart applied it: nothing was written. */
  | { ok: false; reason: 'promotion_refused'; refused: RefusedRedemption[] };

/**
 * Places a paid cart's order (ADR 29): the order, its lines, its payment, the promotion uses its
 * checkout held, and the `OrderCreated` outbox event, all or none. Idempotent by the cart: a
 * cart with an order answers that order and writes nothing; of two racing calls for one cart,
 * the unique `cart_id` lets one insert win.
 *
 * Two round trips: the next order sequence value with any existing order of the cart; then one
 * statement (atomic on its own) whose CTEs take over the checkout's code holds and, only if it
 * took them all, write the order, lines, payment and event. A hold that lapsed meanwhile (given
 * back by the cron) sends the order the slow way: one transaction that counts the code's use
 * again, guarded, and refuses the order if the code ran out.
 */
export async function placeOrder(db: Database, order: OrderToPlace): Promise<PlacedOrder> {
  const {
    rows: [start],
  } = await db.execute<{ sequence: string; existing: { id: string; sequence: number } | null }>(sql`
    select nextval('order_sequence')::text as sequence,
           (select json_build_object('id', o.id, 'sequence', o.sequence) from orders o
            where o.cart_id = ${order.cartId}) as existing`);
  if (!start) throw new Error('nextval returned no row');
  if (start.existing) return placedAlready(start.existing);
  const sequence = Number(start.sequence);
  const promotionIds = order.promotions.map((promotion) => promotion.promotionId);
  const {
    rows: [written],
  } = await db.execute<{ taken: number; placed: string | null }>(sql`
    with taken as (${takeOverHolds(order, promotionIds)}),
    ${orderInserts(order, sequence, sql`(select count(*) from taken) = ${promotionIds.length}`)}
    select (select count(*)::int from taken) as taken, (select id from placed) as placed`);
  if (written?.placed) return { ok: true, placed: true, orderId: order.id, sequence };
  if ((written?.taken ?? 0) === promotionIds.length) return placedMeanwhile(db, order.cartId);
  return placeWithLapsedHolds(db, order, sequence, promotionIds);
}

/** The checkout's holds of the order's codes, made the order's (UPDATE … RETURNING). */
function takeOverHolds(order: OrderToPlace, promotionIds: readonly string[]): SQL {
  return sql`
    update promotion_holds set order_id = ${order.id}
    where cart_id = ${order.cartId} and promotion_id in (select unnest(${textArray(promotionIds)}))
      and (order_id is null or order_id = ${order.id})
    returning promotion_id`;
}

/** The CTEs `placed`, `lines`, `payment` and `event`: the order written only `when` holds. */
function orderInserts(order: OrderToPlace, sequence: number, when: SQL): SQL {
  const events = order.placedEvents(sequence);
  return sql`
    placed as (
      insert into orders (id, sequence, cart_id, customer_id, email, status, payment_status, currency, market,
        prices_include_tax, subtotal, discount_total, shipping_total, tax_total, grand_total, shipping_address,
        billing_address, shipping_method, promotions, access_token_hash, risk_level, risk_score, placed_at, updated_at)
      select ${order.id}, ${sequence}, ${order.cartId}, ${order.customerId}, ${order.email}, ${order.status},
        'paid', ${order.currency}, ${order.market}, ${order.pricesIncludeTax}, ${order.totals.subtotal},
        ${order.totals.discounts}, ${order.totals.shipping}, ${order.totals.tax}, ${order.totals.grandTotal},
        ${jsonParameter(order.shippingAddress)}, ${jsonParameter(order.billingAddress)},
        ${jsonParameter(order.shippingMethod)}, ${jsonParameter(order.promotions)}, ${order.accessTokenHash},
        ${order.payment.riskLevel}, ${order.payment.riskScore}, ${order.placedAt}, ${order.placedAt}
      where ${when}
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
      select e.id, e.type, e.version, 'order', p.id, e.data, ${order.placedAt}
      from placed p
        cross join rows from (jsonb_to_recordset(${jsonParameter(events)})
          as (id text, type text, version int, data jsonb)) with ordinality as e(id, type, version, data, position)
      order by e.position)`;
}

/**
 * The slow way, for codes whose hold lapsed: one transaction counts each such code's use again
 * (guarded: it may have run out meanwhile, and then nothing is written) and writes the order.
 */
async function placeWithLapsedHolds(
  db: Database,
  order: OrderToPlace,
  sequence: number,
  promotionIds: readonly string[],
): Promise<PlacedOrder> {
  try {
    await db.transaction(async (tx) => {
      const refused = await takeOverPromotionHolds(tx, order.cartId, order.id, promotionIds);
      if (refused.length > 0) throw new RefusedPromotions(refused);
      const { rows } = await tx.execute<{ id: string }>(sql`
        with ${orderInserts(order, sequence, sql`true`)}
        select id from placed`);
      if (rows.length === 0) throw new PlacedMeanwhile();
    });
    return { ok: true, placed: true, orderId: order.id, sequence };
  } catch (error) {
    if (error instanceof RefusedPromotions) {
      // The fast statement took over the holds it found for an order that will not exist: they
      // are the checkout's again, for the refund to give back (or the cron, once they lapse).
      await db.execute(sql`
        update promotion_holds set order_id = null where cart_id = ${order.cartId} and order_id = ${order.id}`);
      return { ok: false, reason: 'promotion_refused', refused: error.refused };
    }
    if (error instanceof PlacedMeanwhile) return placedMeanwhile(db, order.cartId);
    throw error;
  }
}

function placedAlready(existing: { id: string; sequence: number }): PlacedOrder {
  return { ok: true, placed: false, orderId: existing.id, sequence: Number(existing.sequence) };
}

/** Another completion of this cart committed first: its order is the cart's. */
async function placedMeanwhile(db: Database, cartId: string): Promise<PlacedOrder> {
  const { rows } = await db.execute<{ id: string; sequence: number }>(sql`
    select id, sequence from orders where cart_id = ${cartId}`);
  const existing = rows[0];
  if (!existing) throw new Error(`cart ${cartId} lost its order race yet has no order`);
  return placedAlready(existing);
}

/** Thrown to roll the slow way back when a code could not be counted again. */
class RefusedPromotions extends Error {
  constructor(readonly refused: RefusedRedemption[]) {
    super('promotion refused');
  }
}

/** Thrown to roll the slow way back (its code uses with it) when the cart's order won a race. */
class PlacedMeanwhile extends Error {}
