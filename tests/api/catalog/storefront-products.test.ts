import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../workers/api/src/app';
import { invalidateCatalog } from './cache-kit';
import { statementCount } from './catalog-test-kit';
import {
  buildWorld,
  type ListBody,
  pricedVariant,
  storefrontGet,
  storefrontJson,
  type World,
  withTestDatabase,
} from './storefront-fixtures';

// The product list: filters, sorts, pages, facets, currencies and caching, each asserted on this
// file's own world (every list is narrowed to the world's tag, category or collection).

const HOUR = 3_600_000;
let world: World;

beforeAll(async () => {
  const now = Date.now();
  world = await buildWorld([
    {
      key: 'navy-tee',
      title: 'Classic Cotton T-Shirt',
      description: 'A soft everyday tee.',
      tags: ['organic'],
      categories: ['child'],
      collectionPosition: 2,
      images: 2,
      variants: [
        pricedVariant({ size: 'S', colour: 'Navy' }, 1999),
        pricedVariant({ size: 'M', colour: 'Navy' }, 1999),
        pricedVariant({ size: 'L', colour: 'Navy' }, 2499),
      ],
    },
    {
      key: 'red-tee',
      title: 'Vintage T-Shirt',
      categories: ['child'],
      collectionPosition: 1,
      variants: [
        pricedVariant({ size: 'M', colour: 'Red' }, 2499, { compareAt: 2999 }),
        pricedVariant({ size: 'L', colour: 'Red' }, 2499, { compareAt: 2999 }),
      ],
    },
    {
      key: 'hoodie',
      title: 'Merino Hoodie',
      description: 'Warm merino wool, brushed inside.',
      tags: ['organic', 'winter'],
      categories: ['sibling'],
      variants: [
        pricedVariant({ size: 'M', colour: 'Grey' }, 7999, { available: false }),
        pricedVariant({ size: 'L', colour: 'Grey' }, 7999),
      ],
    },
    {
      key: 'jacket',
      title: 'Linen Jacket',
      description: 'Goes well over a t-shirt.',
      categories: ['root'],
      variants: [pricedVariant({ size: 'M', colour: 'Olive' }, 12999)],
    },
    {
      // Navy only in S, red only in M: matches size=M and colour=Navy, but no variant is both.
      key: 'mixed-polo',
      title: 'Pique Polo',
      categories: ['child'],
      variants: [
        pricedVariant({ size: 'S', colour: 'Navy' }, 3999),
        pricedVariant({ size: 'M', colour: 'Red' }, 3999),
      ],
    },
    {
      key: 'sold-out-cap',
      title: 'Canvas Cap',
      variants: [pricedVariant({ size: 'One size', colour: 'Beige' }, 1500, { available: false })],
    },
    {
      // Priced in USD only: listed in dollars, absent from the pound and euro lists.
      key: 'usd-only-scarf',
      title: 'Wool Scarf',
      variants: [{ options: { colour: 'Grey' }, prices: [{ currency: 'USD', amount: 2999 }] }],
    },
    {
      // A sale in force now (latest started window wins) and a change that has not begun.
      key: 'sale-socks',
      title: 'Hiking Socks',
      variants: [
        {
          options: { size: 'M' },
          prices: [
            { currency: 'USD', amount: 1200 },
            {
              currency: 'USD',
              amount: 900,
              compareAt: 1200,
              startsAt: new Date(now - HOUR),
              endsAt: new Date(now + HOUR),
            },
            { currency: 'USD', amount: 700, startsAt: new Date(now + 24 * HOUR) },
            { currency: 'EUR', amount: 1100 },
            { currency: 'GBP', amount: 1000 },
          ],
        },
      ],
    },
    {
      key: 'draft-tee',
      title: 'Draft T-Shirt',
      status: 'draft',
      variants: [pricedVariant({ size: 'M' }, 999)],
    },
    {
      key: 'archived-tee',
      title: 'Archived T-Shirt',
      status: 'archived',
      variants: [pricedVariant({ size: 'M' }, 999)],
    },
  ]);
});

