/**
 * What a cart's checkout reaches beyond the cart (ADR 29): the payment provider and the system
 * of record. Both are optional in `CartPorts`: a host without them refuses checkout with
 * `payments_unavailable` rather than pretending.
 */

/** A PaymentIntent's status, as Stripe names them. */
export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

/** A payment as the provider holds it now (never a webhook's snapshot of it then). */
export interface PaymentState {
  id: string;
  status: PaymentIntentStatus;
  amount: number;
  amountReceived: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** What the shopper's browser confirms with; null once it is of no use. */
  clientSecret: string | null;
  /** The cart the payment was opened for (its metadata), if it names one. */
  cartId: string | null;
  /** The charge's risk as the provider assessed it (`normal`, `elevated`, `highest`), when it did. */
  riskLevel: string | null;
  riskScore: number | null;
  /** Why the last attempt failed (a decline), when it did. */
  failure: { code: string; message: string } | null;
  /** What the shopper must do next (`redirect_to_url`, `use_stripe_sdk`), when anything. */
  nextAction: string | null;
}

export interface PaymentRequest {
  cartId: string;
  amount: number;
  currency: string;
  email: string;
  /** A payment method to confirm with now (`pm_card_visa`); absent: the browser confirms. */
  paymentMethod?: string;
  /** The same for every retry of one attempt, and new for each attempt. */
  idempotencyKey: string;
}

export interface PaymentGateway {
  /** Opens a payment (and confirms it when a method is given): declines answer, never throw. */
  open(request: PaymentRequest): Promise<PaymentState>;
  retrieve(paymentId: string): Promise<PaymentState>;
  /** Cancels the payment if it still can be; answers its state either way. */
  cancel(paymentId: string): Promise<PaymentState>;
  /** Refunds the whole payment, once per key. */
  refund(paymentId: string, idempotencyKey: string): Promise<void>;
}

/** A line of the order, priced as it was paid for. */
export interface OrderDraftLine {
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

/** A paid cart, ready to become its order. */
export interface OrderDraft {
  orderId: string;
  cartId: string;
  customerId: string | null;
  email: string;
  /** `on_hold` when the charge's risk is at or above the shop's limit. */
  status: 'paid' | 'on_hold';
  currency: string;
  market: string;
  pricesIncludeTax: boolean;
  totals: { subtotal: number; discounts: number; shipping: number; tax: number; grandTotal: number };
  shippingAddress: unknown;
  billingAddress: unknown;
  shippingMethod: { id: string; name: string; amount: number; minDays: number; maxDays: number } | null;
  promotions: { promotionId: string; code: string; amount: number }[];
  /** The guest's access token (the book keeps only its hash). */
  accessToken: string;
  lines: OrderDraftLine[];
  payment: PaymentState;
  placedAt: number;
}

export type PlaceOrderOutcome =
  | { ok: true; orderId: string; orderNumber: string }
  /** A code ran out (or ended) since checkout: nothing was written. */
  | { ok: false; reason: 'promotion_refused'; codes: string[] };

/** A payment refunded because its cart could not become an order. */
export interface RefundedPaymentRecord {
  cartId: string;
  payment: PaymentState;
  reason: 'stock_unavailable' | 'promotion_refused' | 'amount_mismatch' | 'superseded';
}

/** The system of record's side of checkout. */
export interface OrderBook {
  /** Places the order, once per cart: a second call answers the first order. */
  place(draft: OrderDraft): Promise<PlaceOrderOutcome>;
  /** Records a payment refunded without an order (and its event), once per payment. */
  recordRefund(record: RefundedPaymentRecord): Promise<void>;
  /**
   * Holds one use of each promotion for the cart's checkout until `until` (epoch ms), and gives
   * back the cart's holds of other codes; answers the ids of those refused (used up), holding none.
   */
  holdPromotions(cartId: string, promotionIds: readonly string[], until: number): Promise<string[]>;
  /** Gives back the uses the cart's checkout held (no order took them). */
  releasePromotions(cartId: string): Promise<void>;
}

export interface CheckoutPorts {
  payments: PaymentGateway;
  orders: OrderBook;
}
