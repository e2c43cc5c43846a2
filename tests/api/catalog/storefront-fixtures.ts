import { exports } from 'cloudflare:workers';
import { productSearchDocument, schema } from '@edge-commerce/db';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import { expect } from 'vitest';
import { DEMO_MARKETS } from '../../../packages/devstack/src/seed/markets';
import { invalidateCatalog } from './cache-kit';
import { uniqueSuffix, withDatabase } from './catalog-test-kit';

// Storefront suites insert their catalog straight into Postgres (the listing triggers run as
// for any writer) and read it through the API. The database is shared with suites running at
// the same time and, on CI's PostgreSQL, outlives the run: every handle, SKU and tag carries a
// random suffix, and every list a test asserts on is narrowed to its world's tag, category or
// collection.

export interface FixturePrice {
  currency: string;
  amount: number;
  compareAt?: number;
  startsAt?: Date;
  endsAt?: Date;
}

export interface FixtureVariant {
  options: Record<string, string>;
  available?: boolean;
  prices: FixturePrice[];
}

export interface FixtureProduct {
  /** The test's own name for the product. */
  key: string;
  title: string;
  status?: 'draft' | 'active' | 'archived';
  /** Handle without the world's suffix; defaults to a slug of the key. */
  handle?: string;
  /** Used verbatim (no suffix): for Unicode handle tests. */
  exactHandle?: string;
  description?: string;
  vendor?: string;
  tags?: string[];
  createdAt?: Date;
  /** `root` and `child` are the world's two-level tree; `child` sits under `root`. */
  categories?: ('root' | 'child' | 'sibling')[];
  /** Position in the world's collection; omitted: not in it. */
  collectionPosition?: number;
  variants: FixtureVariant[];
  images?: number;
}

export interface World {
  suffix: string;
  /** Carried by every product of the world: `tag=<tag>` lists exactly the world. */
  tag: string;
  categories: { root: string; child: string; sibling: string };
  collection: string;
  products: Map<string, { id: string; handle: string; variantIds: string[] }>;
  handleOf(key: string): string;
  idOf(key: string): string;
}

/** The catalog suites' one way to reach the test database directly. */
export const withTestDatabase = withDatabase;

