import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../problem-assertions';
import { statementCount } from './catalog-test-kit';
import {
  buildWorld,
  type ListBody,
  pricedVariant,
  storefrontGet,
  storefrontJson,
  type World,
} from './storefront-fixtures';

// Every malformed request gets a precise 400 (or 404 for paths) naming what is wrong, before
// any query where the input alone says so; and no text in `q` is ever a server error.

let world: World;

beforeAll(async () => {
  world = await buildWorld([
    { key: 'tee', title: 'Plain T-Shirt', variants: [pricedVariant({ size: 'M' }, 1999)] },
    { key: 'mug', title: 'Stoneware Mug', variants: [pricedVariant({}, 1499)] },
    { key: 'cap', title: '100% Cotton_Cap (v2) [limited]', variants: [pricedVariant({}, 999)] },
  ]);
});

const products = (query: string) => storefrontGet(`/v1/products?tag=${world.tag}&${query}`);

async function expectInvalid(response: Response, ...paths: string[]) {
  const problem = await expectProblem(response, 400, 'validation_failed');
  expect(problem.errors?.map((error) => error.path).sort()).toEqual([...paths].sort());
  expect(statementCount(response)).toBe(0);
  return problem;
}

describe('unknown parameters', () => {
  it('names every unknown parameter of the product list', async () => {
    const problem = await expectInvalid(
      await products('colour=blue&sortBy=price&limit=5'),
      'colour',
      'sortBy',
    );
    expect(problem.errors?.[0]?.message).toContain('option.<name>');
  });

  it.each([
    ['/v1/products/{handle}', () => `/v1/products/${world.handleOf('tee')}?limit=5`, 'limit'],
    ['/v1/categories', () => '/v1/categories?depth=2', 'depth'],
    ['/v1/collections/{handle}', () => `/v1/collections/${world.collection}?sort=newest`, 'sort'],
  ])('refuses unknown parameters on %s', async (_route, path, name) => {
    await expectInvalid(await storefrontGet(path()), name);
  });
});

describe('malformed values', () => {
  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=2.5', 'limit'],
    ['limit=', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['sort=price', 'sort'],
    ['sort=relevance', 'sort'],
    ['minPrice=-1', 'minPrice'],
    ['minPrice=1.5', 'minPrice'],
    ['maxPrice=99999999999999999', 'maxPrice'],
    ['minPrice=500&maxPrice=100', 'maxPrice'],
    ['available=yes', 'available'],
    ['currency=US', 'currency'],
    ['currency=%24%24%24', 'currency'],
    ['category=a%20b', 'category'],
    ['category=..%2F..', 'category'],
    ['collection=%F0%9F%91%95', 'collection'],
    ['option.=M', 'option.'],
    [`option.size=${'x'.repeat(101)}`, 'option.size'],
    [`${Array.from({ length: 11 }, (_, index) => `option.o${index}=x`).join('&')}`, 'option.o10'],
    [`${Array.from({ length: 11 }, (_, index) => `tag=t${index}`).join('&')}`, 'tag'],
    ['cursor=', 'cursor'],
    [`cursor=${'a'.repeat(600)}`, 'cursor'],
  ])('400 validation_failed for %s', async (query, path) => {
    // The world's tag would count as an eleventh tag in the tag case; list without it there.
    const response = query.startsWith('tag=')
      ? await storefrontGet(`/v1/products?${query}`)
      : await products(query);
    await expectInvalid(response, path);
  });

  it('refuses limit out of range on collections too', async () => {
    await expectInvalid(await storefrontGet(`/v1/collections/${world.collection}?limit=500`), 'limit');
  });
});

describe('search text', () => {
  it.each([
    ['blank', '%20%20%20'],
    ['control characters only', '%00%01%1F'],
    ['too long', 'a'.repeat(201)],
    ['far too long', 'shirt '.repeat(2000)],
  ])('400 for %s q', async (_case, q) => {
    await expectInvalid(await products(`q=${q}`), 'q');
  });

  it('accepts exactly 200 characters', async () => {
    const response = await products(`q=${'a'.repeat(200)}`);
    expect(response.status).toBe(200);
  });

  it.each([
    "'; drop table products; --",
    '%',
    '_',
    '\\',
    '.*',
    '(',
    ')',
    '|',
    '&',
    '!',
    ':*',
    '<->',
    '"unbalanced',
    'a & | ! b',
    '-',
    '--shirt',
    '*',
    '[a-z]+$',
    '$1 $2',
    '?',
    '\\x00',
    '\u202etruncated',
    '👕',
    'or or or',
    'the',
    '100% cotton_cap',
    'ab%cd',
    '%%%%',
    "O'Brien",
  ])('answers %j with results, never an error', async (q) => {
    const response = await products(`q=${encodeURIComponent(q)}`);
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const body = JSON.parse(text) as ListBody;
    expect(Array.isArray(body.data)).toBe(true);
  });

  it('finds text with LIKE and regex metacharacters literally', async () => {
    const body = await storefrontJson<ListBody>(
      `/v1/products?tag=${world.tag}&q=${encodeURIComponent('cotton_cap (v2) [limited]')}`,
    );
    expect(body.data.map((product) => product.handle)).toEqual([world.handleOf('cap')]);
  });

  it('treats quotes, backslashes and path syntax in option names and values as plain text', async () => {
    for (const query of [
      `option.${encodeURIComponent('fit "cut"')}=${encodeURIComponent('a\\b')}&available=true`,
      `option.${encodeURIComponent('$[*]')}=${encodeURIComponent('") || true || ("')}&option.size=M`,
      `option.size=${encodeURIComponent('M" || @.a == true || "')}&minPrice=1`,
    ]) {
      const response = await products(query);
      const text = await response.text();
      expect(response.status, text).toBe(200);
      expect((JSON.parse(text) as ListBody).data).toEqual([]);
    }
  });

  // A lone surrogate cannot be sent in a URL: its only spelling is bytes that are not UTF-8
  // (CESU-8 `%ED%A0%80`), which URL decoding leaves as the literal text it is. (Lone surrogates
  // in JSON bodies are refused: input-boundary.test.ts.)
  it('searches percent-encoding that is not UTF-8 as the literal text it is', async () => {
    const response = await products('q=%ED%A0%80');
    expect(response.status, await response.text()).toBe(200);
  });
});

