import { z } from '@hono/zod-openapi';
import { Count, Integer, IssuedId } from '../../openapi/bounded';
import {
  Attributes,
  CategoryHandle,
  Description,
  Handle,
  MediaInput,
  OptionDefinitions,
  ProductStatus,
  Tags,
  Title,
  Vendor,
  Version,
  variantFields,
} from '../write/fields';
import { MAX_PIM_BATCH_ITEMS } from './limits';

export const PimVariant = z.strictObject(variantFields).openapi('PimVariant');

export const PimProduct = z
  .strictObject({
    handle: Handle.openapi({ description: "The product's key: the PIM addresses products by handle." }),
    version: Version,
    title: Title,
    description: Description.default(''),
    status: ProductStatus,
    vendor: Vendor.optional(),
    tags: Tags.default([]),
    attributes: Attributes.default({}),
    options: OptionDefinitions.default([]).openapi({
      description: 'Up to 3 options, values in display order.',
    }),
    variants: z.array(PimVariant).min(1).max(100),
    media: z.array(MediaInput).max(50).default([]).openapi({ description: 'In display order.' }),
    categories: z.array(CategoryHandle).max(20).default([]).openapi({ description: 'Category handles.' }),
  })
  .openapi('PimProduct');

export type PimProduct = z.infer<typeof PimProduct>;

export const PimProductBatch = z
  .strictObject({ products: z.array(PimProduct).min(1).max(MAX_PIM_BATCH_ITEMS) })
  .openapi('PimProductBatch');

const ProductOutcome = z
  .object({
    index: Integer(0, MAX_PIM_BATCH_ITEMS - 1).openapi({ description: 'Position of the item in the batch.' }),
    handle: z.string().max(200),
    productId: IssuedId('prod_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    outcome: z.enum(['created', 'updated', 'stale']).openapi({
      description: '`stale`: the stored version is the same or newer, so the item changed nothing.',
    }),
    version: Count().openapi({ description: 'The version the item carried.' }),
    currentVersion: Count().openapi({ description: 'The version stored after the batch.' }),
  })
  .openapi('PimProductOutcome');

export const PimProductBatchResult = z
  .object({
    deliveryId: z
      .string()
      .max(255)
      .openapi({ description: 'The Upstash-Message-Id or Idempotency-Key answered.' }),
    applied: Integer(0, MAX_PIM_BATCH_ITEMS),
    stale: Integer(0, MAX_PIM_BATCH_ITEMS),
    results: z.array(ProductOutcome).max(MAX_PIM_BATCH_ITEMS),
  })
  .openapi('PimProductBatchResult');

export type PimProductBatchResult = z.infer<typeof PimProductBatchResult>;
