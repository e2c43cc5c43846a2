import { ORDER_STATUSES, PAYMENT_STATUSES } from '@edge-commerce/domain';
import { z } from '@hono/zod-openapi';
import { AddressSchema } from '../carts/schemas';
import { MoneySchema } from '../catalog/storefront/schemas';
import { Text } from '../input/text';
import { Integer, IssuedId, Timestamp } from '../openapi/bounded';
import { orNull } from '../openapi/or-null';
import { OrderShipmentSchema } from './shipments/schemas';

/**
 * A body whose one field is an optional `reason` (cancelling, returning): for the records and
 * the event. The body itself is optional too; `reasonIn` reads what was sent.
 */
export const ReasonBody = (name: string, description: string, example: string) =>
  z
    .strictObject({
      reason: Text({ min: 1, max: 500, trim: true }).optional().openapi({ description, example }),
    })
    .openapi(name);

/** The reason an optional `ReasonBody` carried: null without a body or without a reason. */
export function reasonIn(body: unknown): string | null {
  return (body as { reason?: string } | undefined)?.reason ?? null;
}

export const OrderIdParam = z.object({
  orderId: z
    .string()
    .max(100)
    .openapi({ param: { name: 'orderId', in: 'path' }, example: 'ord_01jdqk3v8m2x7c5r9t4b6n0p1s' }),
});

export const OrderTokenHeader = z.object({
  'x-order-token': z.string().max(200).optional().openapi({
    description:
      'The order’s access token (security scheme `orderToken`), from completion. Without it, the customer’s access token opens their own orders. Neither, or a wrong one: 404.',
  }),
});

const OrderLineSchema = z
  .object({
    id: IssuedId('oli_01jdqk3v8m2x7c5r9t4b6n0p1s'),
    variantId: IssuedId('var_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    sku: z.string().max(100),
    productId: IssuedId('prod_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    title: z.string().max(500),
    variantTitle: z.string().max(500),
    quantity: Integer(1, 9_999),
    unitPrice: MoneySchema,
    subtotal: MoneySchema,
    discount: MoneySchema,
    discounts: z.array(z.object({ code: z.string().max(64), amount: MoneySchema })).max(10),
    tax: MoneySchema,
    total: MoneySchema,
    fulfilment: z.enum(['in_stock', 'backorder', 'preorder']),
  })
  .openapi('OrderLine');

const RefundSchema = z
  .object({
    id: IssuedId('re_3PqLx2Kb9s8Tq1rA0d2EJqRf'),
    amount: MoneySchema,
    lines: z
      .array(
        z.object({
          lineId: IssuedId('oli_01jdqk3v8m2x7c5r9t4b6n0p1s'),
          quantity: Integer(1, 9_999),
          amount: MoneySchema,
        }),
      )
      .max(100)
      .openapi({ description: 'What it gave back per line; empty for a refund of an amount.' }),
    createdAt: Timestamp(),
  })
  .openapi('OrderRefund');

const AdminRefundSchema = RefundSchema.extend({
  reason: orNull(z.string().max(500)).openapi({ description: 'Why, as the operator gave it.' }),
}).openapi('AdminOrderRefund');

export const OrderSchema = z
  .object({
    id: IssuedId('ord_01jdqk3v8m2x7c5r9t4b6n0p1s'),
    number: z.string().max(20).openapi({ example: '481-042-975' }),
    status: z.enum(ORDER_STATUSES),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    email: z.string().max(254),
    currency: z.string().max(3),
    market: z.string().max(100),
    pricesIncludeTax: z.boolean(),
    lines: z.array(OrderLineSchema).max(100),
    promotions: z.array(z.object({ code: z.string().max(64), amount: MoneySchema })).max(10),
    shippingAddress: AddressSchema,
    billingAddress: AddressSchema,
    shippingMethod: orNull(
      z.object({
        id: z.string().max(64),
        name: z.string().max(200),
        amount: MoneySchema,
        minDays: Integer(0, 365),
        maxDays: Integer(0, 365),
      }),
    ),
    totals: z.object({
      subtotal: MoneySchema,
      discounts: MoneySchema,
      shipping: MoneySchema,
      tax: MoneySchema,
      grandTotal: MoneySchema,
    }),
    shipments: z.array(OrderShipmentSchema).max(100).openapi({
      description: 'The parcels the warehouse sent, first shipped first, with their tracking.',
    }),
    refunds: z.array(RefundSchema).max(100).openapi({ description: 'Money given back, oldest first.' }),
    placedAt: Timestamp(),
    updatedAt: Timestamp(),
  })
  .openapi('Order');

export type Order = z.infer<typeof OrderSchema>;

export const OrderList = z
  .object({ data: z.array(OrderSchema).max(100), nextCursor: orNull(z.string().max(1_000)) })
  .openapi('OrderList');

/** An order as operators see it: who placed it, from which cart, and how risky the charge looked. */
export const AdminOrderSchema = OrderSchema.extend({
  customerId: orNull(IssuedId('cus_01jd7x6q2n8v0c4r5s6t7u8v9w')),
  cartId: IssuedId('cart_01jd7x6q2n8v0c4r5s6t7u8v9w'),
  riskLevel: orNull(z.string().max(20)).openapi({
    description: "Stripe Radar's risk level of the charge (`normal`, `elevated`, `highest`), when assessed.",
  }),
  version: Integer(1, 2_147_483_647),
  refunds: z.array(AdminRefundSchema).max(100),
}).openapi('AdminOrder');

export type AdminOrder = z.infer<typeof AdminOrderSchema>;

export const AdminOrderList = z
  .object({ data: z.array(AdminOrderSchema).max(100), nextCursor: orNull(z.string().max(1_000)) })
  .openapi('AdminOrderList');
