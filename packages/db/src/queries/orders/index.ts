export {
  type OrderLineToPlace,
  type OrderToPlace,
  type PaymentToRecord,
  type PlacedOrder,
  placeOrder,
} from './place-order';
export { type OrderRecord, readOrder } from './read-order';
export { type RefundedPayment, recordRefundedPayment } from './refunded-payment';
