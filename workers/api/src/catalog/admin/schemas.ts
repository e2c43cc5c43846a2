import { z } from '@hono/zod-openapi';
import {
  Amount,
  Attributes,
  CategoryHandle,
  Currency,
  Description,
  Handle,
  Instant,
  MediaInput,
  OptionDefinitions,
  OptionValues,
  ProductStatus,
  Sku,
  Tags,
  Title,
  Vendor,
  variantFields,
  WeightGrams,
} from '../write/fields';

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

export const AdminVariantCreate = AdminVariantInput.extend({
  position: z.number().int().min(0).max(1_000).optional().openapi({ description: 'Defaults to last.' }),
}).openapi('AdminVariantCreate');

export const AdminVariantPatch = z
  .strictObject({
    sku: Sku.optional(),
    title: Title.optional(),
    options: OptionValues.optional(),
    weightGrams: WeightGrams.optional(),
    availableForSale: z.boolean().optional(),
    position: z.number().int().min(0).max(1_000).optional(),
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
  parentId: z
    .string()
    .max(100)
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
    name: z.string().trim().min(1).max(100),
    ...ParentReference,
    position: z.number().int().min(0).max(100_000).default(0),
  })
  .refine(oneParentReference, { path: ['parentHandle'], message: 'give parentId or parentHandle, not both' })
  .openapi('AdminCategoryCreate');

export const AdminCategoryPatch = z
  .strictObject({
    handle: CategoryHandle.optional(),
    name: z.string().trim().min(1).max(100).optional(),
    ...ParentReference,
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .refine(atLeastOneField, 'must change at least one field')
  .refine(oneParentReference, { path: ['parentHandle'], message: 'give parentId or parentHandle, not both' })
  .openapi('AdminCategoryPatch');

// Responses.

export const AdminPrice = z
  .object({
    id: z.string().openapi({ example: 'price_01jd7x6q2n8v0c4r5s6t7u8v9w' }),
    currency: z.string().openapi({ example: 'EUR' }),
    amount: z.number().int().openapi({ example: 4900 }),
    compareAtAmount: z.number().int().nullable(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    pimVersion: z.number().int(),
  })
  .openapi('AdminPrice');

export const AdminVariant = z
  .object({
    id: z.string().openapi({ example: 'var_01jd7x6q2n8v0c4r5s6t7u8v9w' }),
    productId: z.string(),
    sku: z.string(),
    title: z.string(),
    options: z.record(z.string(), z.string()),
    weightGrams: z.number().int().nullable(),
    availableForSale: z.boolean(),
    position: z.number().int(),
    pimVersion: z.number().int().openapi({ description: '0 for a variant created through the admin API.' }),
    prices: z.array(AdminPrice),
  })
  .openapi('AdminVariant');

export const AdminProduct = z
  .object({
    id: z.string().openapi({ example: 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w' }),
    handle: z.string(),
    title: z.string(),
    description: z.string(),
    status: ProductStatus,
    vendor: z.string().nullable(),
    tags: z.array(z.string()),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    pimVersion: z.number().int().openapi({
      description: "The PIM's version; admin edits keep it, so the next newer PIM message wins.",
    }),
    options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
    variants: z.array(AdminVariant),
    media: z.array(
      z.object({ id: z.string(), url: z.string(), alt: z.string(), position: z.number().int() }),
    ),
    categories: z.array(z.object({ id: z.string(), handle: z.string(), path: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AdminProduct');

export const AdminCategory = z
  .object({
    id: z.string().openapi({ example: 'cat_01jd7x6q2n8v0c4r5s6t7u8v9w' }),
    handle: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    path: z.string().openapi({ example: 'apparel/shirts' }),
    position: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AdminCategory');

const NextCursor = z.string().nullable().openapi({
  description: 'Pass back as `cursor` for the next page; `null` on the last page.',
  example:
    'eyJxIjoiOWI0YzFmMGEyZDNlNWY2NyIsImsiOiIyMDI2LTExLTIyVDEwOjAwOjAwLjEyMzQ1NloiLCJpIjoicHJvZF8wMWpkN3g2cTJuOHYwYzRyNXM2dDd1OHY5dyJ9',
});

export const AdminProductList = z
  .object({ data: z.array(AdminProduct), nextCursor: NextCursor })
  .openapi('AdminProductList');

export const AdminCategoryList = z
  .object({ data: z.array(AdminCategory), nextCursor: NextCursor })
  .openapi('AdminCategoryList');

export const IdempotencyKeyHeader = z.object({
  'idempotency-key': z.string().optional().openapi({
    description:
      'Makes a retry of this request replay the first answer instead of creating twice (1-255 visible ASCII).',
    example: 'create-linen-shirt-2026-11-22',
  }),
});
