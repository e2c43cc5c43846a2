import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, pricedVariant, storefrontGet, storefrontJson, type World } from './storefront-fixtures';

// A product by handle, the category tree and collections, on this file's own world.

interface ProductBody {
  id: string;
  handle: string;
  title: string;
  options: { name: string; values: string[] }[];
  variants: {
    id: string;
    sku: string;
    options: Record<string, string>;
    availableForSale: boolean;
    price: { amount: number; currency: string } | null;
    compareAtPrice: { amount: number; currency: string } | null;
  }[];
  media: { url: string; alt: string }[];
  categories: { handle: string; path: string }[];
  priceRange: { min: { amount: number; currency: string }; max: { amount: number; currency: string } } | null;
  availableForSale: boolean;
}

interface CategoryNode {
  handle: string;
  path: string;
  children: CategoryNode[];
}

interface CollectionBody {
  handle: string;
  title: string;
  products: {
    data: { handle: string; priceRange: { min: { currency: string } } }[];
    nextCursor: string | null;
  };
}

let world: World;
// Exact handles carry no world suffix of their own, so they get one here.
const unicodeSuffix = crypto.randomUUID().slice(0, 8);
const cafe = `café-au-lait-${unicodeSuffix}`;
const cyrillic = `футболка-${unicodeSuffix}`;

beforeAll(async () => {
  const now = Date.now();
  world = await buildWorld([
    {
      key: 'shirt',
      title: 'Oxford Shirt',
      categories: ['child', 'sibling'],
      collectionPosition: 30,
      images: 3,
      variants: [
        pricedVariant({ size: 'M', colour: 'Blue' }, 5999, { compareAt: 7999 }),
        pricedVariant({ size: 'L', colour: 'Blue' }, 6499, { available: false }),
        // Priced in USD only: in EUR it has no price, and says so.
        { options: { size: 'XL', colour: 'Blue' }, prices: [{ currency: 'USD', amount: 6999 }] },
      ],
    },
    {
      key: 'sale',
      title: 'Sale Tee',
      collectionPosition: 10,
      variants: [
        {
          options: { size: 'M' },
          prices: [
            { currency: 'USD', amount: 2000 },
            // An expired sale and one not yet begun: neither is in force.
            {
              currency: 'USD',
              amount: 1000,
              startsAt: new Date(now - 48 * 3_600_000),
              endsAt: new Date(now - 3_600_000),
            },
            { currency: 'USD', amount: 1500, startsAt: new Date(now + 3_600_000) },
            { currency: 'EUR', amount: 1800 },
          ],
        },
      ],
    },
    {
      key: 'third',
      title: 'Third Tee',
      collectionPosition: 20,
      variants: [pricedVariant({ size: 'S' }, 1000)],
    },
    {
      key: 'hidden',
      title: 'Hidden Tee',
      status: 'draft',
      collectionPosition: 15,
      variants: [pricedVariant({}, 1000)],
    },
    { key: 'cafe', title: 'Café au lait mug', exactHandle: cafe, variants: [pricedVariant({}, 1200)] },
    { key: 'cyrillic', title: 'Футболка', exactHandle: cyrillic, variants: [pricedVariant({}, 1300)] },
  ]);
});

