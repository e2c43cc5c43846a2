import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';
import { isoTimestamp } from '../catalog-writes/executor';
import type { OrderLineToPlace } from './place-order';
import { type ShipmentRecord, shipmentJson } from './shipments';

/** An order as stored, with its lines in order and what the API needs to decide who may see it. */
export interface OrderRecord {
  id: string;
  sequence: number;
  cartId: string;
  customerId: string | null;
  email: string;
  status: string;
  paymentStatus: string;
  currency: string;
  market: string;
  pricesIncludeTax: boolean;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  grandTotal: number;
  shippingAddress: unknown;
  billingAddress: unknown;
  shippingMethod: { id: string; name: string; amount: number; minDays: number; maxDays: number } | null;
  promotions: { promotionId: string; code: string; amount: number }[];
  accessTokenHash: string;
  riskLevel: string | null;
  placedAt: string;
  updatedAt: string;
  version: number;
  lines: Omit<OrderLineToPlace, 'position'>[];
  /** Its parcels, first shipped first. */
  shipments: ShipmentRecord[];
  /** Money given back, oldest first; `lines` when the refund was made by line. */
  refunds: {
    id: string;
    amount: number;
    reason: string | null;
    createdAt: string;
    lines: { lineId: string; quantity: number; amount: number }[];
  }[];
}

/** An order row `o` with its lines, parcels and refunds, as one JSON object (`OrderRecord`). */
export const orderJson: SQL = sql`json_build_object(
  'id', o.id, 'sequence', o.sequence, 'cartId', o.cart_id, 'customerId', o.customer_id, 'email', o.email,
  'status', o.status, 'paymentStatus', o.payment_status, 'currency', o.currency, 'market', o.market,
  'pricesIncludeTax', o.prices_include_tax, 'subtotal', o.subtotal, 'discountTotal', o.discount_total,
  'shippingTotal', o.shipping_total, 'taxTotal', o.tax_total, 'grandTotal', o.grand_total,
  'shippingAddress', o.shipping_address, 'billingAddress', o.billing_address,
  'shippingMethod', o.shipping_method, 'promotions', o.promotions, 'accessTokenHash', o.access_token_hash,
  'riskLevel', o.risk_level, 'placedAt', ${isoTimestamp(sql`o.placed_at`)},
  'updatedAt', ${isoTimestamp(sql`o.updated_at`)}, 'version', o.version,
  'lines', coalesce((
    select json_agg(json_build_object(
      'id', l.id, 'variantId', l.variant_id, 'sku', l.sku, 'productId', l.product_id, 'title', l.title,
      'variantTitle', l.variant_title, 'quantity', l.quantity, 'unitPrice', l.unit_price,
      'subtotal', l.subtotal, 'discount', l.discount, 'tax', l.tax, 'total', l.total,
      'discounts', l.discounts, 'fulfilment', l.fulfilment) order by l.position)
    from order_lines l where l.order_id = o.id), '[]'::json),
  'shipments', coalesce((
    select json_agg(${shipmentJson} order by s.shipped_at, s.id) from shipments s where s.order_id = o.id), '[]'::json),
  'refunds', coalesce((
    select json_agg(json_build_object('id', r.id, 'amount', r.amount, 'reason', r.reason,
      'createdAt', ${isoTimestamp(sql`r.created_at`)},
      'lines', coalesce((select json_agg(json_build_object('lineId', rl.order_line_id, 'quantity', rl.quantity,
        'amount', rl.amount) order by rl.order_line_id) from payment_refund_lines rl where rl.refund_id = r.id), '[]'::json))
      order by r.created_at, r.id)
    from payment_refunds r join payments p on p.id = r.payment_id where p.order_id = o.id), '[]'::json))`;

/** The order with its lines, in one statement; undefined when no order has the id. */
export async function readOrder(db: Executor, orderId: string): Promise<OrderRecord | undefined> {
  const { rows } = await db.execute<{ order: OrderRecord }>(sql`
    select ${orderJson} as order from orders o where o.id = ${orderId}`);
  return rows[0]?.order;
}
