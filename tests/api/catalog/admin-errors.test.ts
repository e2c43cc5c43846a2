import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import { expectProblem } from '../problem-assertions';
import { eventsFor, storedPrices, storedProduct } from './catalog-rows';
import { API_ORIGIN, adminRequest, uniqueSuffix, withDatabase } from './catalog-test-kit';

interface Created {
  id: string;
  handle: string;
  variants: { id: string; sku: string }[];
}

async function createProduct(): Promise<Created> {
  const handle = `err-${uniqueSuffix()}`;
  const response = await adminRequest('POST', '/v1/admin/products', {
    body: {
      handle,
      title: 'Tote bag',
      options: [{ name: 'colour', values: ['Black', 'Sand'] }],
      variants: [{ sku: `${handle}-BLACK`.toUpperCase(), options: { colour: 'Black' } }],
    },
  });
  expect(response.status).toBe(201);
  return response.json<Created>();
}

describe('admin API: bad requests change nothing', { timeout: 30_000 }, () => {
  it('refuses a product breaking rules with 422, listing every violation', async () => {
    const handle = `rules-${uniqueSuffix()}`;
    const response = await adminRequest('POST', '/v1/admin/products', {
      body: {
        handle,
        title: 'Broken',
        options: [
          { name: 'size', values: ['S', 'S'] },
          { name: 'size', values: ['M'] },
        ],
        variants: [
          { sku: `${handle}-A`, options: { size: 'XL' } },
          { sku: `${handle}-A`, options: { size: 'S', fabric: 'silk' } },
        ],
        media: [{ url: 'https://cdn.example.com/x.jpg' }, { url: 'https://cdn.example.com/x.jpg' }],
        categories: [`missing-${handle}`],
      },
    });

    const problem = await expectProblem(response, 422, 'rule_violated');
    expect(problem.errors?.map((error) => error.path)).toEqual([
      'options[0].values[1]',
      'options[1].name',
      'variants[0].options.size',
      'variants[1].sku',
      'variants[1].options.fabric',
      'media[1].url',
      'categories[0]',
    ]);
    expect(await withDatabase((db) => storedProduct(db, handle))).toBeUndefined();
  });

  it('refuses a taken handle and a SKU of another product with 409', async () => {
    const existing = await createProduct();
    const taken = await adminRequest('POST', '/v1/admin/products', {
      body: { handle: existing.handle, title: 'Again' },
    });
    const skuHandle = `sku-${uniqueSuffix()}`;
    const sku = await adminRequest('POST', '/v1/admin/products', {
      body: { handle: skuHandle, title: 'Thief', variants: [{ sku: existing.variants[0]?.sku }] },
    });

    await expectProblem(taken, 409, 'handle_taken');
    expect((await expectProblem(sku, 409, 'sku_taken')).skus).toEqual([existing.variants[0]?.sku]);
    expect(await withDatabase((db) => storedProduct(db, skuHandle))).toBeUndefined();
  });

  it('refuses malformed fields, unknown fields, an empty patch and a handle change with 400', async () => {
    const product = await createProduct();
    const malformed = await adminRequest('POST', '/v1/admin/products', {
      body: {
        handle: 'Has Spaces',
        title: '',
        status: 'live',
        tags: 'one',
        variants: [{ sku: 'ok', weightGrams: 1.5 }],
      },
    });
    const empty = await adminRequest('PATCH', `/v1/admin/products/${product.id}`, { body: {} });
    const handle = await adminRequest('PATCH', `/v1/admin/products/${product.id}`, {
      body: { handle: 'renamed' },
    });

    expect(
      (await expectProblem(malformed, 400, 'validation_failed')).errors?.map((error) => error.path).sort(),
    ).toEqual(['handle', 'status', 'tags', 'title', 'variants[0].weightGrams'].sort());
    await expectProblem(empty, 400, 'validation_failed');
    expect((await expectProblem(handle, 400, 'validation_failed')).errors?.[0]?.message).toContain('handle');
  });

  it('refuses new options an existing variant does not fit with 422', async () => {
    const product = await createProduct();
    const response = await adminRequest('PATCH', `/v1/admin/products/${product.id}`, {
      body: { options: [{ name: 'size', values: ['S'] }] },
    });
    const problem = await expectProblem(response, 422, 'rule_violated');
    expect(problem.errors?.[0]).toMatchObject({ path: 'options' });
    expect(problem.errors?.[0]?.message).toContain(product.variants[0]?.sku ?? '?');
  });

  it('refuses a variant with options its product lacks, a twin of a sibling, or a taken SKU', async () => {
    const product = await createProduct();
    const path = `/v1/admin/products/${product.id}/variants`;
    const unknownValue = await adminRequest('POST', path, {
      body: { sku: `X-${uniqueSuffix()}`, options: { colour: 'Pink' } },
    });
    const twin = await adminRequest('POST', path, {
      body: { sku: `Y-${uniqueSuffix()}`, options: { colour: 'Black' } },
    });
    const taken = await adminRequest('POST', path, {
      body: { sku: product.variants[0]?.sku, options: { colour: 'Sand' } },
    });

    expect((await expectProblem(unknownValue, 422, 'rule_violated')).errors?.[0]?.path).toBe(
      'options.colour',
    );
    expect((await expectProblem(twin, 422, 'rule_violated')).errors?.[0]?.message).toContain(
      product.variants[0]?.sku ?? '?',
    );
    await expectProblem(taken, 409, 'sku_taken');
  });

  it('refuses bad prices: 400 for negative or fractional amounts, 422 for rules; nothing is written', async () => {
    const product = await createProduct();
    const variant = product.variants[0];
    const path = `/v1/admin/variants/${variant?.id}/prices`;

    const malformed = await adminRequest('POST', path, {
      body: {
        prices: [
          { currency: 'EUR', amount: -100 },
          { currency: 'USD', amount: 10.5 },
          { currency: 'ABC', amount: 1 },
        ],
      },
    });
    const rules = await adminRequest('POST', path, {
      body: {
        prices: [
          { currency: 'EUR', amount: 1000, compareAtAmount: 900 },
          { currency: 'USD', amount: 1000, startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' },
          { currency: 'GBP', amount: 1000 },
          { currency: 'GBP', amount: 1100 },
        ],
      },
    });

    expect(
      (await expectProblem(malformed, 400, 'validation_failed')).errors?.map((error) => error.path),
    ).toEqual(['prices[0].amount', 'prices[1].amount', 'prices[2].currency']);
    expect((await expectProblem(rules, 422, 'rule_violated')).errors?.map((error) => error.path)).toEqual([
      'prices[0].compareAtAmount',
      'prices[1].endsAt',
      'prices[3]',
    ]);
    expect(await withDatabase((db) => storedPrices(db, [variant?.sku ?? '']))).toEqual([]);
  });

  it('answers 404 for unknown or malformed ids, 405 for an unsupported method', async () => {
    await expectProblem(await adminRequest('GET', '/v1/admin/products/prod_nothinghere'), 404, 'not_found');
    await expectProblem(await adminRequest('GET', '/v1/admin/products/var_wrongkind'), 404, 'not_found');
    await expectProblem(
      await adminRequest('PATCH', '/v1/admin/products/prod_nothinghere', { body: { title: 'X' } }),
      404,
      'not_found',
    );
    await expectProblem(
      await adminRequest('POST', '/v1/admin/products/prod_nothinghere/archive'),
      404,
      'not_found',
    );
    await expectProblem(
      await adminRequest('POST', '/v1/admin/products/prod_nothinghere/variants', { body: { sku: 'NOPE-1' } }),
      404,
      'not_found',
    );
    await expectProblem(await adminRequest('GET', '/v1/admin/variants/var_nothinghere'), 404, 'not_found');
    await expectProblem(
      await adminRequest('POST', '/v1/admin/variants/var_nothinghere/prices', {
        body: { prices: [{ currency: 'EUR', amount: 1 }] },
      }),
      404,
      'not_found',
    );
    const wrongMethod = await adminRequest('PATCH', '/v1/admin/products', { body: { title: 'X' } });
    await expectProblem(wrongMethod, 405, 'method_not_allowed');
  });

  it('refuses an Idempotency-Key reused for another body (422) or malformed (400)', async () => {
    const idempotencyKey = `adm-${uniqueSuffix()}`;
    const first = `k1-${uniqueSuffix()}`;
    const second = `k2-${uniqueSuffix()}`;
    expect(
      (
        await adminRequest('POST', '/v1/admin/products', {
          body: { handle: first, title: 'One' },
          idempotencyKey,
        })
      ).status,
    ).toBe(201);

    const reused = await adminRequest('POST', '/v1/admin/products', {
      body: { handle: second, title: 'Two' },
      idempotencyKey,
    });
    const malformed = await adminRequest('POST', '/v1/admin/products', {
      body: { handle: second, title: 'Two' },
      idempotencyKey: 'x'.repeat(256),
    });

    await expectProblem(reused, 422, 'idempotency_key_reused');
    await expectProblem(malformed, 400, 'idempotency_key_required');
    expect(await withDatabase((db) => storedProduct(db, second))).toBeUndefined();
  });

  it('replays a retry whose JSON differs only in spacing and key order: the same parameters are the same request', async () => {
    const idempotencyKey = `adm-${uniqueSuffix()}`;
    const handle = `spaced-${uniqueSuffix()}`;
    const send = (body: string) =>
      exports.default.fetch(`${API_ORIGIN}/v1/admin/products`, {
        method: 'POST',
        body,
        headers: {
          Authorization: `Bearer ${testCredentials.adminApiKey}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': idempotencyKey,
        },
      });
    const first = await send(JSON.stringify({ handle, title: 'Spaced', tags: ['a', 'b'] }));
    expect(first.status, await first.clone().text()).toBe(201);
    const retry = await send(`{\n  "tags": [ "a", "b" ],\n  "title": "Spaced",\n  "handle": "${handle}"\n}`);
    expect(retry.status, await retry.clone().text()).toBe(201);
    expect(await retry.json()).toEqual(await first.json());
    // Different parameters under the same key are still another request.
    await expectProblem(
      await send(JSON.stringify({ handle, title: 'Spaced', tags: ['b', 'a'] })),
      422,
      'idempotency_key_reused',
    );
  });

  it('records no event for a refused change', async () => {
    const product = await createProduct();
    await adminRequest('PATCH', `/v1/admin/products/${product.id}`, {
      body: { categories: [`nope-${uniqueSuffix()}`] },
    });
    const events = await withDatabase((db) => eventsFor(db, [product.id]));
    expect(events.map((event) => event.data.change)).toEqual(['created']);
  });
});
