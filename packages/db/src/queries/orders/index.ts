export {
  type CancellationToSettle,
  cancellationNotSettled,
  cancellationSettled,
  cancellationsDue,
} from './cancellations';
export { listOrders, type OrderFilters } from './list-orders';
export {
  type OrderLineToPlace,
  type OrderToPlace,
  type PaymentToRecord,
  type PlacedOrder,
  placeOrder,
} from './place-order';
export { type OrderRecord, orderJson, readOrder } from './read-order';
export { type RefundedPayment, recordRefundedPayment } from './refunded-payment';
export {
  advanceShipment,
  allShipmentsDelivered,
  findShipment,
  insertShipment,
  type OrderToShip,
  orderToShip,
  type ShipmentRecord,
  type ShipmentStatus,
  type ShipmentToInsert,
  shipmentsOfOrder,
} from './shipments';
export {
  lockRefundablePayment,
  moveOrder,
  type OrderEventToRecord,
  type OrderPayment,
  paymentOfOrder,
  type RefundablePayment,
  type RefundToRecord,
  recordOrderRefund,
} from './transitions';
