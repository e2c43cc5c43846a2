import type { storefront } from '@edge-commerce/db';
import type { z } from '@hono/zod-openapi';
import { MAX_FACET_CATEGORIES, MAX_FACET_OPTION_VALUES, MAX_FACET_OPTIONS } from './facet-limits';
import type { FacetsSchema, MoneySchema, ProductSchema, ProductSummarySchema } from './schemas';

type Money = z.infer<typeof MoneySchema>;
type ProductSummary = z.infer<typeof ProductSummarySchema>;
type Facets = z.infer<typeof FacetsSchema>;
type Product = z.infer<typeof ProductSchema>;

const money = (amount: number, currency: string): Money => ({ amount, currency });

export function productSummary(product: storefront.ListedProduct, currency: string): ProductSummary {
  const { offer } = product;
  return {
    id: product.id,
    handle: product.handle,
    title: product.title,
    vendor: product.vendor,
    tags: product.tags,
    priceRange: { min: money(offer.min, currency), max: money(offer.max, currency) },
    compareAtPriceRange:
      offer.compareAtMin === null || offer.compareAtMax === null
        ? null
        : { min: money(offer.compareAtMin, currency), max: money(offer.compareAtMax, currency) },
    availableForSale: offer.available,
    featuredImage: product.image,
    createdAt: product.createdAt,
  };
}

export function facets(summary: storefront.ProductListSummary, currency: string): Facets {
  const options = new Map<string, { value: string; count: number }[]>();
  for (const [name, value, count] of summary.options) {
    const values = options.get(name) ?? [];
    values.push({ value, count });
    options.set(name, values);
  }
  return {
    categories: mostPopulated(summary.categories, MAX_FACET_CATEGORIES, (category) => category.count),
    options: mostPopulated([...options], MAX_FACET_OPTIONS, ([, values]) =>
      values.reduce((total, { count }) => total + count, 0),
    )
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, values]) => ({
        name,
        values: values
          .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
          .slice(0, MAX_FACET_OPTION_VALUES),
      })),
    priceBands: summary.priceBands.map(([floor, count]) => ({
      min: money(floor, currency),
      max: money(bandCeiling(floor), currency),
      count,
    })),
  };
}

/** The `limit` items with the highest `weight`, in their original order. */
function mostPopulated<T>(items: T[], limit: number, weight: (item: T) => number): T[] {
  if (items.length <= limit) return items;
  const kept = new Set(
    items
      .map((item, index) => ({ index, weight: weight(item) }))
      .sort((a, b) => b.weight - a.weight || a.index - b.index)
      .slice(0, limit)
      .map(({ index }) => index),
  );
  return items.filter((_, index) => kept.has(index));
}

/**
 * The highest amount of the 1-2-5 band starting at `floor` (storefront_price_band in SQL):
 * 0 → 99, 100 → 199, 200 → 499, 500 → 999, 1000 → 1999, …
 */
export function bandCeiling(floor: number): number {
  if (floor === 0) return 99;
  const scale = 10 ** (String(floor).length - 1);
  const leading = floor / scale;
  return (leading === 1 ? 2 : leading === 2 ? 5 : 10) * scale - 1;
}

export function productDetail(product: storefront.ProductDetail, currency: string): Product {
  const priced = product.variants.filter((variant) => variant.price !== null);
  const amounts = priced.map((variant) => variant.price ?? 0);
  return {
    id: product.id,
    handle: product.handle,
    title: product.title,
    description: product.description,
    vendor: product.vendor,
    tags: product.tags,
    options: product.options,
    variants: product.variants.map((variant) => ({
      id: variant.id,
      sku: variant.sku,
      title: variant.title,
      options: variant.options,
      availableForSale: variant.availableForSale,
      inventoryPolicy: variant.inventoryPolicy,
      weightGrams: variant.weightGrams,
      price: variant.price === null ? null : money(variant.price, currency),
      compareAtPrice: variant.compareAtPrice === null ? null : money(variant.compareAtPrice, currency),
    })),
    media: product.media,
    categories: product.categories,
    priceRange:
      amounts.length === 0
        ? null
        : { min: money(Math.min(...amounts), currency), max: money(Math.max(...amounts), currency) },
    availableForSale: priced.some((variant) => variant.availableForSale),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}
