import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../problem-assertions';
import { insertCategory, storedProduct } from './catalog-rows';
import { API_ORIGIN, postSigned, postWithKey, uniqueSuffix, withDatabase } from './catalog-test-kit';
import { productBatch, productItem } from './pim-fixtures';

const PRODUCTS = '/v1/integrations/pim/products';

const storedHandles = (handles: readonly string[]) =>
  withDatabase(async (db) => {
    const found: string[] = [];
    for (const handle of handles) if (await storedProduct(db, handle)) found.push(handle);
    return found;
  });

describe('POST /v1/integrations/pim/products: bad batches change nothing', { timeout: 30_000 }, () => {
  it('rejects the whole batch with 422, listing every item that breaks a rule', async () => {
    const run = uniqueSuffix();
    const owner = productItem(`owner-${run}`, 1);
    await postSigned(PRODUCTS, { products: [owner] });
    const shirts = `shirts-${run}`;
    await withDatabase((db) => insertCategory(db, shirts));

    const valid = productItem(`valid-${run}`, 1, { categories: [shirts] });
    const batch = [
      valid,
      productItem(`dup-${run}`, 1),
      productItem(`dup-${run}`, 2, { variants: [{ sku: `DUP2-${run}`, options: { size: 'S' } }] }),
      productItem(`steal-${run}`, 1, {
        variants: [{ sku: `${owner.handle.toUpperCase()}-M`, options: { size: 'M' } }],
      }),
      productItem(`twice-${run}`, 1, {
        variants: [{ sku: `${valid.handle.toUpperCase()}-S`, options: { size: 'S' } }],
      }),
      productItem(`nocat-${run}`, 1, { categories: [shirts, `missing-${run}`] }),
      productItem(`opts-${run}`, 1, {
        variants: [
          { sku: `OPTS-${run}-1`, options: { size: 'XXL' } },
          { sku: `OPTS-${run}-2`, options: { colour: 'Blue' } },
          { sku: `OPTS-${run}-3`, options: { size: 'S' } },
          { sku: `OPTS-${run}-4`, options: { size: 'S' } },
        ],
      }),
      productItem(`media-${run}`, 1, {
        media: [{ url: 'https://cdn.example.com/a.jpg' }, { url: 'https://cdn.example.com/a.jpg' }],
      }),
    ];

    const response = await postSigned(PRODUCTS, { products: batch });

    const problem = await expectProblem(response, 422, 'batch_rejected');
    expect(problem.detail).toContain('nothing was applied');
    expect(problem.errors?.map((error) => error.path)).toEqual([
      'products[2].handle',
      'products[4].variants[0].sku',
      'products[6].variants[0].options.size',
      'products[6].variants[1].options.colour',
      'products[6].variants[1].options',
      'products[6].variants[3].options',
      'products[7].media[1].url',
      'products[3].variants[0].sku',
      'products[5].categories[1]',
    ]);
    expect(problem.errors?.find((error) => error.path === 'products[3].variants[0].sku')?.message).toContain(
      owner.handle,
    );
    expect(await storedHandles(batch.map((item) => item.handle))).toEqual([]);
  });

  it('rejects duplicate SKUs inside one batch, within a product and across products', async () => {
    const run = uniqueSuffix();
    const response = await postSigned(PRODUCTS, {
      products: [
        productItem(`a-${run}`, 1, {
          options: [],
          variants: [{ sku: `SAME-${run}` }],
        }),
        productItem(`b-${run}`, 1, {
          variants: [
            { sku: `SAME-${run}`, options: { size: 'S' } },
            { sku: `B-${run}`, options: { size: 'M' } },
            { sku: `B-${run}`, options: { size: 'L' } },
          ],
        }),
      ],
    });

    const problem = await expectProblem(response, 422, 'batch_rejected');
    expect(problem.errors).toEqual([
      { path: 'products[1].variants[0].sku', message: 'repeats the SKU of products[0].variants[0].sku' },
      { path: 'products[1].variants[2].sku', message: 'repeats the SKU of products[1].variants[1].sku' },
    ]);
    expect(await storedHandles([`a-${run}`, `b-${run}`])).toEqual([]);
  });

  it('rejects malformed fields with 400, listing every one by index and field', async () => {
    const run = uniqueSuffix();
    const good = productItem(`good-${run}`, 1);
    const response = await postSigned(PRODUCTS, {
      products: [
        good,
        {
          ...productItem(`ünïcode-${run}`, 1.5, { variants: [{ sku: `U-${run}`, options: { size: 'S' } }] }),
          status: 'live',
        },
        {
          ...productItem(`neg-${run}`, -1),
          variants: [{ sku: '', options: { size: 'S' }, weightGrams: -5 }],
          media: [{ url: 'http://cdn.example.com/insecure.jpg' }],
          price: 10,
        },
      ],
    });

    const problem = await expectProblem(response, 400, 'validation_failed');
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(
      [
        'products[1].handle',
        'products[1].version',
        'products[1].status',
        'products[2]',
        'products[2].version',
        'products[2].variants[0].sku',
        'products[2].variants[0].weightGrams',
        'products[2].media[0].url',
      ].sort(),
    );
    expect(problem.errors?.find((error) => error.path === 'products[2]')?.message).toContain('price');
    expect(await storedHandles([good.handle])).toEqual([]);
  });

  it('refuses a batch over 500 items with 413 batch_too_large before validating any item', async () => {
    const response = await postSigned(PRODUCTS, {
      products: [...productBatch(500), { handle: 'NOT VALID' }],
    });
    const problem = await expectProblem(response, 413, 'batch_too_large');
    expect(problem).toMatchObject({ maxItems: 500, items: 501 });
    expect(problem.errors).toBeUndefined();
  });

  it('refuses an empty batch and a body without products with 400', async () => {
    await expectProblem(await postSigned(PRODUCTS, { products: [] }), 400, 'validation_failed');
    await expectProblem(await postSigned(PRODUCTS, { items: [] }), 400, 'validation_failed');
  });

  it('answers a signed body that is not JSON with 400 malformed_json', async () => {
    const response = await postSigned(PRODUCTS, 'unused', { sentBody: undefined });
    expect(response.status).toBe(400);
    const signedText = await postSignedText('{"products": [');
    await expectProblem(signedText, 400, 'malformed_json');
  });

  it('answers a body of another media type with 415', async () => {
    const response = await exports.default.fetch(`${API_ORIGIN}${PRODUCTS}`, {
      method: 'POST',
      body: 'products=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    await expectProblem(response, 415, 'unsupported_media_type');
  });

  it('records nothing for a rejected batch: the corrected batch with the same key applies', async () => {
    const idempotencyKey = `fix-${uniqueSuffix()}`;
    const item = productItem(`fix-${uniqueSuffix()}`, 1);
    const broken = {
      ...item,
      variants: [...item.variants, { sku: item.variants[0]?.sku ?? '', options: { size: 'S' } }],
    };

    await expectProblem(
      await postWithKey(PRODUCTS, { products: [broken] }, { idempotencyKey }),
      422,
      'batch_rejected',
    );
    const corrected = await postWithKey(PRODUCTS, { products: [item] }, { idempotencyKey });

    expect(corrected.status).toBe(200);
    expect(corrected.headers.get('Idempotent-Replayed')).toBeNull();
    expect(await storedHandles([item.handle])).toEqual([item.handle]);
  });
});

async function postSignedText(text: string): Promise<Response> {
  const { signQStashDelivery } = await import('../../../packages/devstack/src/qstash');
  const { testCredentials } = await import('../../setup/integration-credentials');
  const url = `${API_ORIGIN}${PRODUCTS}`;
  const signature = await signQStashDelivery({
    signingKey: testCredentials.qstashCurrentSigningKey,
    url,
    body: text,
  });
  return exports.default.fetch(url, {
    method: 'POST',
    body: text,
    headers: {
      'Content-Type': 'application/json',
      'Upstash-Signature': signature,
      'Upstash-Message-Id': `msg_${uniqueSuffix()}`,
    },
  });
}
