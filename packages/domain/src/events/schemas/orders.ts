import { z } from 'zod';
import { amount, currency, eventData, instant, issuedId, orderNumber, quantity, reason, sku } from './fields';

const orderId = () => issuedId('order', 'The order');
const lineId = () => issuedId('orderLine', 'The order line');

export const OrderEventLineSchema = z
  .object({
    lineId: lineId(),
    variantId: issuedId('variant', 'The variant bought'),
    sku: sku(),
    title: z.string().describe("The product's title when the order was placed."),
    variantTitle: z.string().describe("The variant's title when the order was placed (`Blue / M`)."),
    quantity: quantity(),
    unitPrice: amount('The price of one unit'),
    discount: amount("The line's share of every discount"),
    tax: amount(
      "The line's tax after its discount: added on top, or contained in the price where the market's prices include tax",
    ),
    total: amount('Quantity × unit price − discount (tax is in `tax`)'),
  })
  .describe('A line of the order, its money in minor units of the order currency.');

/** The address the order ships to, as the checkout checked and normalised it (`validateAddress`). */
export const OrderAddressSchema = z
  .object({
    firstName: z.string(),
    lastName: z.string(),
    company: z.string().optional(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z
      .string()
      .optional()
      .describe(
        'A state, province or territory code where the country needs one (US, CA, AU); free text elsewhere.',
      ),
    postalCode: z.string().describe("As the country's post writes it; empty where the country has none."),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .describe('ISO 3166-1 alpha-2, upper case.'),
    phone: z.string().optional(),
  })
  .describe('A postal address; optional fields are left out when empty.');

/** `OrderCreated` v1, aggregate `order`. */
export const OrderCreatedV1 = eventData(
  z.object({
    orderId: orderId(),
    orderNumber: orderNumber(),
    cartId: issuedId('cart', 'The cart that became the order'),
    customerId: issuedId('customer')
      .nullable()
      .describe('The signed-in customer who placed it (`cus_…`); null for a guest.'),
    email: z.string().describe('Where the shopper hears about the order.'),
    status: z
      .enum(['paid', 'on_hold'])
      .describe(
        "`paid`: the warehouse may fulfil it; `on_hold`: the charge's risk held it for review until an `OrderReleased` (or `OrderCancelled`).",
      ),
    currency: currency(),
    market: z.string().describe('The handle of the market it was sold in (`us`).'),
    lines: z.array(OrderEventLineSchema).min(1),
    totals: z
      .object({
        subtotal: amount('The lines at their unit prices'),
        discounts: amount('Every discount'),
        shipping: amount('Shipping'),
        tax: amount('Tax'),
        grandTotal: amount('What the shopper paid'),
      })
      .describe('The order totals, in minor units of the order currency.'),
    shippingAddress: OrderAddressSchema,
    shippingMethod: z
      .object({
        id: z.string().describe('The shipping rate chosen (`standard`).'),
        name: z.string(),
        amount: amount('What shipping cost'),
      })
      .nullable()
      .describe('The shipping rate chosen at checkout, or null.'),
    placedAt: instant('When the order was placed'),
  }),
  'A paid cart became an order. What the WMS fulfils from (unless `status` is `on_hold`) and the CRM files under the customer.',
  {
    orderId: 'ord_01jdqk3v8m2x7c5r9t4b6n0p1s',
    orderNumber: '481-042-975',
    cartId: 'cart_01jdqk1a2b3c4d5e6f7g8h9j0k',
    customerId: null,
    email: 'ada@example.com',
    status: 'paid',
    currency: 'USD',
    market: 'us',
    lines: [
      {
        lineId: 'oli_01jdqk3v8m2x7c5r9t4b6n0p1s',
        variantId: 'var_01jd7x6q2n8v0c4r5s6t7u8v9w',
        sku: 'LS-BLUE-M',
        title: 'Linen shirt',
        variantTitle: 'Blue / M',
        quantity: 2,
        unitPrice: 4900,
        discount: 980,
        tax: 635,
        total: 8820,
      },
    ],
    totals: { subtotal: 9800, discounts: 980, shipping: 500, tax: 635, grandTotal: 9955 },
    shippingAddress: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      line1: '1 Infinite Loop',
      city: 'Cupertino',
      region: 'CA',
      postalCode: '95014',
      country: 'US',
    },
    shippingMethod: { id: 'standard', name: 'Standard', amount: 500 },
    placedAt: '2026-11-22T10:00:00.000Z',
  },
);

