import { z } from 'zod';
import { amount, count, currency, eventData, instant, issuedId, quantity, sku } from './fields';

/** `CartAbandoned` v1, aggregate `cart`. */
export const CartAbandonedV1 = eventData(
  z.object({
    cartId: issuedId('cart', 'The cart'),
    customerId: issuedId('customer', 'The signed-in customer who claimed the cart')
      .nullable()
      .describe('The signed-in customer whose cart it is (who may be reminded of it); null for a guest.'),
    currency: currency(),
    market: z.string().describe('The handle of the market the cart is priced in (`us`).'),
    subtotal: amount('The sum of its lines at their unit prices when it was last changed'),
    itemCount: count('Units across its lines.'),
    lines: z
      .array(
        z.object({
          variantId: issuedId('variant', 'The variant'),
          sku: sku(),
          title: z.string().describe("The product's title."),
          quantity: quantity(),
          unitPrice: amount('The price of one unit'),
        }),
      )
      .min(1)
      .describe('What is in the cart.'),
    lastChangedAt: instant('When the cart was last changed'),
  }),
  'A cart with lines saw no change for the configured idle time. Recorded once per idle period: a change starts a new one.',
  {
    cartId: 'cart_01jd7x6q2n8v0c4r5s6t7u8v9w',
    customerId: 'cus_01jd7x6q2n8v0c4r5s6t7u8v9w',
    currency: 'USD',
    market: 'us',
    subtotal: 9800,
    itemCount: 2,
    lines: [
      {
        variantId: 'var_01jd7x6q2n8v0c4r5s6t7u8v9w',
        sku: 'LS-BLUE-M',
        title: 'Linen shirt',
        quantity: 2,
        unitPrice: 4900,
      },
    ],
    lastChangedAt: '2026-11-22T09:40:00.000Z',
  },
);
