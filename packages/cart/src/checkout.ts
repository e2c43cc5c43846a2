import type { OrderDraft, PaymentState } from './checkout-ports';
import type { CheckoutView, PlacedOrderView } from './outcomes';
import type { CheckoutRow } from './rows';
import type { CartView } from './view';

const RISK_ORDER = ['normal', 'elevated', 'highest'];

/** Whether a charge rated `riskLevel` waits for review under the shop's limit. */
export function isHeldForReview(riskLevel: string | null, limit: 'elevated' | 'highest' | null): boolean {
  if (limit === null || riskLevel === null) return false;
  const rank = RISK_ORDER.indexOf(riskLevel);
  return rank >= 0 && rank >= RISK_ORDER.indexOf(limit);
}

/** The order a paid checkout becomes, from the cart as it was priced for the payment. */
export function orderDraftOf(input: {
  checkout: CheckoutRow;
  customerId: string | null;
  payment: PaymentState;
  holdAtRiskLevel: 'elevated' | 'highest' | null;
  now: number;
}): OrderDraft {
  const { checkout, payment } = input;
  const view = JSON.parse(checkout.priced) as CartView;
  const buyable = view.lines.filter((line) => line.availability.status !== 'unavailable');
  return {
    orderId: checkout.order_id,
    cartId: view.id,
    customerId: input.customerId,
    email: checkout.email,
    status: isHeldForReview(payment.riskLevel, input.holdAtRiskLevel) ? 'on_hold' : 'paid',
    currency: view.currency,
    market: view.market,
    pricesIncludeTax: view.pricesIncludeTax,
    totals: {
      subtotal: view.totals.subtotal.amount,
      discounts: view.totals.discounts.amount,
      shipping: view.totals.shipping.amount,
      tax: view.totals.tax.amount,
      grandTotal: view.totals.grandTotal.amount,
    },
    shippingAddress: view.shippingAddress,
    billingAddress: JSON.parse(checkout.billing_address) as unknown,
    shippingMethod: view.shippingMethod
      ? {
          id: view.shippingMethod.id,
          name: view.shippingMethod.name,
          amount: view.shippingMethod.amount.amount,
          minDays: view.shippingMethod.minDays,
          maxDays: view.shippingMethod.maxDays,
        }
      : null,
    promotions: JSON.parse(checkout.promotions) as OrderDraft['promotions'],
    accessToken: checkout.order_token,
    lines: buyable.map((line, index) => ({
      // The cart line's id is unique already; the order line gets its own kind of id.
      id: `oli_${line.id.slice(line.id.indexOf('_') + 1)}`,
      position: index + 1,
      variantId: line.variantId,
      sku: line.sku,
      productId: line.productId,
      title: line.title,
      variantTitle: line.variantTitle,
      quantity: line.quantity,
      unitPrice: line.unitPrice.amount,
      subtotal: line.subtotal.amount,
      discount: line.discount.amount,
      tax: line.tax.amount,
      total: line.total.amount,
      discounts: line.discounts.map((discount) => ({ code: discount.code, amount: discount.amount.amount })),
      fulfilment: line.availability.fulfilment,
    })),
    payment,
    placedAt: input.now,
  };
}

/** The placed order, as the cart's holder sees it again on every later call. */
export function placedOrderOf(checkout: CheckoutRow): PlacedOrderView | null {
  if (checkout.status !== 'completed' || checkout.order_number === null) return null;
  return {
    id: checkout.order_id,
    number: checkout.order_number,
    status: checkout.order_status ?? 'paid',
    accessToken: checkout.order_token,
  };
}

/** Where the checkout stands, for its answer. */
export function checkoutViewOf(checkout: CheckoutRow, payment: PaymentState | null): CheckoutView {
  const view = JSON.parse(checkout.priced) as CartView;
  const order = placedOrderOf(checkout);
  const status = payment?.status ?? (order ? 'succeeded' : 'requires_payment_method');
  return {
    cartId: view.id,
    status: order ? 'completed' : status === 'requires_action' ? 'requires_action' : 'awaiting_payment',
    amount: { amount: checkout.amount, currency: view.currency },
    payment: {
      id: checkout.payment_id,
      status,
      clientSecret: order ? null : (payment?.clientSecret ?? checkout.client_secret),
      nextAction: order ? null : (payment?.nextAction ?? null),
    },
    order,
  };
}