const ORDER_RELEASED_EXAMPLE = {
  orderId: 'ord_01jdqk3v8m2x7c5r9t4b6n0p1s',
  orderNumber: '481-042-975',
};

/** `OrderPaid` v1, aggregate `order`. */
export const OrderPaidV1 = eventData(
  z.object({
    orderId: orderId(),
    orderNumber: orderNumber(),
    paymentId: issuedId('payment', 'The payment as the shop records it'),
    provider: z.literal('stripe').describe('Who took the money.'),
    providerPaymentId: z.string().min(1).describe("The provider's payment: Stripe's PaymentIntent (`pi_…`)."),
    amount: amount('What the provider captured, in minor units of `currency`'),
    currency: currency(),
    riskLevel: z
      .string()
      .nullable()
      .describe(
        "The provider's risk rating of the charge (`normal`, `elevated`, `highest`), null when none.",
      ),
    paidAt: instant('When the payment was captured and the order placed'),
  }),
  "The order's payment was captured: recorded with `OrderCreated`, in the same transaction, for consumers of money (finance, analytics) that need not read the order.",
  {
    ...ORDER_RELEASED_EXAMPLE,
    paymentId: 'pay_01jdqk3v8m2x7c5r9t4b6n0p1s',
    provider: 'stripe',
    providerPaymentId: 'pi_3QxY2fLkdIwHu7ix0gN1hYfD',
    amount: 4_998,
    currency: 'USD',
    riskLevel: 'normal',
    paidAt: '2026-11-22T10:15:00.000Z',
  },
);

/** `OrderReleased` v1, aggregate `order`. */
export const OrderReleasedV1 = eventData(
  z.object({
    orderId: orderId(),
    orderNumber: orderNumber(),
    releasedAt: instant('When an operator released it'),
  }),
  'An operator released the order to the warehouse: one held for review (`on_hold`) may now be fulfilled. A `paid` order is fulfilled from its `OrderCreated` anyway; releasing it records that the warehouse has it.',
  { ...ORDER_RELEASED_EXAMPLE, releasedAt: '2026-11-22T11:30:00.000Z' },
);

/** `OrderCancelled` v1, aggregate `order`. */
export const OrderCancelledV1 = eventData(
  z.object({
    orderId: orderId(),
    orderNumber: orderNumber(),
    reason: reason('Why, as the shopper or operator gave it; null when they gave none.'),
    cancelledBy: z
      .enum(['customer', 'operator'])
      .describe(
        'Who stopped it: the shopper (before the warehouse had it) or an operator (before it shipped).',
      ),
    cancelledAt: instant('When it was cancelled'),
  }),
  'An order was stopped before anything shipped. Its stock is released and its money refunded (an `OrderRefunded` follows).',
  {
    ...ORDER_RELEASED_EXAMPLE,
    reason: 'Ordered the wrong size',
    cancelledBy: 'customer',
    cancelledAt: '2026-11-22T10:20:00.000Z',
  },
);

