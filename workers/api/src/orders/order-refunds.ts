import { orders } from '@edge-commerce/db';
import { newId, ORDER_EVENT_VERSION, type OrderRefundedData } from '@edge-commerce/domain';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { stripeClientFor } from '../payments/stripe-client';

/**
 * Refunds what the order's payment still holds (captured less refunded) through Stripe, and
 * records it with `OrderRefunded`. Safe to repeat: the Stripe idempotency key names the amount
 * refunded so far, so a call that died after Stripe refunded and before the record reaches the
 * same refund again and records it then; once all is refunded there is nothing left to do.
 */
export async function refundRemaining(
  c: Context<AppEnv>,
  order: { id: string; currency: string },
  orderNumber: string,
): Promise<void> {
  const db = c.get('database')();
  const payment = await orders.paymentOfOrder(db, order.id);
  if (!payment) return;
  const remaining = payment.capturedAmount - payment.refundedAmount;
  if (remaining <= 0) return;
  const stripe = await stripeClientFor(c.get('config'));
  if (!stripe)
    throw new ApiError('payments_unavailable', 'Payments are not configured, so nothing can be refunded.');
  let refund: { id: string; amount: number };
  try {
    refund = await stripe.refunds.create(
      { payment_intent: payment.providerPaymentId, amount: remaining, reason: 'requested_by_customer' },
      { idempotencyKey: `order-refund:${order.id}:${payment.refundedAmount}` },
    );
  } catch {
    throw new ApiError(
      'payments_unavailable',
      'Stripe could not refund the payment right now; the order is cancelled and the refund is made when this is retried.',
      { headers: { 'Retry-After': '2' } },
    );
  }
  const data: OrderRefundedData = {
    orderId: order.id,
    orderNumber,
    refundId: refund.id,
    amount: refund.amount,
    currency: order.currency,
    refundedTotal: payment.refundedAmount + refund.amount,
    refundedAt: new Date().toISOString(),
  };
  await orders.recordOrderRefund(db, {
    orderId: order.id,
    refundId: refund.id,
    amount: refund.amount,
    event: { id: newId('event'), type: 'OrderRefunded', version: ORDER_EVENT_VERSION, data },
  });
}
