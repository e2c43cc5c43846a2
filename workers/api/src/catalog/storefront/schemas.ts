import { z } from '@hono/zod-openapi';
import { nullableRef } from '../../openapi/nullable-ref';

export const MoneySchema = z
  .object({
    amount: z
      .number()
      .int()
      .openapi({ description: 'Integer minor units (1999 = 19.99 USD).', example: 1999 }),
    currency: z.string().openapi({ description: 'ISO 4217 code.', example: 'USD' }),
  })
  .openapi('Money');

const PriceRangeSchema = z.object({ min: MoneySchema, max: MoneySchema }).openapi('PriceRange');

const ImageSchema = z
  .object({
    url: z.string().openapi({ example: 'https://cdn.edge-commerce.example/products/linen-shirt/1.jpg' }),
    alt: z.string().openapi({ example: 'Linen shirt, front' }),
  })
  .openapi('Image');

export const ProductSummarySchema = z
  .object({
    id: z.string().openapi({ example: 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w' }),
    handle: z.string().openapi({ example: 'relaxed-linen-shirt' }),
    title: z.string().openapi({ example: 'Relaxed Linen Shirt' }),
    vendor: z.string().nullable().openapi({ example: 'Northwind' }),
    tags: z.array(z.string()).openapi({ example: ['organic'] }),
    priceRange: PriceRangeSchema.openapi({
      description: 'Lowest and highest price in force now over the variants priced in the currency.',
    }),
    compareAtPriceRange: nullableRef(PriceRangeSchema).openapi({
      description: 'Range of the compare-at ("was") prices, where variants have one.',
    }),
    availableForSale: z
      .boolean()
      .openapi({ description: 'Some variant priced in the currency is for sale.' }),
    featuredImage: nullableRef(ImageSchema),
    createdAt: z.string().openapi({ example: '2026-11-20T09:30:00.000Z' }),
  })
  .openapi('ProductSummary');

const CategoryFacetSchema = z
  .object({
    handle: z.string().openapi({ example: 'shirts' }),
    name: z.string().openapi({ example: 'Shirts' }),
    path: z.string().openapi({ example: 'apparel/shirts' }),
    count: z.number().int().openapi({ example: 42 }),
  })
  .openapi('CategoryFacet');

const OptionFacetSchema = z
  .object({
    name: z.string().openapi({ example: 'size' }),
    values: z.array(
      z.object({
        value: z.string().openapi({ example: 'M' }),
        count: z.number().int().openapi({ example: 17 }),
      }),
    ),
  })
  .openapi('OptionFacet');

const PriceBandSchema = z
  .object({
    min: MoneySchema,
    max: MoneySchema,
    count: z.number().int().openapi({ example: 9 }),
  })
  .openapi('PriceBand', {
    description: 'A 1-2-5 band of prices; `minPrice=min.amount&maxPrice=max.amount` selects exactly `count`.',
  });

export const FacetsSchema = z
  .object({
    categories: z.array(CategoryFacetSchema).openapi({
      description: 'Products of the result in each category, counting those of categories below it.',
    }),
    options: z.array(OptionFacetSchema).openapi({
      description: 'Products of the result with a variant of each option value.',
    }),
    priceBands: z.array(PriceBandSchema).openapi({
      description: 'Products of the result with a variant priced in each band, in the currency.',
    }),
  })
  .openapi('Facets');

export const ProductListSchema = z
  .object({
    data: z.array(ProductSummarySchema),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next page; null on the last.' }),
    totalCount: z.number().int().nullable().openapi({
      description: 'Products in the whole result; on the first page (no `cursor`) only, else null.',
      example: 128,
    }),
    facets: nullableRef(FacetsSchema).openapi({
      description: 'Counts over the whole result; on the first page (no `cursor`) only, else null.',
    }),
  })
  .openapi('ProductList');

const VariantSchema = z
  .object({
    id: z.string().openapi({ example: 'var_01jd7x6q2n8v0c4r5s6t7u8v9w' }),
    sku: z.string().openapi({ example: 'SHI-000042-01' }),
    title: z.string().openapi({ example: 'M / Navy' }),
    options: z.record(z.string(), z.string()).openapi({ example: { size: 'M', colour: 'Navy' } }),
    availableForSale: z.boolean(),
    weightGrams: z.number().int().nullable().openapi({ example: 240 }),
    price: nullableRef(MoneySchema).openapi({
      description: 'In force now; null: not priced in the currency.',
    }),
    compareAtPrice: nullableRef(MoneySchema),
  })
  .openapi('Variant');

export const ProductSchema = z
  .object({
    id: z.string().openapi({ example: 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w' }),
    handle: z.string().openapi({ example: 'relaxed-linen-shirt' }),
    title: z.string().openapi({ example: 'Relaxed Linen Shirt' }),
    description: z.string(),
    vendor: z.string().nullable(),
    tags: z.array(z.string()),
    options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })).openapi({
      example: [{ name: 'size', values: ['S', 'M', 'L'] }],
    }),
    variants: z.array(VariantSchema),
    media: z.array(
      z.object({
        id: z.string(),
        url: z.string(),
        alt: z.string(),
        variantId: z.string().nullable(),
      }),
    ),
    categories: z.array(z.object({ handle: z.string(), name: z.string(), path: z.string() })),
    priceRange: nullableRef(PriceRangeSchema),
    availableForSale: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Product');

export interface CategoryNode {
  id: string;
  handle: string;
  name: string;
  path: string;
  children: CategoryNode[];
}

const CategoryNodeBase = z.object({
  id: z.string().openapi({ example: 'cat_01jd7x6q2n8v0c4r5s6t7u8v9w' }),
  handle: z.string().openapi({ example: 'shirts' }),
  name: z.string().openapi({ example: 'Shirts' }),
  path: z.string().openapi({ example: 'apparel/shirts' }),
});

export const CategoryNodeSchema: z.ZodType<CategoryNode> = CategoryNodeBase.extend({
  children: z.array(z.lazy(() => CategoryNodeSchema)),
}).openapi('CategoryNode');

export const CategoryTreeSchema = z.object({ data: z.array(CategoryNodeSchema) }).openapi('CategoryTree');

export const CollectionSchema = z
  .object({
    id: z.string().openapi({ example: 'col_01jd7x6q2n8v0c4r5s6t7u8v9w' }),
    handle: z.string().openapi({ example: 'summer-sale' }),
    title: z.string().openapi({ example: 'Summer sale' }),
    description: z.string(),
    products: z.object({
      data: z.array(ProductSummarySchema),
      nextCursor: z.string().nullable(),
    }),
  })
  .openapi('Collection');
