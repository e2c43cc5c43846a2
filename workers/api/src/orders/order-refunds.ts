import { catalogWrites, type Database, orders } from '@edge-commerce/db';
import { newId, ORDER_EVENT_VERSION, type OrderRefundedData } from '@edge-commerce/domain';
import type Stripe from 'stripe';
import type { Config } from '../config';
import { ApiError, type FieldError } from '../errors/problem';
import { stripeClientFor } from '../payments/stripe-client';

/** What to give back: everything left (a cancellation), an amount, or units of lines. */
export type RefundRequest =
  | { kind: 'remaining' }
  | { kind: 'amount'; amount: number; reason: string | null }
  | { kind: 'lines'; lines: { lineId: string; quantity: number }[]; reason: string | null };

/** What refunding needs: Stripe's configuration and the database; a request or the cron has both. */
export interface RefundAccess {
  config: Config;
  db: Database;
}

type RefundLine = { lineId: string; sku: string; quantity: number; amount: number };

/**
 * Refunds the order's payment through Stripe and records it with `OrderRefunded`, never above
 * what was captured and never a line's units twice. Decided under the payment row's lock, held
 * across the Stripe call, so two refunds of one order are weighed one after the other; only
 * operators refund, rarely, so holding one row for a round trip costs nothing else.
 *
 * Safe to repeat: the Stripe idempotency key names the amount refunded so far and what is asked,
 * so a call that died after Stripe refunded and before the record reaches the same refund again
 * and records it then. Answers undefined when there was nothing to refund (`remaining` only).
 */
export async function refundOrder(
  { config, db }: RefundAccess,
  order: { id: string; currency: string; lines: { id: string; sku: string }[] },
  orderNumber: string,
  request: RefundRequest,
): Promise<string | undefined> {
  const stripe = await stripeClientFor(config);
  if (!stripe)
    throw new ApiError('payments_unavailable', 'Payments are not configured, so nothing can be refunded.');
  return catalogWrites.transactionWithRetry(db, async (tx) => {
    const payment = await orders.lockRefundablePayment(tx, order.id);
    const remaining = payment ? payment.capturedAmount - payment.refundedAmount : 0;
    if (!payment || remaining <= 0) {
      if (request.kind === 'remaining') return undefined;
      throw new ApiError('refund_rejected', 'Nothing of the order’s payment is left to refund.', {
        refundable: 0,
      });
    }
    const skus = new Map(order.lines.map((line) => [line.id, line.sku]));
    const { amount, lines } =
      request.kind === 'remaining'
        ? { amount: remaining, lines: [] }
        : request.kind === 'amount'
          ? { amount: request.amount, lines: [] }
          : linesToRefund(payment, request.lines, skus);
    if (amount > remaining) {
      throw new ApiError(
        'refund_rejected',
        `${amount} is more than the ${remaining} of the payment left to refund.`,
        { refundable: remaining },
      );
    }
    if (amount <= 0) throw new ApiError('refund_rejected', 'The lines chosen were free: nothing to refund.');
    const idempotencyKey =
      request.kind === 'remaining'
        ? `order-refund:${order.id}:${payment.refundedAmount}`
        : `order-refund:${order.id}:${payment.refundedAmount}:${amount}:${await digest(lines)}`;
    const refund = await createRefund(stripe, payment.providerPaymentId, amount, idempotencyKey);
    const reason = request.kind === 'remaining' ? null : request.reason;
    const data: OrderRefundedData = {
      orderId: order.id,
      orderNumber,
      refundId: refund.id,
      amount: refund.amount,
      currency: order.currency,
      refundedTotal: payment.refundedAmount + refund.amount,
      reason,
      lines,
      refundedAt: new Date().toISOString(),
    };
    await orders.recordOrderRefund(tx, {
      orderId: order.id,
      refundId: refund.id,
      amount: refund.amount,
      reason,
      lines: lines.map(({ lineId, quantity, amount: lineAmount }) => ({
        lineId,
        quantity,
        amount: lineAmount,
      })),
      event: { id: newId('event'), type: 'OrderRefunded', version: ORDER_EVENT_VERSION, data },
    });
    return refund.id;
  });
}

/**
 * Each line's share of what it was paid (its total, after discounts and with tax), pro rata by
 * units; the last units of a line take what is left of its total, so a line refunded in parts
 * adds up to exactly what it cost.
 */
function linesToRefund(
  payment: orders.RefundablePayment,
  asked: { lineId: string; quantity: number }[],
  skus: Map<string, string>,
): { amount: number; lines: RefundLine[] } {
  const byId = new Map(payment.lines.map((line) => [line.id, line]));
  const errors: FieldError[] = [];
  const lines: RefundLine[] = [];
  for (const [index, item] of asked.entries()) {
    const line = byId.get(item.lineId);
    if (!line) {
      errors.push({ path: `lines.${index}.lineId`, message: `the order has no line ${item.lineId}` });
    } else if (lines.some((chosen) => chosen.lineId === item.lineId)) {
      errors.push({ path: `lines.${index}.lineId`, message: `${item.lineId} is named twice` });
    } else if (item.quantity > line.quantity - line.refundedQuantity) {
      errors.push({
        path: `lines.${index}.quantity`,
        message: `${line.quantity - line.refundedQuantity} of the line's ${line.quantity} units are left to refund`,
      });
    } else {
      const last = line.refundedQuantity + item.quantity === line.quantity;
      const amount = last
        ? line.total - line.refundedAmount
        : Math.floor((line.total * item.quantity) / line.quantity);
      lines.push({ lineId: line.id, sku: skus.get(line.id) ?? '', quantity: item.quantity, amount });
    }
  }
  if (errors.length > 0) {
    throw new ApiError(
      'refund_rejected',
      'The lines do not match what the order has left to refund; nothing was refunded.',
      {
        errors,
      },
    );
  }
  return { amount: lines.reduce((sum, line) => sum + line.amount, 0), lines };
}

async function createRefund(
  stripe: Stripe,
  paymentIntent: string,
  amount: number,
  idempotencyKey: string,
): Promise<{ id: string; amount: number }> {
  try {
    return await stripe.refunds.create(
      { payment_intent: paymentIntent, amount, reason: 'requested_by_customer' },
      { idempotencyKey },
    );
  } catch (error) {
    // The SDK is loaded lazily (stripe-client.ts), so its error classes are told apart by type.
    if ((error as { type?: unknown } | null)?.type === 'StripeInvalidRequestError') {
      throw new ApiError(
        'refund_rejected',
        'Stripe refused the refund: the payment may have been refunded outside the shop.',
      );
    }
    throw new ApiError(
      'payments_unavailable',
      'Stripe could not make the refund right now; nothing was refunded yet, so retry.',
      {
        headers: { 'Retry-After': '2' },
      },
    );
  }
}

async function digest(lines: readonly RefundLine[]): Promise<string> {
  const text = lines.map((line) => `${line.lineId}*${line.quantity}`).join(',');
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(hash).slice(0, 12)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
