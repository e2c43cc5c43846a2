export type {
  CheckoutPorts,
  OrderBook,
  OrderDraft,
  OrderDraftLine,
  PaymentGateway,
  PaymentIntentStatus,
  PaymentRequest,
  PaymentState,
  PlaceOrderOutcome,
  RefundedPaymentRecord,
} from './checkout-ports';
export { type CartEvent, CartLedger, type NewCart } from './ledger';
export type * from './outcomes';
export type { CartCatalog, CartInventory, CartPorts, CartSettings, CatalogVariant } from './ports';
export { isLineQuantity, MAX_CART_LINES, MAX_LINE_QUANTITY } from './quantities';
export { digestsEqual, hashCartToken, isCartTokenShaped } from './token';
export type {
  CartLineView,
  CartPromotionView,
  CartShippingMethod,
  CartStatus,
  CartTotals,
  CartView,
  LineAvailability,
  LineFulfilment,
} from './view';