const list = (query: string) => storefrontJson<ListBody>(`/v1/products?tag=${world.tag}&${query}`);
const handles = (body: ListBody) => body.data.map((product) => product.handle);
const h = (...keys: string[]) => keys.map((key) => world.handleOf(key));

describe('GET /v1/products lists active products', () => {
  it('lists the active products only, newest first, with prices, availability and image', async () => {
    const body = await list('');
    expect(handles(body)).toEqual(
      h(
        'sale-socks',
        'usd-only-scarf',
        'sold-out-cap',
        'mixed-polo',
        'jacket',
        'hoodie',
        'red-tee',
        'navy-tee',
      ),
    );
    expect(body.totalCount).toBe(8);
    expect(body.nextCursor).toBeNull();
    const navy = body.data.find((product) => product.handle === world.handleOf('navy-tee'));
    expect(navy).toMatchObject({
      id: world.idOf('navy-tee'),
      title: 'Classic Cotton T-Shirt',
      priceRange: { min: { amount: 1999, currency: 'USD' }, max: { amount: 2499, currency: 'USD' } },
      compareAtPriceRange: null,
      availableForSale: true,
      featuredImage: { url: expect.stringContaining('/1.jpg'), alt: 'Classic Cotton T-Shirt, view 1' },
    });
    const red = body.data.find((product) => product.handle === world.handleOf('red-tee'));
    expect(red?.compareAtPriceRange).toEqual({
      min: { amount: 2999, currency: 'USD' },
      max: { amount: 2999, currency: 'USD' },
    });
    expect(
      body.data.find((product) => product.handle === world.handleOf('sold-out-cap'))?.availableForSale,
    ).toBe(false);
  });

  it('filters by category, including the categories below it', async () => {
    expect(handles(await list(`category=${world.categories.child}`))).toEqual(
      h('mixed-polo', 'red-tee', 'navy-tee'),
    );
    expect(handles(await list(`category=${world.categories.root}`))).toEqual(
      h('mixed-polo', 'jacket', 'hoodie', 'red-tee', 'navy-tee'),
    );
    // Without the tag too: the category alone scopes the list.
    const byCategory = await storefrontJson<ListBody>(`/v1/products?category=${world.categories.sibling}`);
    expect(handles(byCategory)).toEqual(h('hoodie'));
  });

  it('filters by collection', async () => {
    expect(handles(await list(`collection=${world.collection}`))).toEqual(h('red-tee', 'navy-tee'));
  });

  it('filters by tags, all of which must match', async () => {
    expect(handles(await list('tag=organic'))).toEqual(h('hoodie', 'navy-tee'));
    expect(handles(await list('tag=organic&tag=winter'))).toEqual(h('hoodie'));
  });

  it('filters by option values: alternatives within an option, every option on one variant', async () => {
    expect(handles(await list('option.size=S'))).toEqual(h('mixed-polo', 'navy-tee'));
    expect(handles(await list('option.size=S&option.size=L'))).toEqual(
      h('mixed-polo', 'hoodie', 'red-tee', 'navy-tee'),
    );
    // The polo has navy (in S) and M (in red), but no navy M.
    expect(handles(await list('option.colour=Navy&option.size=M'))).toEqual(h('navy-tee'));
  });

  it('filters by price range: some variant costs within the inclusive bounds', async () => {
    expect(handles(await list('minPrice=2400&maxPrice=2499'))).toEqual(h('red-tee', 'navy-tee'));
    expect(handles(await list('minPrice=7999'))).toEqual(h('jacket', 'hoodie'));
    expect(handles(await list('maxPrice=1000'))).toEqual(h('sale-socks'));
  });

  it('filters by availability, on the same variant as the other variant filters', async () => {
    const available = handles(await list('available=true'));
    expect(available).not.toContain(world.handleOf('sold-out-cap'));
    expect(available).toContain(world.handleOf('hoodie'));
    // The hoodie's M is sold out; its L is not.
    expect(handles(await list('option.size=M&available=true'))).not.toContain(world.handleOf('hoodie'));
    expect(handles(await list('option.size=L&available=true'))).toContain(world.handleOf('hoodie'));
    expect(handles(await list('available=false'))).toHaveLength(8);
  });

  it('sorts by price, ascending and descending, on the lowest price in force', async () => {
    expect(handles(await list(`category=${world.categories.root}&sort=price_asc`))).toEqual(
      h('navy-tee', 'red-tee', 'mixed-polo', 'hoodie', 'jacket'),
    );
    expect(handles(await list(`category=${world.categories.root}&sort=price_desc`))).toEqual(
      h('jacket', 'hoodie', 'mixed-polo', 'red-tee', 'navy-tee'),
    );
  });
});

