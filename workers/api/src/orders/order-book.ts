import { hashCartToken, type OrderBook, type OrderDraft } from '@edge-commerce/cart';
import { createDatabase, type Database, orders, promotions } from '@edge-commerce/db';
import {
  newId,
  ORDER_EVENT_VERSION,
  type OrderCreatedData,
  type OrderNumberKey,
  type OrderPaidData,
  orderNumberOf,
  PAYMENT_EVENT_VERSION,
  type PaymentRefundedData,
} from '@edge-commerce/domain';
import type { Config } from '../config';

/**
 * The checkout's side of Postgres (ADR 29): one transaction per order, the payment refunded for a
 * cart that could not become one recorded beside the others. Each call opens its own connection
 * and closes it: the CartObject that calls holds no socket between calls.
 */
export function postgresOrderBook(
  config: Config,
  key: OrderNumberKey,
  count: (statements: number) => void,
): OrderBook {
  // Each call opens its own connection and closes it, counting its statements for the caller.
  const withConnection = async <T>(work: (db: Database) => Promise<T>): Promise<T> => {
    const handle = createDatabase({
      url: config.DATABASE_URL,
      localWebSocketProxy: config.DATABASE_WS_PROXY,
    });
    try {
      return await work(handle.db);
    } finally {
      count(handle.statementCount());
      await handle.close().catch(() => {});
    }
  };
  return {
    async place(draft) {
      return withConnection(async (db) => {
        const paymentId = newId('payment', draft.placedAt);
        const placed = await orders.placeOrder(db, {
          id: draft.orderId,
          cartId: draft.cartId,
          customerId: draft.customerId,
          email: draft.email,
          status: draft.status,
          currency: draft.currency,
          market: draft.market,
          pricesIncludeTax: draft.pricesIncludeTax,
          totals: draft.totals,
          shippingAddress: draft.shippingAddress,
          billingAddress: draft.billingAddress,
          shippingMethod: draft.shippingMethod,
          promotions: draft.promotions,
          accessTokenHash: await hashCartToken(draft.accessToken),
          lines: draft.lines,
          payment: {
            id: paymentId,
            providerPaymentId: draft.payment.id,
            amount: draft.payment.amount,
            capturedAmount: draft.payment.amountReceived,
            riskLevel: draft.payment.riskLevel,
            riskScore: draft.payment.riskScore,
          },
          placedAt: new Date(draft.placedAt),
          placedEvents: (sequence) => {
            const orderNumber = orderNumberOf(sequence, key);
            return [
              {
                id: newId('event', draft.placedAt),
                type: 'OrderCreated',
                version: ORDER_EVENT_VERSION,
                data: orderCreatedData(draft, orderNumber),
              },
              {
                id: newId('event', draft.placedAt),
                type: 'OrderPaid',
                version: ORDER_EVENT_VERSION,
                data: {
                  orderId: draft.orderId,
                  orderNumber,
                  paymentId,
                  provider: 'stripe',
                  providerPaymentId: draft.payment.id,
                  amount: draft.payment.amountReceived,
                  currency: draft.currency,
                  riskLevel: draft.payment.riskLevel,
                  paidAt: new Date(draft.placedAt).toISOString(),
                } satisfies OrderPaidData,
              },
            ];
          },
        });
        if (!placed.ok) {
          const codes = draft.promotions
            .filter((promotion) =>
              placed.refused.some((refused) => refused.promotionId === promotion.promotionId),
            )
            .map((promotion) => promotion.code);
          return { ok: false, reason: 'promotion_refused', codes };
        }
        return { ok: true, orderId: placed.orderId, orderNumber: orderNumberOf(placed.sequence, key) };
      });
    },

    async holdPromotions(cartId, promotionIds, until) {
      return withConnection(async (db) => {
        const refused = await promotions.holdPromotions(db, cartId, promotionIds, new Date(until));
        return refused.map((refusal) => refusal.promotionId);
      });
    },

    async releasePromotions(cartId) {
      return withConnection(async (db) => {
        await promotions.releasePromotionHolds(db, cartId);
      });
    },

    async recordRefund(record) {
      return withConnection(async (db) => {
        await orders.recordRefundedPayment(db, {
          id: newId('payment'),
          cartId: record.cartId,
          providerPaymentId: record.payment.id,
          amount: record.payment.amountReceived,
          currency: record.payment.currency,
          reason: record.reason,
          event: {
            id: newId('event'),
            version: PAYMENT_EVENT_VERSION,
            data: {
              cartId: record.cartId,
              providerPaymentId: record.payment.id,
              amount: record.payment.amountReceived,
              currency: record.payment.currency,
              reason: record.reason,
            } satisfies PaymentRefundedData,
          },
        });
      });
    },
  };
}

function orderCreatedData(draft: OrderDraft, orderNumber: string): OrderCreatedData {
  return {
    orderId: draft.orderId,
    orderNumber,
    cartId: draft.cartId,
    customerId: draft.customerId,
    email: draft.email,
    status: draft.status,
    currency: draft.currency,
    market: draft.market,
    lines: draft.lines.map((line) => ({
      lineId: line.id,
      variantId: line.variantId,
      sku: line.sku,
      title: line.title,
      variantTitle: line.variantTitle,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount,
      tax: line.tax,
      total: line.total,
    })),
    totals: draft.totals,
    // The checked address the priced cart kept (`validateAddress`); checkout refuses a cart without one.
    shippingAddress: draft.shippingAddress as OrderCreatedData['shippingAddress'],
    shippingMethod: draft.shippingMethod
      ? { id: draft.shippingMethod.id, name: draft.shippingMethod.name, amount: draft.shippingMethod.amount }
      : null,
    placedAt: new Date(draft.placedAt).toISOString(),
  };
}
