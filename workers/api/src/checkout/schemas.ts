import { z } from '@hono/zod-openapi';
import { AddressSchema, CartTokenHeader } from '../carts/schemas';
import { IfMatchHeader } from '../catalog/admin/if-match';
import { MoneySchema } from '../catalog/storefront/schemas';
import { Email } from '../customers/schemas';
import { IdempotentWriteHeader } from '../idempotency/header';
import { IssuedId } from '../openapi/bounded';
import { orNull } from '../openapi/or-null';

const PAYMENT_STATUSES = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'canceled',
  'succeeded',
] as const;

export const CheckoutBody = z
  .strictObject({
    email: Email.openapi({ description: 'Where the receipt and the order confirmation go.' }),
    shippingAddress: AddressSchema.optional().openapi({
      description: "Sets the cart's shipping address first; absent: the one the cart has.",
    }),
    billingAddress: AddressSchema.optional().openapi({ description: 'Absent: the shipping address.' }),
    shippingMethod: z.string().min(1).max(64).optional().openapi({
      description: 'A rate id from `GET /v1/carts/{cartId}/shipping-rates`; absent: the one chosen.',
      example: 'standard',
    }),
    paymentMethod: z
      .string()
      .min(3)
      .max(255)
      .regex(/^pm_[A-Za-z0-9_]+$/, 'must be a Stripe PaymentMethod id (pm_…)')
      .optional()
      .openapi({
        description:
          "Confirms the payment now with this Stripe PaymentMethod (in test mode e.g. `pm_card_visa`). Absent: the shopper's browser confirms with `payment.clientSecret` (Stripe.js), then calls complete.",
        example: 'pm_card_visa',
      }),
  })
  .openapi('CheckoutRequest');

export const PlacedOrderSchema = z
  .object({
    id: IssuedId('ord_01jdqk3v8m2x7c5r9t4b6n0p1s'),
    number: z
      .string()
      .max(20)
      .openapi({ description: 'What people read out to support.', example: '481-042-975' }),
    status: z.enum(['paid', 'on_hold']).openapi({
      description: '`on_hold`: the charge looked risky, and an operator reviews the order before it ships.',
    }),
    accessToken: z.string().max(100).openapi({
      description:
        'Opens the order to a guest: send it as `X-Order-Token` to `GET /v1/orders/{orderId}`. Shown to the holder of the cart only.',
      example: 'Zb1Qm7cR2s9WvX4yKp0tLh8NdFj3Ga6EuIoYnM5rTqw',
    }),
  })
  .openapi('PlacedOrder');

export const CheckoutSchema = z
  .object({
    cartId: IssuedId('cart_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    status: z.enum(['awaiting_payment', 'requires_action', 'completed']).openapi({
      description:
        '`awaiting_payment`: confirm the payment with its client secret, then complete; `requires_action`: the shopper must authenticate (3-D Secure) in the browser first; `completed`: paid, and `order` is the order.',
    }),
    amount: MoneySchema.openapi({
      description: 'What the payment is for: the cart’s grand total as checked out.',
    }),
    payment: z.object({
      id: z.string().max(255).openapi({ example: 'pi_3QdJ8n2eZvKYlo2C1XyZ0aBc' }),
      status: z.enum(PAYMENT_STATUSES),
      clientSecret: orNull(z.string().max(255)).openapi({
        description:
          'For Stripe.js to confirm with in the browser; null once the payment no longer needs it.',
      }),
      nextAction: orNull(z.string().max(64)).openapi({
        description: 'What the shopper must do next, if anything.',
      }),
    }),
    order: orNull(PlacedOrderSchema),
  })
  .openapi('Checkout');

/** Checkout's headers: the cart's token (or a customer's access token), `If-Match`, `Idempotency-Key`. */
export const CheckoutHeaders = CartTokenHeader.extend(IfMatchHeader.shape).extend(
  IdempotentWriteHeader.shape,
);

/** Completion's headers: the cart's token (or a customer's access token). */
export const CompleteHeaders = CartTokenHeader.extend(IdempotentWriteHeader.shape);
