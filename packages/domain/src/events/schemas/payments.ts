import { z } from 'zod';
import { amount, currency, eventData, issuedId } from './fields';

/** `PaymentRefunded` v1, aggregate `payment` (the payment's `pay_…` id). */
export const PaymentRefundedV1 = eventData(
  z.object({
    cartId: issuedId('cart', 'The cart the payment was for'),
    providerPaymentId: z
      .string()
      .min(1)
      .describe("The payment provider's id of the payment (Stripe's `pi_…`)."),
    amount: amount('What the payment received, all of it refunded'),
    currency: currency(),
    reason: z
      .enum(['stock_unavailable', 'promotion_refused', 'amount_mismatch', 'superseded'])
      .describe(
        'Why no order: `stock_unavailable`, the stock was gone; `promotion_refused`, a code ran out or ended; `amount_mismatch`, the payment did not match the checkout (amount or currency); `superseded`, it was for a checkout the cart had since replaced.',
      ),
  }),
  'A payment succeeded for a cart that could not become an order, and was refunded in full. No order exists for it.',
  {
    cartId: 'cart_01jdqk1a2b3c4d5e6f7g8h9j0k',
    providerPaymentId: 'pi_3PqLx2Kb9s8Tq1rA0d2EJqRf',
    amount: 9955,
    currency: 'USD',
    reason: 'stock_unavailable',
  },
);
