import { MAX_AMOUNT } from '@edge-commerce/domain';
import { MAX_QUANTITY } from '@edge-commerce/inventory';
import { z } from '@hono/zod-openapi';
import { IdempotencyKey } from '../../input/idempotency-key';
import { Text } from '../../input/text';
import { Count, Integer, IssuedCursor, IssuedId, Timestamp } from '../../openapi/bounded';
import { MAX_CATEGORY_PATH_LENGTH } from '../write/category-limits';
import {
  Amount,
  Attributes,
  CategoryHandle,
  Currency,
  Description,
  Handle,
  Instant,
  InventoryPolicy,
  MediaInput,
  OptionDefinitions,
  OptionValues,
  ProductStatus,
  Sku,
  stockPolicyFields,
  Tags,
  Title,
  Vendor,
  variantFields,
  WeightGrams,
} from '../write/fields';
import { MAX_PRICE_WINDOWS_PER_VARIANT } from '../write/price-rules';

// Request and response bodies of the admin API. Fields reuse the PIM's definitions, so both doors
// into the catalog accept the same values.

const atLeastOneField = (body: object) => Object.keys(body).length > 0;

export const AdminVariantInput = z.strictObject(variantFields).openapi('AdminVariantInput');

export const AdminProductCreate = z
  .strictObject({
    handle: Handle,
    title: Title,
    description: Description.default(''),
    status: ProductStatus.default('draft'),
    vendor: Vendor.optional(),
    tags: Tags.default([]),
    attributes: Attributes.default({}),
    options: OptionDefinitions.default([]),
    variants: z.array(AdminVariantInput).max(100).default([]),
    media: z.array(MediaInput).max(50).default([]),
    categories: z.array(CategoryHandle).max(20).default([]).openapi({ description: 'Category handles.' }),
  })
  .openapi('AdminProductCreate');

export const AdminProductPatch = z
  .strictObject({
    title: Title.optional(),
    description: Description.optional(),
    status: ProductStatus.optional(),
    vendor: Vendor.optional().openapi({ description: '`null` clears it.' }),
    tags: Tags.optional(),
    attributes: Attributes.optional(),
    options: OptionDefinitions.optional().openapi({
      description: 'Replaces the option definitions; every existing variant must fit the new ones.',
    }),
    media: z.array(MediaInput).max(50).optional().openapi({ description: 'Replaces the media, in order.' }),
    categories: z
      .array(CategoryHandle)
      .max(20)
      .optional()
      .openapi({ description: 'Replaces the categories.' }),
  })
  .refine(atLeastOneField, 'must change at least one field')
  .openapi('AdminProductPatch', {
    description: 'Fields to change; absent fields keep their value. The handle, the PIM key, cannot change.',
  });

// Not `AdminVariantInput.extend(…)`: that renders as an allOf of two closed objects, which
// together admit no body at all.
export const AdminVariantCreate = z
  .strictObject({
    ...variantFields,
    position: Integer(0, 1_000).optional().openapi({ description: 'Defaults to last.' }),
  })
  .openapi('AdminVariantCreate');

export const AdminVariantPatch = z
  .strictObject({
    sku: Sku.optional(),
    title: Title.optional(),
    options: OptionValues.optional(),
    weightGrams: WeightGrams.optional(),
    availableForSale: z.boolean().optional(),
    position: Integer(0, 1_000).optional(),
    ...stockPolicyFields,
  })
  .refine(atLeastOneField, 'must change at least one field')
  .openapi('AdminVariantPatch');

export const AdminPriceInput = z
  .strictObject({
    currency: Currency,
    amount: Amount.openapi({ description: 'Integer minor units.', example: 4900 }),
    compareAtAmount: Amount.nullable().optional().openapi({ example: 5900 }),
    startsAt: Instant.nullable().optional().openapi({ description: 'Inclusive; absent = since forever.' }),
    endsAt: Instant.nullable()
      .optional()
      .openapi({ description: 'Exclusive; absent = until further notice.' }),
  })
  .openapi('AdminPriceInput');

export const AdminPricesSet = z
  .strictObject({ prices: z.array(AdminPriceInput).min(1).max(50) })
  .openapi('AdminPricesSet', {
    description: 'Windows to create or change, keyed by currency and `startsAt`; windows not named are kept.',
  });

const ParentReference = {
  parentId: Text({ max: 100 })
    .nullable()
    .optional()
    .openapi({ description: 'The parent by id; `null` = root.' }),
  parentHandle: CategoryHandle.optional().openapi({
    description: 'The parent by handle (instead of `parentId`).',
  }),
};

const oneParentReference = (body: {
  parentId?: string | null | undefined;
  parentHandle?: string | undefined;
}) => body.parentId === undefined || body.parentHandle === undefined;

export const AdminCategoryCreate = z
  .strictObject({
    handle: CategoryHandle,
    name: Text({ min: 1, max: 100, trim: true }),
    ...ParentReference,
    position: Integer(0, 100_000).default(0),
  })
  .refine(oneParentReference, { path: ['parentHandle'], message: 'give parentId or parentHandle, not both' })
  .openapi('AdminCategoryCreate');