describe('GET /v1/products pages', () => {
  it('walks every page without repeating or skipping, ties included, for each sort', async () => {
    for (const sort of ['newest', 'price_asc', 'price_desc']) {
      const everything = handles(await list(`sort=${sort}`));
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: ListBody = await list(`sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...handles(page));
        expect(page.totalCount === null).toBe(cursor !== null);
        expect(page.facets === null).toBe(cursor !== null);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen, sort).toEqual(everything);
      expect(pages, sort).toBe(3);
    }
  });

  it('walks products with equal dates and equal prices without repeating or skipping', async () => {
    // Seven products created at the same instant at the same price: every sort key ties.
    const instant = new Date(Date.now() - 60_000);
    const ties = await buildWorld(
      Array.from({ length: 7 }, (_, index) => ({
        key: `twin-${index}`,
        title: `Twin Tee ${index}`,
        createdAt: instant,
        variants: [pricedVariant({ size: 'M' }, 1500)],
      })),
    );
    const expected = [...ties.products.values()].map((product) => product.handle).sort();
    for (const sort of ['newest', 'price_asc', 'price_desc']) {
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page: ListBody = await storefrontJson<ListBody>(
          `/v1/products?tag=${ties.tag}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        walked.push(...handles(page));
        cursor = page.nextCursor;
      } while (cursor && walked.length < 20);
      expect(walked.length, sort).toBe(7);
      expect([...walked].sort(), sort).toEqual(expected);
    }
  });

  it('lets limit change between pages of one query', async () => {
    const first = await list('limit=2');
    const second = await list(`limit=5&cursor=${first.nextCursor}`);
    expect([...handles(first), ...handles(second)]).toEqual(handles(await list('limit=7')));
  });
});

describe('GET /v1/products facets', () => {
  it('counts categories (with descendants), option values and price bands of the whole result', async () => {
    const body = await list('limit=1');
    expect(body.data).toHaveLength(1);
    const facets = body.facets;
    expect(facets).not.toBeNull();
    if (!facets) return;
    const categories = Object.fromEntries(facets.categories.map((facet) => [facet.handle, facet.count]));
    expect(categories).toEqual({
      [world.categories.root]: 5,
      [world.categories.child]: 3,
      [world.categories.sibling]: 1,
    });
    const sizes = facets.options.find((option) => option.name === 'size')?.values;
    expect(sizes).toEqual(
      expect.arrayContaining([
        { value: 'M', count: 6 },
        { value: 'L', count: 3 },
        { value: 'S', count: 2 },
      ]),
    );
    // Every band, applied as minPrice/maxPrice, selects exactly its count.
    for (const band of facets.priceBands) {
      expect(band.min.currency).toBe('USD');
      const filtered = await list(`minPrice=${band.min.amount}&maxPrice=${band.max.amount}`);
      expect(filtered.totalCount, `${band.min.amount}-${band.max.amount}`).toBe(band.count);
    }
    expect(facets.priceBands.map((band) => [band.min.amount, band.max.amount])).toEqual([
      [500, 999],
      [1000, 1999],
      [2000, 4999],
      [5000, 9999],
      [10000, 19999],
    ]);
  });

  it('counts within the filtered result', async () => {
    const body = await list(`category=${world.categories.child}&option.colour=Red`);
    expect(handles(body)).toEqual(h('mixed-polo', 'red-tee'));
    expect(body.totalCount).toBe(2);
    const colours = body.facets?.options.find((option) => option.name === 'colour')?.values;
    expect(colours).toEqual([
      { value: 'Red', count: 2 },
      { value: 'Navy', count: 1 },
    ]);
  });
});

