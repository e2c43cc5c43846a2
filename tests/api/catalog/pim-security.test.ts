import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { newQStashSigningKey, signQStashDelivery } from '../../../packages/devstack/src/qstash';
import { createWorker } from '../../../workers/api/src/worker';
import { testCredentials } from '../../setup/integration-credentials';
import { expectProblem } from '../problem-assertions';
import { storedProduct } from './catalog-rows';
import {
  API_ORIGIN,
  newMessageId,
  postSigned,
  postSignedText,
  postWithKey,
  uniqueSuffix,
  withDatabase,
} from './catalog-test-kit';
import { productItem } from './pim-fixtures';

const PRODUCTS = '/v1/integrations/pim/products';

const exists = (handle: string) =>
  withDatabase(async (db) => (await storedProduct(db, handle)) !== undefined);

describe('PIM integration security: signed deliveries', { timeout: 30_000 }, () => {
  it('accepts a delivery signed with the next signing key (key rotation)', async () => {
    const item = productItem(`next-${uniqueSuffix()}`, 1);
    const response = await postSigned(
      PRODUCTS,
      { products: [item] },
      { signingKey: testCredentials.qstashNextSigningKey },
    );
    expect(response.status).toBe(200);
    expect(await exists(item.handle)).toBe(true);
  });

  it.each([
    ['signed with a key we do not hold', () => ({ signingKey: newQStashSigningKey() })],
    ['signed for another URL', () => ({ signedUrl: `${API_ORIGIN}/v1/integrations/pim/prices` })],
    ['signed for another host', () => ({ signedUrl: `https://evil.example${PRODUCTS}` })],
    ['expired', () => ({ now: Date.now() - 6 * 60_000 })],
    ['not yet valid', () => ({ now: Date.now() + 60_000 })],
  ])('refuses a delivery %s with 401 and changes nothing', async (_case, options) => {
    const item = productItem(`forged-${uniqueSuffix()}`, 1);
    const response = await postSigned(PRODUCTS, { products: [item] }, options());
    const problem = await expectProblem(response, 401, 'unauthorized');
    expect(problem.detail).toContain('Upstash-Signature');
    expect(await exists(item.handle)).toBe(false);
  });

  it('refuses a delivery whose body was tampered with after signing', async () => {
    const item = productItem(`tamper-${uniqueSuffix()}`, 1);
    const tampered = JSON.stringify({ products: [{ ...item, title: 'Free shirt' }] });
    const response = await postSigned(PRODUCTS, { products: [item] }, { sentBody: tampered });
    await expectProblem(response, 401, 'unauthorized');
    expect(await exists(item.handle)).toBe(false);
  });

  it('refuses a garbage signature even alongside a valid partner key: a signature is judged alone', async () => {
    const item = productItem(`garbage-${uniqueSuffix()}`, 1);
    const response = await exports.default.fetch(`${API_ORIGIN}${PRODUCTS}`, {
      method: 'POST',
      body: JSON.stringify({ products: [item] }),
      headers: {
        'Content-Type': 'application/json',
        'Upstash-Signature': 'not.a.jwt',
        'Upstash-Message-Id': newMessageId(),
        Authorization: `Bearer ${testCredentials.pimPartnerKey}`,
        'Idempotency-Key': uniqueSuffix(),
      },
    });
    await expectProblem(response, 401, 'unauthorized');
    expect(await exists(item.handle)).toBe(false);
  });

  it('verifies before parsing: an unsigned malformed or oversized body is 401, not 400 or 413', async () => {
    const malformed = await exports.default.fetch(`${API_ORIGIN}${PRODUCTS}`, {
      method: 'POST',
      body: '{"products": [',
      headers: { 'Content-Type': 'application/json' },
    });
    await expectProblem(malformed, 401, 'unauthorized');
    const forgedOversized = await postSigned(
      PRODUCTS,
      { products: Array.from({ length: 501 }, (_, index) => ({ handle: `x-${index}` })) },
      { signingKey: newQStashSigningKey() },
    );
    await expectProblem(forgedOversized, 401, 'unauthorized');
  });

  it('requires Upstash-Message-Id on a signed delivery', async () => {
    const item = productItem(`nomsg-${uniqueSuffix()}`, 1);
    const url = `${API_ORIGIN}${PRODUCTS}`;
    const body = JSON.stringify({ products: [item] });
    const signature = await signQStashDelivery({
      signingKey: testCredentials.qstashCurrentSigningKey,
      url,
      body,
    });
    const response = await exports.default.fetch(url, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', 'Upstash-Signature': signature },
    });
    const problem = await expectProblem(response, 400, 'idempotency_key_required');
    expect(problem.detail).toContain('Upstash-Message-Id');
    expect(await exists(item.handle)).toBe(false);
  });

  // Found by the fuzz suite: the body was read as text, which drops a leading byte-order mark, so
  // the hash never matched the bytes QStash signed and the delivery was refused on every retry.
  it('verifies the body as sent: a delivery led by a byte-order mark is admitted', async () => {
    const item = productItem(`bom-${uniqueSuffix()}`, 1);
    const response = await postSignedText(PRODUCTS, `\ufeff${JSON.stringify({ products: [item] })}`);
    expect(response.status, await response.text()).toBe(200);
    expect(await exists(item.handle)).toBe(true);
  });

  it('counts a batch led by a byte-order mark like any other: 501 items are 413 batch_too_large', async () => {
    const products = Array.from({ length: 501 }, (_, index) => ({ handle: `x-${index}` }));
    const response = await postSignedText(PRODUCTS, `\ufeff${JSON.stringify({ products })}`);
    await expectProblem(response, 413, 'batch_too_large');
  });
});