describe('GET /v1/products/{handle}', () => {
  it('returns the product with options, variants priced now, media in order and categories', async () => {
    const product = await storefrontJson<ProductBody>(`/v1/products/${world.handleOf('shirt')}`);
    expect(product).toMatchObject({
      id: world.idOf('shirt'),
      title: 'Oxford Shirt',
      options: [
        { name: 'size', values: ['M', 'L', 'XL'] },
        { name: 'colour', values: ['Blue'] },
      ],
      priceRange: { min: { amount: 5999, currency: 'USD' }, max: { amount: 6999, currency: 'USD' } },
      availableForSale: true,
    });
    expect(product.variants.map((variant) => [variant.options.size, variant.price?.amount])).toEqual([
      ['M', 5999],
      ['L', 6499],
      ['XL', 6999],
    ]);
    expect(product.variants[0]?.compareAtPrice).toEqual({ amount: 7999, currency: 'USD' });
    expect(product.variants[1]?.availableForSale).toBe(false);
    expect(product.media.map((item) => item.url.slice(-5))).toEqual(['1.jpg', '2.jpg', '3.jpg']);
    expect(product.categories.map((category) => category.handle).sort()).toEqual(
      [world.categories.child, world.categories.sibling].sort(),
    );
  });

  it('prices in the market’s currency, with null for a variant not priced there', async () => {
    const product = await storefrontJson<ProductBody>(`/v1/products/${world.handleOf('shirt')}?market=eu`);
    expect(product.variants.map((variant) => variant.price)).toEqual([
      { amount: 5399, currency: 'EUR' },
      { amount: 5849, currency: 'EUR' },
      null,
    ]);
    expect(product.priceRange).toEqual({
      min: { amount: 5399, currency: 'EUR' },
      max: { amount: 5849, currency: 'EUR' },
    });
  });

  it('ignores price windows that ended or have not begun', async () => {
    const product = await storefrontJson<ProductBody>(`/v1/products/${world.handleOf('sale')}`);
    expect(product.variants[0]?.price).toEqual({ amount: 2000, currency: 'USD' });
  });

  it('finds Unicode handles, sent in NFC or NFD', async () => {
    for (const handle of [cafe, cafe.normalize('NFD'), cyrillic]) {
      const product = await storefrontJson<ProductBody>(`/v1/products/${encodeURIComponent(handle)}`);
      expect(product.handle).toBe(handle.normalize('NFC'));
    }
  });

  it('answers If-None-Match with 304', async () => {
    const path = `/v1/products/${world.handleOf('third')}`;
    const first = await storefrontGet(path);
    await first.body?.cancel();
    const etag = first.headers.get('ETag') ?? '';
    expect(etag).not.toBe('');
    const again = await storefrontGet(path, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });
});

describe('GET /v1/categories', () => {
  it('nests children under their parents, siblings by position', async () => {
    const tree = await storefrontJson<{ data: CategoryNode[] }>('/v1/categories');
    const root = tree.data.find((node) => node.handle === world.categories.root);
    expect(root).toEqual({
      id: expect.any(String),
      handle: world.categories.root,
      name: expect.any(String),
      path: world.categories.root,
      children: [
        expect.objectContaining({ handle: world.categories.sibling, children: [] }),
        expect.objectContaining({
          handle: world.categories.child,
          path: `${world.categories.root}/${world.categories.child}`,
        }),
      ],
    });
    expect(tree.data.some((node) => node.handle === world.categories.child)).toBe(false);
  });
});

describe('GET /v1/collections/{handle}', () => {
  it('returns the collection and its active products in merchandised order', async () => {
    const collection = await storefrontJson<CollectionBody>(`/v1/collections/${world.collection}`);
    expect(collection).toMatchObject({ handle: world.collection, title: `Picks ${world.suffix}` });
    expect(collection.products.data.map((product) => product.handle)).toEqual([
      world.handleOf('sale'),
      world.handleOf('third'),
      world.handleOf('shirt'),
    ]);
    expect(collection.products.nextCursor).toBeNull();
  });

  it('pages like the product list', async () => {
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: CollectionBody = await storefrontJson<CollectionBody>(
        `/v1/collections/${world.collection}?limit=1&currency=EUR${cursor ? `&cursor=${cursor}` : ''}`,
      );
      walked.push(...page.products.data.map((product) => product.handle));
      expect(page.products.data.every((product) => product.priceRange.min.currency === 'EUR')).toBe(true);
      cursor = page.products.nextCursor;
    } while (cursor && walked.length < 10);
    expect(walked).toEqual([world.handleOf('sale'), world.handleOf('third'), world.handleOf('shirt')]);
  });
});