export const AdminCategoryPatch = z
  .strictObject({
    handle: CategoryHandle.optional(),
    name: Text({ min: 1, max: 100, trim: true }).optional(),
    ...ParentReference,
    position: Integer(0, 100_000).optional(),
  })
  .refine(atLeastOneField, 'must change at least one field')
  .refine(oneParentReference, { path: ['parentHandle'], message: 'give parentId or parentHandle, not both' })
  .openapi('AdminCategoryPatch');

// Responses.

const CategoryPath = z.string().max(MAX_CATEGORY_PATH_LENGTH).openapi({ example: 'apparel/shirts' });

export const AdminPrice = z
  .object({
    id: IssuedId('price_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    currency: z.string().length(3).openapi({ example: 'EUR' }),
    amount: Integer(0, MAX_AMOUNT).openapi({ example: 4900 }),
    compareAtAmount: Integer(0, MAX_AMOUNT).nullable(),
    startsAt: Timestamp().nullable(),
    endsAt: Timestamp().nullable(),
    pimVersion: Count(),
  })
  .openapi('AdminPrice');

export const AdminVariant = z
  .object({
    id: IssuedId('var_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    productId: IssuedId('prod_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    sku: z.string().max(64),
    title: z.string().max(255),
    options: z.record(z.string().max(64), z.string().max(64)).openapi({ maxProperties: 3 }),
    weightGrams: Integer(0, 10_000_000).nullable(),
    availableForSale: z.boolean(),
    position: Integer(0, 1_000),
    pimVersion: Count().openapi({ description: '0 for a variant created through the admin API.' }),
    inventoryPolicy: InventoryPolicy,
    oversellLimit: Integer(0, MAX_QUANTITY).openapi({
      description: 'Units that may be sold beyond stock; 0 under `deny`.',
    }),
    lowStockThreshold: Integer(0, MAX_QUANTITY).openapi({
      description: '`InventoryUpdated` is recorded when available to sell crosses it (and zero).',
    }),
    prices: z.array(AdminPrice).max(MAX_PRICE_WINDOWS_PER_VARIANT),
  })
  .openapi('AdminVariant');

export const AdminProduct = z
  .object({
    id: IssuedId('prod_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    handle: z.string().max(200),
    title: z.string().max(255),
    description: z.string().max(20_000),
    status: ProductStatus,
    vendor: z.string().max(255).nullable(),
    tags: z.array(z.string().max(64)).max(50),
    attributes: z
      .record(z.string().max(64), z.union([z.string().max(1_000), z.number(), z.boolean()]))
      .openapi({ maxProperties: 50 }),
    pimVersion: Count().openapi({
      description: "The PIM's version; admin edits keep it, so the next newer PIM message wins.",
    }),
    options: z
      .array(z.object({ name: z.string().max(64), values: z.array(z.string().max(64)).max(100) }))
      .max(3),
    variants: z.array(AdminVariant).max(100),
    media: z
      .array(
        z.object({
          id: IssuedId('med_01jd7x6q2n8v0c4r5s6t7u8v9w'),
          url: z.string().max(2_048),
          alt: z.string().max(512),
          position: Integer(0, 1_000),
        }),
      )
      .max(50),
    categories: z
      .array(
        z.object({
          id: IssuedId('cat_01jd7x6q2n8v0c4r5s6t7u8v9w'),
          handle: z.string().max(100),
          path: CategoryPath,
        }),
      )
      .max(20),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  })
  .openapi('AdminProduct');

export const AdminCategory = z
  .object({
    id: IssuedId('cat_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    handle: z.string().max(100),
    name: z.string().max(100),
    parentId: IssuedId('cat_01jd7x6q2n8v0c4r5s6t7u8v9w').nullable(),
    path: CategoryPath,
    position: Integer(0, 100_000),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  })
  .openapi('AdminCategory');

const NextCursor = IssuedCursor().nullable().openapi({
  description: 'Pass back as `cursor` for the next page; `null` on the last page.',
  example:
    'eyJxIjoiOWI0YzFmMGEyZDNlNWY2NyIsImsiOiIyMDI2LTExLTIyVDEwOjAwOjAwLjEyMzQ1NloiLCJpIjoicHJvZF8wMWpkN3g2cTJuOHYwYzRyNXM2dDd1OHY5dyJ9',
});

export const AdminProductList = z
  .object({ data: z.array(AdminProduct).max(100), nextCursor: NextCursor })
  .openapi('AdminProductList');

export const AdminCategoryList = z
  .object({ data: z.array(AdminCategory).max(100), nextCursor: NextCursor })
  .openapi('AdminCategoryList');

export const IdempotencyKeyHeader = z.object({
  'idempotency-key': IdempotencyKey.optional().openapi({
    description:
      'Makes a retry of this request replay the first answer instead of creating twice (1-255 visible ASCII).',
    example: 'create-linen-shirt-2026-11-22',
  }),
});
