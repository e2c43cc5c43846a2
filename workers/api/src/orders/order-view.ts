import type { orders } from '@edge-commerce/db';
import { type OrderNumberKey, orderNumberOf } from '@edge-commerce/domain';
import type { AdminOrder, Order } from './schemas';

/** An order as its customer reads it: every amount as money, no risk score, no token hash. */
export function orderViewOf(record: orders.OrderRecord, key: OrderNumberKey): Order {
  const money = (amount: number) => ({ amount: Number(amount), currency: record.currency });
  return {
    id: record.id,
    number: orderNumberOf(Number(record.sequence), key),
    status: record.status as Order['status'],
    paymentStatus: record.paymentStatus as Order['paymentStatus'],
    email: record.email,
    currency: record.currency,
    market: record.market,
    pricesIncludeTax: record.pricesIncludeTax,
    lines: record.lines.map((line) => ({
      id: line.id,
      variantId: line.variantId,
      sku: line.sku,
      productId: line.productId,
      title: line.title,
      variantTitle: line.variantTitle,
      quantity: line.quantity,
      unitPrice: money(line.unitPrice),
      subtotal: money(line.subtotal),
      discount: money(line.discount),
      discounts: line.discounts.map((discount) => ({ code: discount.code, amount: money(discount.amount) })),
      tax: money(line.tax),
      total: money(line.total),
      fulfilment: line.fulfilment as Order['lines'][number]['fulfilment'],
    })),
    promotions: record.promotions.map((promotion) => ({
      code: promotion.code,
      amount: money(promotion.amount),
    })),
    shippingAddress: record.shippingAddress as Order['shippingAddress'],
    billingAddress: record.billingAddress as Order['billingAddress'],
    shippingMethod: record.shippingMethod
      ? { ...record.shippingMethod, amount: money(record.shippingMethod.amount) }
      : null,
    totals: {
      subtotal: money(record.subtotal),
      discounts: money(record.discountTotal),
      shipping: money(record.shippingTotal),
      tax: money(record.taxTotal),
      grandTotal: money(record.grandTotal),
    },
    shipments: record.shipments.map((shipment) => ({
      id: shipment.id,
      status: shipment.status,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl,
      lines: shipment.lines,
      shippedAt: shipment.shippedAt,
      inTransitAt: shipment.inTransitAt,
      deliveredAt: shipment.deliveredAt,
    })),
    refunds: record.refunds.map((refund) => ({
      id: refund.id,
      amount: money(refund.amount),
      lines: refund.lines.map((line) => ({ ...line, amount: money(line.amount) })),
      createdAt: refund.createdAt,
    })),
    placedAt: record.placedAt,
    updatedAt: record.updatedAt,
  };
}

/** An order as operators see it: the customer's view and who, where from, how risky. */
export function adminOrderViewOf(record: orders.OrderRecord, key: OrderNumberKey): AdminOrder {
  const view = orderViewOf(record, key);
  return {
    ...view,
    refunds: view.refunds.map((refund, index) => ({
      ...refund,
      reason: record.refunds[index]?.reason ?? null,
    })),
    customerId: record.customerId,
    cartId: record.cartId,
    riskLevel: record.riskLevel,
    version: record.version,
  };
}