describe('PIM integration security: a deployment without signing keys', () => {
  it('refuses a signed delivery exactly as a bad signature, without describing its configuration', async () => {
    const worker = createWorker();
    const unsigned = { ...env, QSTASH_CURRENT_SIGNING_KEY: undefined, QSTASH_NEXT_SIGNING_KEY: undefined };
    const url = `${API_ORIGIN}${PRODUCTS}`;
    const body = JSON.stringify({ products: [productItem(`nokeys-${uniqueSuffix()}`, 1)] });
    const send = async (bindings: object) => {
      const signature = await signQStashDelivery({ signingKey: newQStashSigningKey(), url, body });
      const context = createExecutionContext();
      const request = new Request(url, {
        method: 'POST',
        body,
        headers: {
          'Content-Type': 'application/json',
          'Upstash-Signature': signature,
          'Upstash-Message-Id': newMessageId(),
        },
      }) as Request<unknown, IncomingRequestCfProperties>;
      const response = await worker.fetch(request, bindings as Cloudflare.Env, context);
      await waitOnExecutionContext(context);
      return expectProblem(response, 401, 'unauthorized');
    };
    const withoutKeys = await send(unsigned);
    const badSignature = await send(env);
    expect(withoutKeys.detail).toBe(badSignature.detail);
    expect(JSON.stringify(withoutKeys)).not.toMatch(/configur|signing key/i);
  });
});

describe('PIM integration security: partner API keys', { timeout: 30_000 }, () => {
  it('refuses a request with no credentials with 401 and a Bearer challenge', async () => {
    const response = await exports.default.fetch(`${API_ORIGIN}${PRODUCTS}`, {
      method: 'POST',
      body: JSON.stringify({ products: [productItem(`anon-${uniqueSuffix()}`, 1)] }),
      headers: { 'Content-Type': 'application/json' },
    });
    await expectProblem(response, 401, 'unauthorized');
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer realm="edge-commerce"');
  });

  it.each([
    ['an unknown key', `Bearer pk_test_unknown_${'x'.repeat(24)}`],
    ['a key with a prefix of a valid one', `Bearer ${testCredentials.pimPartnerKey.slice(0, -1)}`],
    ['another scheme', `Basic ${btoa(`test-pim:${testCredentials.pimPartnerKey}`)}`],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401 and changes nothing', async (_case, authorization) => {
    const item = productItem(`badkey-${uniqueSuffix()}`, 1);
    const response = await exports.default.fetch(`${API_ORIGIN}${PRODUCTS}`, {
      method: 'POST',
      body: JSON.stringify({ products: [item] }),
      headers: {
        'Content-Type': 'application/json',
        Authorization: authorization,
        'Idempotency-Key': uniqueSuffix(),
      },
    });
    await expectProblem(response, 401, 'unauthorized');
    expect(await exists(item.handle)).toBe(false);
  });

  it('refuses a valid key without the pim:write scope with 403 and changes nothing', async () => {
    const item = productItem(`scope-${uniqueSuffix()}`, 1);
    const response = await postWithKey(
      PRODUCTS,
      { products: [item] },
      { key: testCredentials.readOnlyPartnerKey },
    );
    const problem = await expectProblem(response, 403, 'forbidden');
    expect(problem.detail).toContain('pim:write');
    expect(await exists(item.handle)).toBe(false);
  });

  it('requires an Idempotency-Key from a partner key', async () => {
    const item = productItem(`noidem-${uniqueSuffix()}`, 1);
    const response = await postWithKey(PRODUCTS, { products: [item] }, { idempotencyKey: null });
    const problem = await expectProblem(response, 400, 'idempotency_key_required');
    expect(problem.detail).toContain('Idempotency-Key');
    expect(await exists(item.handle)).toBe(false);
  });

  it('refuses an Idempotency-Key reused for a different body with 422 and changes nothing', async () => {
    const idempotencyKey = `reuse-${uniqueSuffix()}`;
    const first = productItem(`reuse-a-${uniqueSuffix()}`, 1);
    const second = productItem(`reuse-b-${uniqueSuffix()}`, 1);
    expect((await postWithKey(PRODUCTS, { products: [first] }, { idempotencyKey })).status).toBe(200);

    const response = await postWithKey(PRODUCTS, { products: [second] }, { idempotencyKey });

    await expectProblem(response, 422, 'idempotency_key_reused');
    expect(await exists(second.handle)).toBe(false);
  });

  it('refuses an Idempotency-Key reused on the other PIM route', async () => {
    const idempotencyKey = `cross-${uniqueSuffix()}`;
    const item = productItem(`cross-${uniqueSuffix()}`, 1);
    expect((await postWithKey(PRODUCTS, { products: [item] }, { idempotencyKey })).status).toBe(200);
    const prices = { prices: [{ sku: item.variants[0]?.sku, currency: 'EUR', amount: 4900, version: 1 }] };
    const response = await postWithKey('/v1/integrations/pim/prices', prices, { idempotencyKey });
    await expectProblem(response, 422, 'idempotency_key_reused');
  });
});
