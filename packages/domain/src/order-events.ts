import type { z } from 'zod';
import type {
  OrderAddressSchema,
  OrderCancelledV1,
  OrderCreatedV1,
  OrderDeliveredV1,
  OrderEventLineSchema,
  OrderPaidV1,
  OrderRefundedV1,
  OrderReleasedV1,
  OrderReturnedV1,
  OrderShippedV1,
} from './events/schemas/orders';

/**
 * Integration events of orders, in the envelope of API-CONVENTIONS.md. Written to Postgres's
 * `outbox_events` in the transaction that makes the change (the events work relays them). Each
 * type is inferred from its zod schema (events/schemas/orders.ts), which says what every field
 * means; money is integer minor units of the order's currency.
 */

/** A line of an order as the order events carry it. */
export type OrderEventLine = z.infer<typeof OrderEventLineSchema>;

/** The address an order ships to, as `OrderCreated` carries it. */
export type OrderEventAddress = z.infer<typeof OrderAddressSchema>;

/**
 * `OrderCreated` v1, aggregate `order`: a paid cart became an order. What the WMS fulfils from
 * (unless `status` is `on_hold`) and the CRM files under the customer.
 */
export type OrderCreatedData = z.infer<typeof OrderCreatedV1>;

/** `OrderPaid` v1: the order's payment was captured; recorded with `OrderCreated`. */
export type OrderPaidData = z.infer<typeof OrderPaidV1>;

/** `OrderReleased` v1: an order held for review (or paid) goes to the warehouse. */
export type OrderReleasedData = z.infer<typeof OrderReleasedV1>;

/** `OrderCancelled` v1: stopped before anything shipped; its stock is released, its money refunded. */
export type OrderCancelledData = z.infer<typeof OrderCancelledV1>;

/** `OrderRefunded` v1: money went back to the shopper, in full or in part. */
export type OrderRefundedData = z.infer<typeof OrderRefundedV1>;

/** `OrderReturned` v1: a delivered order came back (its refund is an `OrderRefunded` of its own). */
export type OrderReturnedData = z.infer<typeof OrderReturnedV1>;

/**
 * `OrderShipped` v1: the WMS sent a parcel of the order. `status` is where the order stands
 * after it: `partially_shipped` while lines remain, `shipped` once everything left.
 */
export type OrderShippedData = z.infer<typeof OrderShippedV1>;

/** A parcel as the order events carry it. */
export type OrderShipmentData = OrderShippedData['shipment'];

/** `OrderDelivered` v1: every parcel of a fully shipped order reached the shopper. */
export type OrderDeliveredData = z.infer<typeof OrderDeliveredV1>;

export interface OrderEvents {
  OrderCreated: OrderCreatedData;
  OrderPaid: OrderPaidData;
  OrderReleased: OrderReleasedData;
  OrderCancelled: OrderCancelledData;
  OrderRefunded: OrderRefundedData;
  OrderShipped: OrderShippedData;
  OrderDelivered: OrderDeliveredData;
  OrderReturned: OrderReturnedData;
}

export const ORDER_EVENT_VERSION = 1;
