import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '@edge-commerce/cart';
import { z } from '@hono/zod-openapi';
import { IfMatchHeader } from '../catalog/admin/if-match';
import { MoneySchema } from '../catalog/storefront/schemas';
import { IdempotencyKey } from '../input/idempotency-key';
import { Text } from '../input/text';
import { Count, Integer, IssuedId, StoredHandle, Timestamp } from '../openapi/bounded';
import { orNull } from '../openapi/or-null';
import { EXAMPLE_VARIANT_ID } from './example';

const Quantity = (description: string) =>
  z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`)
    .openapi({ description, example: 2, format: 'int32' });

export const NewCartBody = z
  .strictObject({
    currency: z
      .string()
      .max(3)
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code in capitals, such as USD')
      .optional()
      .openapi({ description: 'Prices of the cart, ISO 4217; a market must sell in it.', example: 'USD' }),
    market: Text({ min: 1, max: 100 }).optional().openapi({
      description: "Market handle: the cart's prices and tax rules are the market's.",
      example: 'us',
    }),
  })
  .openapi('NewCart');

export const NewLineBody = z
  .strictObject({
    variantId: Text({ min: 1, max: 100 }).openapi({ example: EXAMPLE_VARIANT_ID }),
    quantity: Quantity(
      'How many to add. A variant already in the cart has its line raised by this much, up to ' +
        `${MAX_LINE_QUANTITY} in one line.`,
    ),
  })
  .openapi('NewCartLine');

export const LinePatchBody = z
  .strictObject({ quantity: Quantity('The new quantity of the line. To remove the line, DELETE it.') })
  .openapi('CartLinePatch');

export const CartIdParam = z.object({
  cartId: Text({ max: 100 }).openapi({
    param: { name: 'cartId', in: 'path' },
    example: 'cart_01jd7x6q2n8v0c4r5s6t7u8v9w',
  }),
});

export const CartLineParams = CartIdParam.extend({
  lineId: Text({ max: 100 }).openapi({
    param: { name: 'lineId', in: 'path' },
    example: 'line_01jd7x6q2n8v0c4r5s6t7u8v9w',
  }),
});

const Field = (max: number, example: string) => Text({ min: 1, max, trim: true }).openapi({ example });

/** A postal address; each country's rules (required fields, postal code shape) are checked too. */
export const AddressSchema = z
  .strictObject({
    firstName: Field(100, 'Ada'),
    lastName: Field(100, 'Lovelace'),
    company: Field(200, 'Analytical Engines Ltd').optional(),
    line1: Field(200, '12 St James’s Square'),
    line2: Field(200, 'Flat 3').optional(),
    city: Field(100, 'London'),
    region: Field(100, 'CA').optional().openapi({
      description: 'State, province or territory code where the country needs one (US, CA, AU).',
    }),
    postalCode: Field(20, 'SW1Y 4JH'),
    country: z
      .string()
      .max(2)
      .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as GB')
      .openapi({ example: 'GB' }),
    phone: Field(30, '+44 20 7946 0000').optional(),
  })
  .openapi('Address');

const ShippingRateSchema = z
  .object({
    id: z.string().max(64).openapi({ example: 'standard' }),
    name: z.string().max(200).openapi({ example: 'Standard' }),
    amount: MoneySchema,
    minDays: Integer(0, 365),
    maxDays: Integer(0, 365),
  })
  .openapi('ShippingRate');

const ShippingMethodSchema = ShippingRateSchema.openapi('CartShippingMethod');

export const ShippingRatesSchema = z
  .object({ data: z.array(ShippingRateSchema).max(20) })
  .openapi('ShippingRates', { description: 'The rates the cart may choose from now, cheapest first.' });

const CartPromotionSchema = z
  .object({
    code: z.string().max(64).openapi({ example: 'SUMMER10' }),
    kind: z.enum(['percentage', 'fixed_amount', 'free_shipping']),
    applies: z.boolean().openapi({
      description:
        'Whether it takes anything off now: a minimum no longer met or a window that closed make it stop.',
    }),
    reason: orNull(z.string().max(64)).openapi({
      description: 'Why it does not apply (a problem code), else null.',
    }),
    detail: orNull(z.string().max(500)),
    discount: MoneySchema.openapi({ description: 'What it takes off the lines and the shipping.' }),
  })
  .openapi('CartPromotion');

export const PromotionCodeBody = z
  .strictObject({ code: Text({ min: 1, max: 64, trim: true }).openapi({ example: 'SUMMER10' }) })
  .openapi('CartPromotionCode');

export const CartPromotionParams = z.object({
  cartId: Text({ max: 100 }).openapi({
    param: { name: 'cartId', in: 'path' },
    example: 'cart_01jd7x6q2n8v0c4r5s6t7u8v9w',
  }),
  code: Text({ max: 64 }).openapi({ param: { name: 'code', in: 'path' }, example: 'SUMMER10' }),
});

export const ShippingMethodBody = z
  .strictObject({ rateId: Text({ min: 1, max: 64 }).openapi({ example: 'standard' }) })
  .openapi('CartShippingMethodChoice');

const LineSchema = z
  .object({
    id: IssuedId('line_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    variantId: IssuedId(EXAMPLE_VARIANT_ID),
    sku: z.string().max(128).openapi({ example: 'SHI-000042-00' }),
    productId: IssuedId('prod_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    productHandle: StoredHandle('relaxed-linen-shirt-42'),
    title: z
      .string()
      .max(500)
      .openapi({ description: "The product's title.", example: 'Relaxed Linen Shirt' }),
    variantTitle: z.string().max(500).openapi({ example: 'M / Navy' }),
    quantity: Integer(1, MAX_LINE_QUANTITY),
    unitPrice: MoneySchema.openapi({
      description:
        "The catalog's price now, in the cart's currency (the last one seen when the line is unavailable).",
    }),
    previousUnitPrice: orNull(MoneySchema).openapi({
      description:
        'The unit price when the line last changed, when the catalog’s price differs from it now; else null.',
    }),
    subtotal: MoneySchema.openapi({ description: 'Unit price × quantity.' }),
    discount: MoneySchema.openapi({ description: "This line's share of the cart's discounts." }),
    discounts: z
      .array(z.object({ code: z.string().max(64), amount: MoneySchema }))
      .max(3)
      .openapi({ description: 'The discount code by code: what each applied code takes off this line.' }),
    tax: MoneySchema.openapi({
      description:
        "The line's tax after its discount: added on top, or contained in the price where the market's prices include tax.",
    }),
    total: MoneySchema.openapi({ description: 'Subtotal less discount.' }),
    availability: z
      .object({
        status: z.enum(['reserved', 'reservation_expired', 'unavailable']).openapi({
          description:
            '`reserved`: the stock is held for this cart until `reservedUntil`. `reservation_expired`: the ' +
            'hold lapsed (checkout reserves again, if the stock is still there). `unavailable`: the catalog no ' +
            'longer sells the variant here; the line counts in no total.',
        }),
        reservedUntil: orNull(Timestamp()),
        fulfilment: z.enum(['in_stock', 'backorder', 'preorder']).openapi({
          description:
            '`in_stock`: shipped from stock. `backorder`: the shop sells this variant beyond stock and this line ' +
            'took it below zero; it ships when stock arrives. `preorder`: not released yet; ships on release.',
        }),
      })
      .openapi('CartLineAvailability'),
  })
  .openapi('CartLine');

export const CartSchema = z
  .object({
    id: IssuedId('cart_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    status: z.enum(['open']).openapi({ description: 'Only open carts exist until checkout arrives.' }),
    currency: z.string().length(3).openapi({ example: 'USD' }),
    market: StoredHandle('us'),
    pricesIncludeTax: z.boolean().openapi({ description: "Whether the market's prices include tax." }),
    lines: z.array(LineSchema).max(MAX_CART_LINES),
    itemCount: Count().openapi({ description: 'Units across the lines that can be bought.' }),
    promotions: z.array(CartPromotionSchema).max(3),
    shippingAddress: orNull(AddressSchema),
    shippingMethod: orNull(ShippingMethodSchema).openapi({
      description: 'The chosen rate while it is offered for the cart as it is now (else null: choose again).',
    }),
    totals: z
      .object({
        subtotal: MoneySchema,
        discounts: MoneySchema,
        shipping: MoneySchema,
        tax: MoneySchema,
        grandTotal: MoneySchema,
      })
      .openapi('CartTotals', {
        description: 'Integer minor units of the cart’s currency, over the lines that can be bought.',
      }),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  })
  .openapi('Cart');

export const CreatedCartSchema = CartSchema.extend({
  token: z
    .string()
    .max(100)
    .openapi({
      description:
        "The cart's secret: send it as `X-Cart-Token` on every later call. Shown only in this answer; " +
        'only its hash is stored, so a lost token cannot be recovered.',
      example: 'q1Yw3Z0c2n8J4vQ7Xb5pTgK9dLhR6sWmE2uFyA0iNoc',
    }),
}).openapi('CreatedCart');

export const CartHeaders = z.object({
  ETag: z
    .string()
    .max(100)
    .openapi({
      description:
        'Strong validator of this representation (the SHA-256 of the cart as sent). Send it back as ' +
        '`If-Match` so a change applies only to the cart as you last saw it.',
      example: '"q1Yw3Z0c2n8J4vQ7Xb5pTgK9dLhR6sWmE2uFyA0iNoc"',
    }),
  'Cache-Control': z.string().max(100).openapi({ example: 'private, no-store' }),
});

export const CartTokenHeader = z.object({
  'x-cart-token': z.string().max(200).optional().openapi({
    description:
      'The cart’s token (security scheme `cartToken`). Without it, the access token of the customer who claimed the cart opens it. Neither, or a wrong one: 404.',
    example: 'q1Yw3Z0c2n8J4vQ7Xb5pTgK9dLhR6sWmE2uFyA0iNoc',
  }),
});

/** The headers of every cart change: the token, `If-Match` and an optional `Idempotency-Key`. */
export const CartChangeHeaders = CartTokenHeader.extend(IfMatchHeader.shape).extend({
  'idempotency-key': IdempotencyKey.optional().openapi({
    description:
      'Optional. A retried change with the same key answers as the first time (`Idempotent-Replayed: true`) and ' +
      'changes nothing again, for a day; the same key with another request gets 422 `idempotency_key_reused`. ' +
      'Answers of a dependency that was down (503) are not kept, so a retry tries again.',
    example: '6f1c2a8e-4f0b-4c36-9d55-2b1f6f0f5b1a',
  }),
});
