/**
 * The variant the cart examples add: an id of its own, not the catalog examples', so the fuzz
 * suite can seed it as a real, priced, stocked variant without the admin examples touching it.
 */
export const EXAMPLE_VARIANT_ID = 'var_01jd8c4r7t2n9v5x3q6w8y0z1a';

/** A cart as the documentation shows it: one line, reserved. */
export const cartExample = {
  id: 'cart_01jd7x6q2n8v0c4r5s6t7u8v9w',
  status: 'open',
  currency: 'USD',
  market: 'us',
  pricesIncludeTax: false,
  lines: [
    {
      id: 'line_01jd7x6q2n8v0c4r5s6t7u8v9w',
      variantId: EXAMPLE_VARIANT_ID,
      sku: 'SHI-000042-00',
      productId: 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w',
      productHandle: 'relaxed-linen-shirt-42',
      title: 'Relaxed Linen Shirt',
      variantTitle: 'M / Navy',
      quantity: 2,
      unitPrice: { amount: 4999, currency: 'USD' },
      previousUnitPrice: null,
      subtotal: { amount: 9998, currency: 'USD' },
      discount: { amount: 0, currency: 'USD' },
      discounts: [],
      tax: { amount: 0, currency: 'USD' },
      total: { amount: 9998, currency: 'USD' },
      availability: { status: 'reserved', reservedUntil: '2026-12-01T10:15:00.000Z', fulfilment: 'in_stock' },
    },
  ],
  itemCount: 2,
  promotions: [],
  shippingAddress: null,
  shippingMethod: null,
  totals: {
    subtotal: { amount: 9998, currency: 'USD' },
    discounts: { amount: 0, currency: 'USD' },
    shipping: { amount: 0, currency: 'USD' },
    tax: { amount: 0, currency: 'USD' },
    grandTotal: { amount: 9998, currency: 'USD' },
  },
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};
