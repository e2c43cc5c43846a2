import { exports } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdminPage, AdminProductView } from './catalog/admin-kit';
import { createAdminProduct } from './catalog/admin-kit';
import { API_ORIGIN, adminRequest, postSigned, uniqueSuffix, withDatabase } from './catalog/catalog-test-kit';
import { productItem } from './catalog/pim-fixtures';
import { expectProblem } from './problem-assertions';

// The input boundary (ADR 14): every string the API accepts is NFC, free of NUL, other control
// characters (but where a field holds lines) and lone surrogates, and bounded; dates are years
// 1-9999; cursors carry real dates and ids. Each kind of input is tried here: query, path,
// header and body, on the storefront, the PIM and the admin doors. None may reach Postgres.

async function expectInvalidField(response: Response, path: string, message?: RegExp) {
  const problem = await expectProblem(response, 400, 'validation_failed');
  const paths = problem.errors?.map((error) => error.path);
  expect(paths, JSON.stringify(problem.errors)).toContain(path);
  if (message) {
    expect(problem.errors?.find((error) => error.path === path)?.message).toMatch(message);
  }
  return problem;
}

const get = (path: string) => exports.default.fetch(`${API_ORIGIN}${path}`);

describe('text in query parameters', () => {
  it.each([
    ['a NUL in tag', 'tag=a%00b', 'tag[0]'],
    ['a control character in tag', 'tag=a%07b', 'tag[0]'],
    ['a NUL in an option value', 'option.size=M%00', 'option.size'],
    ['a NUL in an option name', 'option.si%00ze=M', 'option.si\u0000ze'],
    ['U+001F (the facet separator) in an option value', 'option.size=a%1Fb', 'option.size'],
    ['a NUL in the search text', 'q=tee%00shirt', 'q'],
    ['a bell in the search text', 'q=tee%07', 'q'],
    ['a control character in a category', 'category=shirts%0A', 'category'],
    ['a NUL in a market', 'market=eu%00', 'market'],
  ])('400 naming the parameter for %s', async (_case, query, path) => {
    await expectInvalidField(await get(`/v1/products?${query}`), path, /control characters/);
  });

  it('names the first control character and where it is', async () => {
    const problem = await expectInvalidField(await get('/v1/products?tag=ab%00'), 'tag[0]');
    expect(problem.errors?.[0]?.message).toBe('must not contain control characters (U+0000 at index 2)');
  });
});

describe('text in paths', () => {
  it('400 naming the id for a NUL in an admin product id', async () => {
    await expectInvalidField(await adminRequest('GET', '/v1/admin/products/prod_%00'), 'productId');
  });

  it('400 naming the handle for a control character in a collection handle', async () => {
    await expectInvalidField(await get('/v1/collections/summer%1B'), 'handle');
  });
});

describe('text in JSON bodies', () => {
  it('refuses a whole PIM batch naming the item with a NUL, and applies none of it', async () => {
    const run = uniqueSuffix();
    const good = productItem(`nul-ok-${run}`, 1);
    const bad = productItem(`nul-bad-${run}`, 1, { title: 'Linen\u0000shirt' });
    const response = await postSigned('/v1/integrations/pim/products', { products: [good, bad] });
    await expectInvalidField(response, 'products[1].title', /U\+0000/);
    const stored = await withDatabase((db) =>
      db.execute(sql`select 1 from products where handle in (${good.handle}, ${bad.handle})`),
    );
    expect(stored.rows).toEqual([]);
  });

  it.each([
    [
      'a lone surrogate in a description',
      { description: 'bad \ud800 text' },
      'products[0].description',
      /lone surrogate/,
    ],
    ['a lone low surrogate in a tag', { tags: ['a\udc00'] }, 'products[0].tags[0]', /lone surrogate/],
    [
      'U+001F in an option value',
      {
        options: [{ name: 'size', values: ['a\u001fb'] }],
        variants: [{ sku: `SEP-${uniqueSuffix()}`.toUpperCase(), options: { size: 'a\u001fb' } }],
      },
      'products[0].options[0].values[0]',
      /U\+001F/,
    ],
    ['a tab in a title', { title: 'Linen\tshirt' }, 'products[0].title', /U\+0009/],
    [
      'an escape in an attribute key',
      { attributes: { '\u001bmaterial': 'linen' } },
      'products[0].attributes.\u001bmaterial',
      /key must not contain control characters/,
    ],
  ])('400 for %s of a PIM product', async (_case, override, path, message) => {
    const item = productItem(`bad-${uniqueSuffix()}`, 1, override as never);
    await expectInvalidField(
      await postSigned('/v1/integrations/pim/products', { products: [item] }),
      path,
      message,
    );
  });

  it('keeps line breaks and tabs in a description, which holds paragraphs', async () => {
    const item = productItem(`lines-${uniqueSuffix()}`, 1, { description: 'First line.\r\n\tSecond line.' });
    const response = await postSigned('/v1/integrations/pim/products', { products: [item] });
    expect(response.status, await response.text()).toBe(200);
    const { rows } = await withDatabase((db) =>
      db.execute<{ description: string }>(
        sql`select description from products where handle = ${item.handle}`,
      ),
    );
    expect(rows[0]?.description).toBe('First line.\r\n\tSecond line.');
  });

  it('stores text in NFC, however it was composed', async () => {
    const decomposed = 'Cafe\u0301 au lait';
    const product = await createAdminProduct({
      title: decomposed,
      tags: ['cafe\u0301'],
      options: [{ name: 'roaste\u0301', values: ['da\u0301rk'] }],
      variants: [{ sku: `NFC-${uniqueSuffix()}`.toUpperCase(), options: { 'roaste\u0301': 'da\u0301rk' } }],
    });
    expect(product.title).toBe('Café au lait');
    expect(product.title).toBe(decomposed.normalize('NFC'));
    const response = await adminRequest('GET', `/v1/admin/products/${product.id}`);
    const stored = await response.json<{ tags: string[]; options: { name: string; values: string[] }[] }>();
    expect(stored.tags).toEqual(['café']);
    expect(stored.options).toEqual([{ name: 'roasté', values: ['dárk'] }]);
  });

  it.each([
    ['a NUL in an admin title', { title: 'a\u0000b' }, 'title'],
    ['a lone surrogate in an admin vendor', { vendor: '\ud83d' }, 'vendor'],
    [
      'a control character in a media alt text',
      { media: [{ url: 'https://cdn.example.com/a.jpg', alt: 'a\u0085' }] },
      'media[0].alt',
    ],
    ['a NUL in a media URL', { media: [{ url: 'https://cdn.example.com/a\u0000.jpg' }] }, 'media[0].url'],
  ])('400 for %s', async (_case, override, path) => {
    const response = await adminRequest('POST', '/v1/admin/products', {
      body: { handle: `adm-${uniqueSuffix()}`, title: 'Field jacket', ...override },
    });
    await expectInvalidField(response, path);
  });

  it('400 for a control character in a category name', async () => {
    const response = await adminRequest('POST', '/v1/admin/categories', {
      body: { handle: `cat-${uniqueSuffix()}`, name: 'Outer\u0007wear' },
    });
    await expectInvalidField(response, 'name', /U\+0007/);
  });
});

