import { MAX_AMOUNT } from '@edge-commerce/domain';
import { z } from '@hono/zod-openapi';
import { Count, Integer, IssuedCursor, IssuedId, StoredHandle, Timestamp } from '../../openapi/bounded';
import { orNull } from '../../openapi/or-null';
import { MAX_CATEGORIES, MAX_CATEGORY_PATH_LENGTH } from '../write/category-limits';
import {
  MAX_FACET_CATEGORIES,
  MAX_FACET_OPTION_VALUES,
  MAX_FACET_OPTIONS,
  MAX_PRICE_BANDS,
} from './facet-limits';

const CategoryPath = z.string().max(MAX_CATEGORY_PATH_LENGTH).openapi({ example: 'apparel/shirts' });

export const MoneySchema = z
  .object({
    amount: Integer(0, MAX_AMOUNT).openapi({
      description: 'Integer minor units (1999 = 19.99 USD).',
      example: 1999,
    }),
    currency: z.string().length(3).openapi({ description: 'ISO 4217 code.', example: 'USD' }),
  })
  .openapi('Money');

const PriceRangeSchema = z.object({ min: MoneySchema, max: MoneySchema }).openapi('PriceRange');

const ImageSchema = z
  .object({
    url: z
      .string()
      .max(2_048)
      .openapi({ example: 'https://cdn.edge-commerce.example/products/linen-shirt/1.jpg' }),
    alt: z.string().max(512).openapi({ example: 'Linen shirt, front' }),
  })
  .openapi('Image');