describe('GET /v1/products search', () => {
  it('ranks title matches above description matches', async () => {
    const body = await list('q=t-shirt');
    expect(handles(body)).toEqual(h('navy-tee', 'red-tee', 'jacket'));
    expect(body.totalCount).toBe(3);
  });

  it.each(['tshirt', 't-shrit', 'T-SHRIT', 'vintage tshirt'])(
    'finds T-Shirts despite the typo in %j',
    async (q) => {
      const found = handles(await list(`q=${encodeURIComponent(q)}`));
      expect(found).toContain(world.handleOf(q.startsWith('vintage') ? 'red-tee' : 'navy-tee'));
      expect(found).not.toContain(world.handleOf('draft-tee'));
    },
  );

  it('searches descriptions and stems words', async () => {
    expect(handles(await list('q=brushed%20wool'))).toEqual(h('hoodie'));
    expect(handles(await list('q=hoodies'))).toEqual(h('hoodie'));
  });

  it('sorts search results by price when asked', async () => {
    expect(handles(await list('q=t-shirt&sort=price_desc'))).toEqual(h('jacket', 'red-tee', 'navy-tee'));
  });

  it('pages search results by relevance without repeats', async () => {
    const first = await list('q=shirt&limit=2');
    const rest = await list(`q=shirt&limit=2&cursor=${first.nextCursor}`);
    expect([...handles(first), ...handles(rest)]).toEqual(handles(await list('q=shirt')));
  });
});

describe('GET /v1/products currencies', () => {
  it('prices in the currency asked for, or the market’s default', async () => {
    const eur = await list('currency=EUR');
    expect(eur.data.find((product) => product.handle === world.handleOf('jacket'))?.priceRange.min).toEqual({
      amount: 11699,
      currency: 'EUR',
    });
    const gb = await list('market=gb');
    expect(gb.data.every((product) => product.priceRange.min.currency === 'GBP')).toBe(true);
    expect(handles(gb)).not.toContain(world.handleOf('usd-only-scarf'));
    expect(handles(await list('currency=gbp'))).toEqual(handles(gb));
    expect(handles(await list(''))).toContain(world.handleOf('usd-only-scarf'));
  });

  it('shows the price in force now: the latest started window, not one yet to come', async () => {
    const socks = (await list('')).data.find((product) => product.handle === world.handleOf('sale-socks'));
    expect(socks?.priceRange.min).toEqual({ amount: 900, currency: 'USD' });
    expect(socks?.compareAtPriceRange?.min.amount).toBe(1200);
  });
});

describe('listings whose price windows moved on', () => {
  it('are recomputed on read, and brought up to date by storefront_refresh_stale_listing_batch()', async () => {
    const stale = await buildWorld([
      {
        key: 'window-tee',
        title: 'Window Tee',
        variants: [pricedVariant({ size: 'M', colour: 'Teal' }, 3000)],
      },
    ]);
    const id = stale.idOf('window-tee');
    // As if a sale had ended since the row was written: the stored offer is wrong and expired.
    await withTestDatabase((db) =>
      db.execute(sql`update product_listings set fresh_until = now() - interval '1 second',
        offers = '{"USD": {"min": 1, "max": 1, "compareAtMin": null, "compareAtMax": null, "available": false, "amounts": [1]}}',
        price_band_keys = '{USD:0}', variants = '[]'
        where product_id = ${id}`),
    );
    await invalidateCatalog();
    const body = await storefrontJson<ListBody>(`/v1/products?tag=${stale.tag}&option.size=M&available=true`);
    expect(body.data.map((product) => product.priceRange.min.amount)).toEqual([3000]);
    expect(body.facets?.priceBands.map((band) => band.min.amount)).toEqual([2000]);

    const refreshed = await withTestDatabase(async (db) => {
      await db.execute(sql`select storefront_refresh_stale_listing_batch(100000)`);
      const { rows } = await db.execute<{ fresh: boolean; min: number }>(
        sql`select fresh_until > now() as fresh, (offers -> 'USD' ->> 'min')::int as min
            from product_listings where product_id = ${id}`,
      );
      return rows[0];
    });
    expect(refreshed).toEqual({ fresh: true, min: 3000 });
  });
});