describe('cursors', () => {
  it('400 invalid_cursor for text that is no cursor of this API', async () => {
    const json = (value: unknown) =>
      btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    for (const cursor of [
      'not-a-cursor!!',
      'bm90IGpzb24',
      json([1, 2]),
      json({ q: 'x', k: 1 }),
      json('string'),
      'AAAA',
      '_-_-',
      '%FF',
    ]) {
      const response = await products(`cursor=${cursor}`);
      const problem = await expectProblem(response, 400, 'invalid_cursor');
      expect(problem.detail, cursor).toContain('nextCursor');
    }
  });

  it('400 cursor_mismatch for a cursor of another sort, filter or currency', async () => {
    const first = await storefrontJson<ListBody>(`/v1/products?tag=${world.tag}&limit=1`);
    const cursor = first.nextCursor;
    expect(cursor).not.toBeNull();
    for (const other of ['sort=price_asc', 'currency=EUR', 'q=mug', 'available=true', 'option.size=M']) {
      const response = await products(`limit=1&${other}&cursor=${cursor}`);
      await expectProblem(response, 400, 'cursor_mismatch');
    }
    const elsewhere = await storefrontGet(`/v1/products?tag=other-${world.suffix}&limit=1&cursor=${cursor}`);
    await expectProblem(elsewhere, 400, 'cursor_mismatch');
    const collection = await storefrontGet(`/v1/collections/${world.collection}?cursor=${cursor}`);
    await expectProblem(collection, 400, 'cursor_mismatch');
  });

  it('400 invalid_cursor when the key does not fit the sort', async () => {
    // A well-formed cursor of the right query whose key was tampered with.
    const first = await storefrontJson<ListBody>(`/v1/products?tag=${world.tag}&limit=1`);
    const payload = JSON.parse(atob((first.nextCursor ?? '').replaceAll('-', '+').replaceAll('_', '/'))) as {
      q: string;
    };
    const forged = btoa(JSON.stringify({ q: payload.q, k: 'yesterday', i: 'prod_x' }))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '');
    await expectProblem(await products(`limit=1&cursor=${forged}`), 400, 'invalid_cursor');
  });
});

describe('currencies and markets', () => {
  it('400 unsupported_currency for a currency no market sells in', async () => {
    const problem = await expectProblem(await products('currency=XYZ'), 400, 'unsupported_currency');
    expect(problem.currencies).toEqual(expect.arrayContaining(['EUR', 'GBP', 'USD']));
    expect(statementCount(await products('currency=JPY'))).toBeLessThanOrEqual(1);
  });

  it('400 unsupported_currency for a currency the given market does not sell in', async () => {
    const problem = await expectProblem(
      await products('market=eu&currency=USD'),
      400,
      'unsupported_currency',
    );
    expect(problem.detail).toContain('eu');
    expect(problem.currencies).toEqual(['EUR']);
  });

  it('400 unknown_market for a market handle no market has', async () => {
    const problem = await expectProblem(await products('market=atlantis'), 400, 'unknown_market');
    expect(problem.markets).toEqual(expect.arrayContaining(['us', 'eu', 'gb']));
    await expectProblem(
      await storefrontGet(`/v1/products/${world.handleOf('tee')}?market=atlantis`),
      400,
      'unknown_market',
    );
  });
});

describe('handles in paths', () => {
  it.each([
    ['an emoji', '%F0%9F%91%95'],
    ['a dot', 'plain.t-shirt'],
    ['a space', 'plain%20tee'],
    ['percent-encoded slashes', '..%2F..%2Fetc'],
    ['malformed percent-encoding', '%E0%A4%A'],
  ])('404 without a query for a product handle with %s', async (_case, handle) => {
    const response = await storefrontGet(`/v1/products/${handle}`);
    await expectProblem(response, 404, 'not_found');
    expect(statementCount(response)).toBe(0);
  });

  it.each([
    ['201 characters', 'a'.repeat(201)],
    ['a NUL', 'tee%00'],
    ['a control character', 'tee%1Fshirt'],
  ])('400 naming the handle, without a query, for a product handle with %s', async (_case, handle) => {
    const response = await storefrontGet(`/v1/products/${handle}`);
    await expectInvalid(response, 'handle');
    expect(statementCount(response)).toBe(0);
  });

  it('404 for a collection handle that cannot exist', async () => {
    const response = await storefrontGet('/v1/collections/%F0%9F%91%95');
    await expectProblem(response, 404, 'not_found');
    expect(statementCount(response)).toBe(0);
  });
});