export const ProductSummarySchema = z
  .object({
    id: IssuedId('prod_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    handle: StoredHandle('relaxed-linen-shirt'),
    title: z.string().max(255).openapi({ example: 'Relaxed Linen Shirt' }),
    vendor: z.string().max(255).nullable().openapi({ example: 'Northwind' }),
    tags: z
      .array(z.string().max(64))
      .max(50)
      .openapi({ example: ['organic'] }),
    priceRange: PriceRangeSchema.openapi({
      description: 'Lowest and highest price in force now over the variants priced in the currency.',
    }),
    compareAtPriceRange: orNull(PriceRangeSchema).openapi({
      description: 'Range of the compare-at ("was") prices, where variants have one.',
    }),
    availableForSale: z
      .boolean()
      .openapi({ description: 'Some variant priced in the currency is for sale.' }),
    featuredImage: orNull(ImageSchema),
    createdAt: Timestamp(),
  })
  .openapi('ProductSummary');

const CategoryFacetSchema = z
  .object({
    handle: z.string().max(100).openapi({ example: 'shirts' }),
    name: z.string().max(100).openapi({ example: 'Shirts' }),
    path: CategoryPath,
    count: Count().openapi({ example: 42 }),
  })
  .openapi('CategoryFacet');

const OptionFacetSchema = z
  .object({
    name: z.string().max(64).openapi({ example: 'size' }),
    values: z
      .array(
        z.object({
          value: z.string().max(64).openapi({ example: 'M' }),
          count: Count().openapi({ example: 17 }),
        }),
      )
      .max(MAX_FACET_OPTION_VALUES)
      .openapi({ description: `The ${MAX_FACET_OPTION_VALUES} values with the most products, most first.` }),
  })
  .openapi('OptionFacet');

const PriceBandSchema = z
  .object({
    min: MoneySchema,
    max: MoneySchema,
    count: Count().openapi({ example: 9 }),
  })
  .openapi('PriceBand', {
    description: 'A 1-2-5 band of prices; `minPrice=min.amount&maxPrice=max.amount` selects exactly `count`.',
  });

export const FacetsSchema = z
  .object({
    categories: z
      .array(CategoryFacetSchema)
      .max(MAX_FACET_CATEGORIES)
      .openapi({
        description:
          'Products of the result in each category, counting those of categories below it ' +
          `(the ${MAX_FACET_CATEGORIES} categories with the most products).`,
      }),
    options: z
      .array(OptionFacetSchema)
      .max(MAX_FACET_OPTIONS)
      .openapi({
        description: `Products of the result with a variant of each option value (the ${MAX_FACET_OPTIONS} options with the most products).`,
      }),
    priceBands: z.array(PriceBandSchema).max(MAX_PRICE_BANDS).openapi({
      description: 'Products of the result with a variant priced in each band, in the currency.',
    }),
  })
  .openapi('Facets');

export const ProductListSchema = z
  .object({
    data: z.array(ProductSummarySchema).max(100),
    nextCursor: IssuedCursor()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next page; null on the last.' }),
    totalCount: Count().nullable().openapi({
      description: 'Products in the whole result; on the first page (no `cursor`) only, else null.',
      example: 128,
    }),
    facets: orNull(FacetsSchema).openapi({
      description: 'Counts over the whole result; on the first page (no `cursor`) only, else null.',
    }),
  })
  .openapi('ProductList');

const VariantSchema = z
  .object({
    id: IssuedId('var_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    sku: z.string().max(64).openapi({ example: 'SHI-000042-01' }),
    title: z.string().max(255).openapi({ example: 'M / Navy' }),
    options: z
      .record(z.string().max(64), z.string().max(64))
      .openapi({ example: { size: 'M', colour: 'Navy' }, maxProperties: 3 }),
    availableForSale: z.boolean(),
    inventoryPolicy: z.enum(['deny', 'backorder', 'preorder']).openapi({
      description:
        'Whether the variant is sold beyond its stock: `deny` never; `backorder` ships when restocked; ' +
        '`preorder` ships when released. How far beyond stock is not shown.',
      example: 'deny',
    }),
    weightGrams: Integer(0, 10_000_000).nullable().openapi({ example: 240 }),
    price: orNull(MoneySchema).openapi({ description: 'In force now; null: not priced in the currency.' }),
    compareAtPrice: orNull(MoneySchema),
  })
  .openapi('Variant');

export const ProductSchema = z
  .object({
    id: IssuedId('prod_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    handle: StoredHandle('relaxed-linen-shirt'),
    title: z.string().max(255).openapi({ example: 'Relaxed Linen Shirt' }),
    description: z.string().max(20_000),
    vendor: z.string().max(255).nullable(),
    tags: z.array(z.string().max(64)).max(50),
    options: z
      .array(z.object({ name: z.string().max(64), values: z.array(z.string().max(64)).max(100) }))
      .max(3)
      .openapi({ example: [{ name: 'size', values: ['S', 'M', 'L'] }] }),
    variants: z.array(VariantSchema).max(100),
    media: z
      .array(
        z.object({
          id: IssuedId('med_01jd7x6q2n8v0c4r5s6t7u8v9w'),
          url: z.string().max(2_048),
          alt: z.string().max(512),
          variantId: IssuedId('var_01jd7x6q2n8v0c4r5s6t7u8v9w').nullable(),
        }),
      )
      .max(50),
    categories: z
      .array(z.object({ handle: z.string().max(100), name: z.string().max(100), path: CategoryPath }))
      .max(20),
    priceRange: orNull(PriceRangeSchema),
    availableForSale: z.boolean(),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
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
  id: IssuedId('cat_01jd7x6q2n8v0c4r5s6t7u8v9w'),
  handle: z.string().max(100).openapi({ example: 'shirts' }),
  name: z.string().max(100).openapi({ example: 'Shirts' }),
  path: CategoryPath,
});

export const CategoryNodeSchema: z.ZodType<CategoryNode> = CategoryNodeBase.extend({
  children: z.array(z.lazy(() => CategoryNodeSchema)).max(MAX_CATEGORIES),
}).openapi('CategoryNode');

export const CategoryTreeSchema = z
  .object({ data: z.array(CategoryNodeSchema).max(MAX_CATEGORIES) })
  .openapi('CategoryTree');

export const CollectionSchema = z
  .object({
    id: IssuedId('col_01jd7x6q2n8v0c4r5s6t7u8v9w'),
    handle: z.string().max(100).openapi({ example: 'summer-sale' }),
    title: z.string().max(255).openapi({ example: 'Summer sale' }),
    description: z.string().max(20_000),
    products: z.object({
      data: z.array(ProductSummarySchema).max(100),
      nextCursor: IssuedCursor().nullable(),
    }),
  })
  .openapi('Collection');
