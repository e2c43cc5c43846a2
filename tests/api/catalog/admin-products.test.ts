import { describe, expect, it } from 'vitest';
import { eventsFor, insertCategory, storedProduct } from './catalog-rows';
import { adminRequest, postSigned, uniqueSuffix, withDatabase } from './catalog-test-kit';
import { productItem } from './pim-fixtures';

interface AdminProduct {
  id: string;
  handle: string;
  title: string;
  status: string;
  vendor: string | null;
  tags: string[];
  pimVersion: number;
  options: { name: string; values: string[] }[];
  variants: {
    id: string;
    sku: string;
    title: string;
    options: Record<string, string>;
    availableForSale: boolean;
    position: number;
    pimVersion: number;
    prices: {
      id: string;
      currency: string;
      amount: number;
      compareAtAmount: number | null;
      startsAt: string | null;
      pimVersion: number;
    }[];
  }[];
  media: { url: string; alt: string }[];
  categories: { handle: string; path: string }[];
}

type AdminVariant = AdminProduct['variants'][number];

async function createProduct(overrides: Record<string, unknown> = {}): Promise<AdminProduct> {
  const handle = `adm-${uniqueSuffix()}`;
  const response = await adminRequest('POST', '/v1/admin/products', {
    body: {
      handle,
      title: 'Wool scarf',
      vendor: 'Atelier Nord',
      options: [{ name: 'colour', values: ['Grey', 'Navy'] }],
      variants: [
        { sku: `${handle}-GREY`.toUpperCase(), options: { colour: 'Grey' } },
        { sku: `${handle}-NAVY`.toUpperCase(), options: { colour: 'Navy' } },
      ],
      media: [{ url: `https://cdn.example.com/${handle}.jpg`, alt: 'Scarf' }],
      ...overrides,
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<AdminProduct>();
}

describe('admin API: products, variants, prices', { timeout: 30_000 }, () => {
  it('creates a draft product with variants, media and categories: 201, Location, event, search document', async () => {
    const category = `scarves-${uniqueSuffix()}`;
    await withDatabase((db) => insertCategory(db, category));
    const handle = `adm-${uniqueSuffix()}`;

    const response = await adminRequest('POST', '/v1/admin/products', {
      body: {
        handle,
        title: 'Wool scarf',
        tags: ['wool'],
        options: [{ name: 'colour', values: ['Grey'] }],
        variants: [{ sku: `${handle}-G`.toUpperCase(), options: { colour: 'Grey' } }],
        categories: [category],
      },
    });

    expect(response.status).toBe(201);
    const product = await response.json<AdminProduct>();
    expect(response.headers.get('Location')).toBe(`/v1/admin/products/${product.id}`);
    expect(product).toMatchObject({
      handle,
      status: 'draft',
      pimVersion: 0,
      tags: ['wool'],
      variants: [{ sku: `${handle}-G`.toUpperCase(), title: 'Grey', pimVersion: 0, prices: [] }],
      categories: [{ handle: category, path: category }],
    });
    const stored = await withDatabase((db) => storedProduct(db, handle));
    expect(stored?.searchDocument).toMatch(/'wool':\d+A/);
    const events = await withDatabase((db) => eventsFor(db, [product.id]));
    expect(events.map((event) => [event.type, event.data.change, event.data.source])).toEqual([
      ['ProductUpdated', 'created', 'admin'],
    ]);
    const read = await adminRequest('GET', `/v1/admin/products/${product.id}`);
    expect(await read.json()).toEqual(product);
  });

  it('replays a create retried with the same Idempotency-Key instead of creating twice', async () => {
    const handle = `idem-${uniqueSuffix()}`;
    const body = { handle, title: 'Cap', variants: [{ sku: `${handle}-ONE`.toUpperCase() }] };
    const idempotencyKey = `create-${uniqueSuffix()}`;

    const first = await adminRequest('POST', '/v1/admin/products', { body, idempotencyKey });
    const retry = await adminRequest('POST', '/v1/admin/products', { body, idempotencyKey });

    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retry.headers.get('Location')).toBe(first.headers.get('Location'));
    expect(await retry.json()).toEqual(await first.json());
  });

  it('updates fields, replaces media and categories, recomputes the search document and keeps the PIM version', async () => {
    const handle = `pimmed-${uniqueSuffix()}`;
    await postSigned('/v1/integrations/pim/products', { products: [productItem(handle, 4)] });
    const id = (await withDatabase((db) => storedProduct(db, handle)))?.id ?? '';
    const category = `sale-${uniqueSuffix()}`;
    await withDatabase((db) => insertCategory(db, category));

    const response = await adminRequest('PATCH', `/v1/admin/products/${id}`, {
      body: {
        title: 'Cashmere shirt',
        vendor: null,
        media: [{ url: 'https://cdn.example.com/new.jpg', alt: 'New' }],
        categories: [category],
      },
    });

    expect(response.status).toBe(200);
    const product = await response.json<AdminProduct>();
    expect(product).toMatchObject({
      title: 'Cashmere shirt',
      vendor: null,
      pimVersion: 4,
      media: [{ url: 'https://cdn.example.com/new.jpg', alt: 'New' }],
      categories: [{ handle: category }],
    });
    const stored = await withDatabase((db) => storedProduct(db, handle));
    expect(stored?.searchDocument).toMatch(/'cashmer':\d+A/);
    expect(stored?.searchDocument).not.toMatch(/'ateli'/);
  });

  it('lets the next newer PIM version replace admin edits, and an older one not', async () => {
    const handle = `owner-${uniqueSuffix()}`;
    await postSigned('/v1/integrations/pim/products', {
      products: [productItem(handle, 2, { title: 'From PIM v2' })],
    });
    const id = (await withDatabase((db) => storedProduct(db, handle)))?.id ?? '';
    await adminRequest('PATCH', `/v1/admin/products/${id}`, { body: { title: 'Edited by an operator' } });

    await postSigned('/v1/integrations/pim/products', {
      products: [productItem(handle, 2, { title: 'PIM v2 again' })],
    });
    expect((await withDatabase((db) => storedProduct(db, handle)))?.title).toBe('Edited by an operator');
    await postSigned('/v1/integrations/pim/products', {
      products: [productItem(handle, 3, { title: 'From PIM v3' })],
    });
    expect((await withDatabase((db) => storedProduct(db, handle)))?.title).toBe('From PIM v3');
  });

  it('archives a product once: a second archive changes nothing and records no event', async () => {
    const product = await createProduct({ status: 'active' });

    const first = await adminRequest('POST', `/v1/admin/products/${product.id}/archive`);
    const second = await adminRequest('POST', `/v1/admin/products/${product.id}/archive`);

    expect((await first.json<AdminProduct>()).status).toBe('archived');
    expect(second.status).toBe(200);
    const events = await withDatabase((db) => eventsFor(db, [product.id]));
    expect(events.map((event) => event.data.change)).toEqual(['created', 'archived']);
  });

  it('adds a variant (201, Location) and updates it', async () => {
    const product = await createProduct({ options: [{ name: 'colour', values: ['Grey', 'Navy', 'Red'] }] });
    const sku = `${product.handle}-RED`.toUpperCase();

    const created = await adminRequest('POST', `/v1/admin/products/${product.id}/variants`, {
      body: { sku, options: { colour: 'Red' }, weightGrams: 90 },
    });
    expect(created.status).toBe(201);
    const variant = await created.json<AdminVariant>();
    expect(created.headers.get('Location')).toBe(`/v1/admin/variants/${variant.id}`);
    expect(variant).toMatchObject({ sku, title: 'Red', position: 2, pimVersion: 0 });

    const updated = await adminRequest('PATCH', `/v1/admin/variants/${variant.id}`, {
      body: { availableForSale: false, title: 'Red (limited)' },
    });
    expect(await updated.json()).toMatchObject({
      sku,
      title: 'Red (limited)',
      availableForSale: false,
      weightGrams: 90,
    });
    expect(await (await adminRequest('GET', `/v1/admin/variants/${variant.id}`)).json()).toMatchObject({
      availableForSale: false,
    });
  });

  it('sets prices: creates and changes windows, reports unchanged ones nowhere, records PriceUpdated events', async () => {
    const product = await createProduct();
    const variant = product.variants[0];
    const path = `/v1/admin/variants/${variant?.id}/prices`;

    const first = await adminRequest('POST', path, {
      body: {
        prices: [
          { currency: 'EUR', amount: 2900, compareAtAmount: 3900 },
          { currency: 'EUR', amount: 1900, startsAt: '2026-11-27T00:00:00Z', endsAt: '2026-11-30T00:00:00Z' },
        ],
      },
    });
    const second = await adminRequest('POST', path, {
      body: {
        prices: [
          { currency: 'EUR', amount: 2900, compareAtAmount: 3900 },
          { currency: 'GBP', amount: 2500 },
        ],
      },
    });

    expect(first.status).toBe(200);
    const after = await second.json<AdminVariant>();
    expect(
      after.prices.map((price) => [price.currency, price.amount, price.startsAt, price.pimVersion]),
    ).toEqual([
      ['EUR', 2900, null, 0],
      ['EUR', 1900, '2026-11-27T00:00:00.000Z', 0],
      ['GBP', 2500, null, 0],
    ]);
    const events = await withDatabase((db) =>
      eventsFor(
        db,
        after.prices.map((price) => price.id),
      ),
    );
    expect(
      events.map((event) => [event.type, event.data.currency, event.data.change, event.data.source]),
    ).toEqual([
      ['PriceUpdated', 'EUR', 'created', 'admin'],
      ['PriceUpdated', 'EUR', 'created', 'admin'],
      ['PriceUpdated', 'GBP', 'created', 'admin'],
    ]);
  });
});