describe('GET /v1/products caching', () => {
  it('sends a strong ETag and answers If-None-Match with 304 and no body', async () => {
    const path = `/v1/products?tag=${world.tag}&sort=price_asc`;
    const first = await storefrontGet(path);
    const body = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get('Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=300');
    const etag = first.headers.get('ETag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
    const expected = btoa(String.fromCharCode(...new Uint8Array(digest)))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '');
    expect(etag).toBe(`"${expected}"`);

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const conditional = await storefrontGet(path, { headers: { 'If-None-Match': ifNoneMatch } });
      expect(conditional.status, ifNoneMatch).toBe(304);
      expect(await conditional.text()).toBe('');
      expect(conditional.headers.get('ETag')).toBe(etag);
      expect(conditional.headers.get('Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=300');
    }
    const stale = await storefrontGet(path, { headers: { 'If-None-Match': '"stale"' } });
    expect(stale.status).toBe(200);
  });

  it('gives equal requests, however written, the same entry and ETag', async () => {
    const a = await storefrontGet(
      `/v1/products?tag=${world.tag}&tag=organic&sort=newest&currency=usd&limit=20`,
    );
    const b = await storefrontGet(`/v1/products?tag=organic&market=us&tag=${world.tag}&tag=organic`);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.headers.get('ETag')).toBe(a.headers.get('ETag'));
    expect(await b.text()).toBe(await a.text());
  });
});

describe('SQL budget', () => {
  // Without the cache, every request renders: one statement for the markets, one for the page.
  const uncached = { ...env, UPSTASH_REDIS_REST_URL: undefined, UPSTASH_REDIS_REST_TOKEN: undefined };
  const request = (path: string) => createApp().request(path, {}, uncached);

  it.each([
    [
      'a filtered search with facets',
      () => `/v1/products?tag=${world.tag}&q=shirt&option.size=M&minPrice=100`,
    ],
    [
      'a category list sorted by price',
      () => `/v1/products?category=${world.categories.root}&sort=price_asc`,
    ],
    ['a product', () => `/v1/products/${world.handleOf('navy-tee')}`],
    ['a collection', () => `/v1/collections/${world.collection}`],
  ])('renders %s in 2 statements (markets, then the page)', async (_name, path) => {
    const response = await request(path());
    expect(response.status).toBe(200);
    expect(statementCount(response)).toBe(2);
  });

  it('renders the category tree in 1 statement', async () => {
    const response = await request('/v1/categories');
    expect(response.status).toBe(200);
    expect(statementCount(response)).toBe(1);
  });

  it('answers a repeated request from the cache without a statement', async () => {
    const path = `/v1/products?tag=${world.tag}&sort=price_desc&limit=4`;
    const first = await storefrontGet(path);
    expect(statementCount(first)).toBeLessThanOrEqual(2);
    const again = await storefrontGet(path);
    expect(again.status).toBe(200);
    // Another suite's write between the two would invalidate; then it renders again, within budget.
    expect(statementCount(again)).toBeLessThanOrEqual(2);
    expect(again.headers.get('ETag')).toBe(first.headers.get('ETag'));
  });
});
