import type { z } from 'zod';
import type { PaymentRefundedV1 } from './events/schemas/payments';

/**
 * Integration events of payments that have no order, in the envelope of API-CONVENTIONS.md.
 * Written to Postgres's `outbox_events` with the payment's row. Inferred from its zod schema
 * (events/schemas/payments.ts).
 */

/**
 * `PaymentRefunded` v1, aggregate `payment`: a payment succeeded for a cart that could not
 * become an order, and was refunded in full.
 */
export type PaymentRefundedData = z.infer<typeof PaymentRefundedV1>;

export interface PaymentEvents {
  PaymentRefunded: PaymentRefundedData;
}

export const PAYMENT_EVENT_VERSION = 1;