/** `OrderRefunded` v1, aggregate `order`. */
export const OrderRefundedV1 = eventData(
  z.object({
    orderId: orderId(),
    orderNumber: orderNumber(),
    refundId: z.string().min(1).describe("The payment provider's id of the refund (Stripe's `re_…`)."),
    amount: amount('What this refund gave back'),
    currency: currency(),
    refundedTotal: amount('All refunded of the order so far, this refund included'),
    reason: reason("Why, as the operator gave it; null for a cancellation's refund or when none was given."),
    lines: z
      .array(
        z.object({
          lineId: lineId(),
          sku: sku(),
          quantity: quantity('Units of the line refunded.'),
          amount: amount("The line's share of the refund"),
        }),
      )
      .describe('What it gave back per line, when it was made by line; empty for a refund of an amount.'),
    refundedAt: instant('When it was refunded'),
  }),
  "Money went back to the shopper, in full or in part: an operator's refund (by amount or by line), or a cancellation's.",
  {
    ...ORDER_RELEASED_EXAMPLE,
    refundId: 're_3PqLx2Kb9s8Tq1rA0d2EJqRf',
    amount: 4728,
    currency: 'USD',
    refundedTotal: 4728,
    reason: 'Arrived damaged',
    lines: [{ lineId: 'oli_01jdqk3v8m2x7c5r9t4b6n0p1s', sku: 'LS-BLUE-M', quantity: 1, amount: 4728 }],
    refundedAt: '2026-11-25T15:00:00.000Z',
  },
);

/** `OrderShipped` v1, aggregate `order`. */
export const OrderShippedV1 = eventData(
  z.object({
    orderId: orderId(),
    orderNumber: orderNumber(),
    status: z
      .enum(['partially_shipped', 'shipped'])
      .describe('Where the order stands after this parcel: `partially_shipped` while lines remain.'),
    shipment: z
      .object({
        shipmentId: issuedId('shipment', 'The parcel'),
        wmsShipmentId: z.string().describe("The WMS's own reference for the parcel."),
        carrier: z.string().describe('`DHL`, `UPS`, …'),
        trackingNumber: z.string(),
        trackingUrl: z
          .url({ protocol: /^https$/ })
          .nullable()
          .describe("The carrier's tracking page (https); null when the WMS gave none."),
        lines: z
          .array(
            z.object({
              lineId: lineId(),
              sku: sku(),
              quantity: quantity('Units of the line in the parcel.'),
            }),
          )
          .min(1),
      })
      .describe('The parcel that left.'),
    shippedAt: instant('When the parcel left, as the WMS reported it'),
  }),
  'The warehouse sent a parcel of the order.',
  {
    ...ORDER_RELEASED_EXAMPLE,
    status: 'shipped',
    shipment: {
      shipmentId: 'shp_01jdr0a1b2c3d4e5f6g7h8j9k0',
      wmsShipmentId: 'WMS-SHP-100424',
      carrier: 'DHL',
      trackingNumber: '00340434161094042557',
      trackingUrl: 'https://track.example/00340434',
      lines: [{ lineId: 'oli_01jdqk3v8m2x7c5r9t4b6n0p1s', sku: 'LS-BLUE-M', quantity: 2 }],
    },
    shippedAt: '2026-12-03T09:30:00.000Z',
  },
);

/** `OrderDelivered` v1, aggregate `order`. */
export const OrderDeliveredV1 = eventData(
  z.object({
    orderId: orderId(),
    orderNumber: orderNumber(),
    deliveredAt: instant('When its last parcel arrived, as the WMS reported it'),
  }),
  'Every parcel of a fully shipped order reached the shopper.',
  { ...ORDER_RELEASED_EXAMPLE, deliveredAt: '2026-12-05T14:02:00.000Z' },
);

/** `OrderReturned` v1, aggregate `order`. */
export const OrderReturnedV1 = eventData(
  z.object({
    orderId: orderId(),
    orderNumber: orderNumber(),
    reason: reason('Why, as the operator recorded it; null when none was given.'),
    returnedAt: instant('When the return was recorded'),
  }),
  'A delivered order came back. Its refund, if any, is an `OrderRefunded` of its own.',
  { ...ORDER_RELEASED_EXAMPLE, reason: 'Too small', returnedAt: '2026-12-10T08:00:00.000Z' },
);