describe('dates', () => {
  let sku: string;
  beforeAll(async () => {
    const item = productItem(`dates-${uniqueSuffix()}`, 1);
    sku = item.variants[0]?.sku ?? '';
    expect((await postSigned('/v1/integrations/pim/products', { products: [item] })).status).toBe(200);
  });

  it.each([
    ['year 0', '0000-06-01T00:00:00Z'],
    ['year 1 pushed into year 0 by its offset', '0001-01-01T00:30:00+01:00'],
    ['year 9999 pushed into year 10000 by its offset', '9999-12-31T23:00:00-02:00'],
  ])('400 naming the field for %s, before Postgres sees it', async (_case, startsAt) => {
    const response = await postSigned('/v1/integrations/pim/prices', {
      prices: [{ sku, currency: 'EUR', amount: 1000, startsAt, version: 1 }],
    });
    await expectInvalidField(response, 'prices[0].startsAt', /years 0001 to 9999/);
  });

  it('accepts the first and last instants Postgres and ISO 8601 share', async () => {
    const response = await postSigned('/v1/integrations/pim/prices', {
      prices: [
        {
          sku,
          currency: 'EUR',
          amount: 1000,
          startsAt: '0001-01-01T00:00:00Z',
          endsAt: '9999-12-31T23:59:59Z',
          version: 1,
        },
      ],
    });
    expect(response.status, await response.text()).toBe(200);
  });
});

describe('cursors are checked as what they hold', () => {
  let fingerprint: string;
  const encode = (payload: unknown) =>
    btoa(JSON.stringify(payload)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

  beforeAll(async () => {
    await createAdminProduct();
    await createAdminProduct();
    const page = await (await adminRequest('GET', '/v1/admin/products?limit=1')).json<
      AdminPage<AdminProductView>
    >();
    expect(page.nextCursor).not.toBeNull();
    fingerprint = (
      JSON.parse(atob((page.nextCursor ?? '').replaceAll('-', '+').replaceAll('_', '/'))) as { q: string }
    ).q;
  });

  it('resumes from a cursor it forged itself with a real date and id (the control case)', async () => {
    const cursor = encode({ q: fingerprint, k: '2026-11-30T10:00:00.000000Z', i: 'prod_0000000000' });
    const response = await adminRequest('GET', `/v1/admin/products?limit=1&cursor=${cursor}`);
    expect(response.status, await response.text()).toBe(200);
  });

  it.each([
    ['month 13', { k: '2026-13-01T00:00:00.000000Z', i: 'prod_0000000000' }],
    ['30 February', { k: '2026-02-30T00:00:00.000000Z', i: 'prod_0000000000' }],
    ['hour 24', { k: '2026-11-30T24:00:00.000000Z', i: 'prod_0000000000' }],
    ['year 0', { k: '0000-11-30T10:00:00.000000Z', i: 'prod_0000000000' }],
    ['an id with a NUL', { k: '2026-11-30T10:00:00.000000Z', i: 'prod_00\u0000' }],
    ['an id of another kind', { k: '2026-11-30T10:00:00.000000Z', i: 'cat_0000000000' }],
  ])('400 invalid_cursor for a cursor holding %s', async (_case, position) => {
    const cursor = encode({ q: fingerprint, ...position });
    await expectProblem(
      await adminRequest('GET', `/v1/admin/products?limit=1&cursor=${cursor}`),
      400,
      'invalid_cursor',
    );
  });
});
