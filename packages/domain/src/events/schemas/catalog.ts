import { z } from 'zod';
import { amount, count, currency, eventData, instant, issuedId, sku } from './fields';

export const CatalogChangeSourceSchema = z
  .enum(['pim', 'admin'])
  .describe(
    'Who made the change: `pim`, the PIM through its integration; `admin`, an operator through the admin API.',
  );

const pimVersion = (description: string) => z.int().nonnegative().describe(description);

/** `ProductUpdated` v1, aggregate `product`. */
export const ProductUpdatedV1 = eventData(
  z.object({
    productId: issuedId('product', 'The product'),
    handle: z
      .string()
      .describe("The product's handle, unique in the shop: the last part of its storefront URL."),
    title: z.string(),
    status: z
      .enum(['draft', 'active', 'archived'])
      .describe('Only `active` products are shown and sold; `archived` ones are kept for past orders.'),
    pimVersion: pimVersion(
      'The PIM version the product now carries: admin edits keep it; 0 for a product an operator created.',
    ),
    change: z.enum(['created', 'updated', 'archived']).describe('What happened to the product.'),
    source: CatalogChangeSourceSchema,
    variants: z
      .array(z.object({ variantId: issuedId('variant', 'The variant'), sku: sku() }))
      .describe("The product's variants after the change."),
  }),
  'A product or its variants, media, options or categories changed: created, edited or archived, by the PIM or an operator.',
  {
    productId: 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w',
    handle: 'linen-shirt',
    title: 'Linen shirt',
    status: 'active',
    pimVersion: 42,
    change: 'updated',
    source: 'pim',
    variants: [
      { variantId: 'var_01jd7x6q2n8v0c4r5s6t7u8v9w', sku: 'LS-BLUE-M' },
      { variantId: 'var_01jd7x6q2n8v0c4r5s6t7u8v9x', sku: 'LS-BLUE-L' },
    ],
  },
);

/** `PriceUpdated` v1, aggregate `price`. */
export const PriceUpdatedV1 = eventData(
  z.object({
    priceId: issuedId('price', 'The price window'),
    variantId: issuedId('variant', 'The variant it prices'),
    sku: sku(),
    currency: currency(),
    amount: amount('The price'),
    compareAtAmount: amount()
      .nullable()
      .describe('The earlier price shown struck through beside it, in minor units; null when there is none.'),
    startsAt: instant()
      .nullable()
      .describe('When the window starts, inclusive, ISO 8601 UTC; null: since forever.'),
    endsAt: instant()
      .nullable()
      .describe('When the window ends, exclusive, ISO 8601 UTC; null: until further notice.'),
    pimVersion: pimVersion("The PIM's version of the price window; 0 for one an operator set."),
    change: z.enum(['created', 'updated']).describe('Whether the window is new or was changed.'),
    source: CatalogChangeSourceSchema,
  }),
  'A price window of a variant, in one currency, was created or changed. A variant has a price per currency and window; the one whose window contains the moment applies.',
  {
    priceId: 'price_01jd7x6q2n8v0c4r5s6t7u8v9w',
    variantId: 'var_01jd7x6q2n8v0c4r5s6t7u8v9w',
    sku: 'LS-BLUE-M',
    currency: 'EUR',
    amount: 4900,
    compareAtAmount: 5900,
    startsAt: '2026-11-27T00:00:00.000Z',
    endsAt: null,
    pimVersion: 7,
    change: 'created',
    source: 'pim',
  },
);

/** `CategoryUpdated` v1, aggregate `category`. */
export const CategoryUpdatedV1 = eventData(
  z.object({
    categoryId: issuedId('category', 'The category'),
    handle: z.string().describe("The category's handle, unique in the shop."),
    name: z.string(),
    parentId: issuedId('category').nullable().describe('The parent category (`cat_…`); null at the top.'),
    path: z
      .string()
      .describe('The handles from the top of the tree down to this category, joined by `/` (`men/shirts`).'),
    change: z.enum(['created', 'updated']).describe('Whether the category is new or was renamed or moved.'),
    descendantsMoved: count('Categories below it whose path changed with it (a move or a new handle).'),
  }),
  'A category was created, renamed or moved. Its descendants moved with it, without events of their own.',
  {
    categoryId: 'cat_01jd7x6q2n8v0c4r5s6t7u8v9w',
    handle: 'shirts',
    name: 'Shirts',
    parentId: 'cat_01jd7x6q2n8v0c4r5s6t7u8v9x',
    path: 'men/shirts',
    change: 'updated',
    descendantsMoved: 3,
  },
);