/** Inserts a world of products and invalidates the catalog cache, as a write through the API would. */
export async function buildWorld(products: FixtureProduct[]): Promise<World> {
  const suffix = uniqueSuffix();
  const tag = `world-${suffix}`;
  const categories = { root: `root-${suffix}`, child: `child-${suffix}`, sibling: `sibling-${suffix}` };
  const collection = `picks-${suffix}`;
  const ids = {
    root: `cat_root${suffix}`,
    child: `cat_child${suffix}`,
    sibling: `cat_sibling${suffix}`,
    collection: `col_picks${suffix}`,
  };
  const created = new Map<string, { id: string; handle: string; variantIds: string[] }>();
  const epoch = Date.now() - 10 * 60_000;

  await withTestDatabase(async (db) => {
    await db.insert(schema.markets).values(DEMO_MARKETS).onConflictDoNothing();
    await db.insert(schema.categories).values([
      { id: ids.root, handle: categories.root, name: `Root ${suffix}`, path: categories.root, position: 0 },
      {
        id: ids.child,
        handle: categories.child,
        name: `Child ${suffix}`,
        parentId: ids.root,
        path: `${categories.root}/${categories.child}`,
        position: 1,
      },
      {
        id: ids.sibling,
        handle: categories.sibling,
        name: `Sibling ${suffix}`,
        parentId: ids.root,
        path: `${categories.root}/${categories.sibling}`,
        position: 0,
      },
    ]);
    await db.insert(schema.collections).values({
      id: ids.collection,
      handle: collection,
      title: `Picks ${suffix}`,
      description: 'Hand-picked.',
    });

    // One statement per table, as a bulk writer would: the listing triggers run once each.
    const rows = {
      products: [] as PgInsertValue<typeof schema.products>[],
      options: [] as (typeof schema.productOptions.$inferInsert)[],
      variants: [] as (typeof schema.variants.$inferInsert)[],
      prices: [] as (typeof schema.prices.$inferInsert)[],
      media: [] as (typeof schema.media.$inferInsert)[],
      categories: [] as (typeof schema.productCategories.$inferInsert)[],
      collection: [] as (typeof schema.collectionProducts.$inferInsert)[],
    };
    for (const [index, product] of products.entries()) {
      const id = `prod_${product.key.replace(/[^a-z0-9]/gi, '').toLowerCase()}${suffix}`;
      const handle = product.exactHandle ?? `${product.handle ?? slug(product.key)}-${suffix}`;
      const tags = [tag, ...(product.tags ?? [])];
      const searchable = {
        title: product.title,
        vendor: product.vendor ?? 'Fixture Goods',
        tags,
        description: product.description ?? '',
      };
      rows.products.push({
        id,
        handle,
        title: product.title,
        description: searchable.description,
        status: product.status ?? 'active',
        vendor: searchable.vendor,
        tags,
        searchDocument: productSearchDocument(searchable),
        pimVersion: 1,
        createdAt: product.createdAt ?? new Date(epoch + index * 1000),
      });
      const optionNames = [...new Set(product.variants.flatMap((variant) => Object.keys(variant.options)))];
      for (const [position, name] of optionNames.entries()) {
        const values = product.variants
          .map((variant) => variant.options[name])
          .filter((v) => v !== undefined);
        rows.options.push({ productId: id, name, position, values: [...new Set(values)] });
      }
      const variantIds: string[] = [];
      for (const [position, variant] of product.variants.entries()) {
        const variantId = `var_${position}x${id.slice('prod_'.length)}`;
        variantIds.push(variantId);
        rows.variants.push({
          id: variantId,
          productId: id,
          sku: `SKU-${suffix}-${index}-${position}`,
          title: Object.values(variant.options).join(' / ') || 'Default',
          options: variant.options,
          position,
          availableForSale: variant.available ?? true,
          pimVersion: 1,
        });
        for (const [priceIndex, price] of variant.prices.entries()) {
          rows.prices.push({
            id: `price_${priceIndex}x${variantId.slice('var_'.length)}`,
            variantId,
            currency: price.currency,
            amount: price.amount,
            compareAtAmount: price.compareAt ?? null,
            ...(price.startsAt ? { startsAt: price.startsAt } : {}),
            ...(price.endsAt ? { endsAt: price.endsAt } : {}),
            pimVersion: 1,
          });
        }
      }
      for (let position = 0; position < (product.images ?? 1); position++) {
        rows.media.push({
          id: `med_${position}x${id.slice('prod_'.length)}`,
          productId: id,
          url: `https://cdn.edge-commerce.example/${handle}/${position + 1}.jpg`,
          alt: `${product.title}, view ${position + 1}`,
          position,
        });
      }
      for (const category of product.categories ?? []) {
        rows.categories.push({ productId: id, categoryId: ids[category] });
      }
      if (product.collectionPosition !== undefined) {
        rows.collection.push({
          collectionId: ids.collection,
          productId: id,
          position: product.collectionPosition,
        });
      }
      created.set(product.key, { id, handle, variantIds });
    }
    if (rows.products.length > 0) await db.insert(schema.products).values(rows.products);
    if (rows.options.length > 0) await db.insert(schema.productOptions).values(rows.options);
    if (rows.variants.length > 0) await db.insert(schema.variants).values(rows.variants);
    if (rows.prices.length > 0) await db.insert(schema.prices).values(rows.prices);
    if (rows.media.length > 0) await db.insert(schema.media).values(rows.media);
    if (rows.categories.length > 0) await db.insert(schema.productCategories).values(rows.categories);
    if (rows.collection.length > 0) await db.insert(schema.collectionProducts).values(rows.collection);
  });
  await invalidateCatalog();

  const lookup = (key: string) => {
    const product = created.get(key);
    if (!product) throw new Error(`no fixture product ${key}`);
    return product;
  };
  return {
    suffix,
    tag,
    categories,
    collection,
    products: created,
    handleOf: (key) => lookup(key).handle,
    idOf: (key) => lookup(key).id,
  };
}

/** A variant priced the same in every market currency (EUR and GBP at fixed rates). */
export function pricedVariant(
  options: Record<string, string>,
  usd: number,
  extra: Partial<FixtureVariant> & { compareAt?: number } = {},
): FixtureVariant {
  const { compareAt, ...rest } = extra;
  return {
    options,
    prices: [
      { currency: 'USD', amount: usd, ...(compareAt ? { compareAt } : {}) },
      { currency: 'EUR', amount: Math.round(usd * 0.9) },
      { currency: 'GBP', amount: Math.round(usd * 0.8) },
    ],
    ...rest,
  };
}

export function storefrontGet(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(`http://api.test${path}`, init);
}

/** GETs a storefront JSON 200 and returns its body. */
export async function storefrontJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await storefrontGet(path, init);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as T;
}

export interface ListBody {
  data: {
    id: string;
    handle: string;
    title: string;
    priceRange: { min: { amount: number; currency: string }; max: { amount: number; currency: string } };
    compareAtPriceRange: { min: { amount: number }; max: { amount: number } } | null;
    availableForSale: boolean;
    featuredImage: { url: string; alt: string } | null;
    createdAt: string;
  }[];
  nextCursor: string | null;
  totalCount: number | null;
  facets: {
    categories: { handle: string; name: string; path: string; count: number }[];
    options: { name: string; values: { value: string; count: number }[] }[];
    priceBands: { min: { amount: number; currency: string }; max: { amount: number }; count: number }[];
  } | null;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
