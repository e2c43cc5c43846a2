import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { signQStashDelivery } from '../../../packages/devstack/src/qstash';
import { createApp } from '../../../workers/api/src/app';
import { testCredentials } from '../../setup/integration-credentials';
import { uniquePrefix } from './cache-kit';
import { newMessageId, statementCount } from './catalog-test-kit';
import { productItem } from './pim-fixtures';
import { buildWorld, pricedVariant } from './storefront-fixtures';

// End to end through the real routes: the storefront's GET /v1/products/{handle} in front of
// the cache, and the PIM's signed write behind it. The Worker gets its own CATALOG_CACHE_PREFIX,
// so other suites' writes (which move the shared catalog version) cannot turn a hit into a miss.
const ORIGIN = 'http://api.test';
const app = createApp();
// One object for every request: the Worker validates each env object once.
const bindings = { ...env, CATALOG_CACHE_PREFIX: uniquePrefix() };

async function send(path: string, init: RequestInit = {}, using: object = bindings): Promise<Response> {
  const context = createExecutionContext();
  const response = await app.request(`${ORIGIN}${path}`, init, using, context);
  await waitOnExecutionContext(context); // the cache's background writes land before the next request
  return response;
}

async function pimWrite(body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  const url = `${ORIGIN}/v1/integrations/pim/products`;
  const signature = await signQStashDelivery({
    signingKey: testCredentials.qstashCurrentSigningKey,
    url,
    body: text,
  });
  return send('/v1/integrations/pim/products', {
    method: 'POST',
    body: text,
    headers: {
      'Content-Type': 'application/json',
      'Upstash-Signature': signature,
      'Upstash-Message-Id': newMessageId(),
      'Upstash-Retried': '0',
    },
  });
}

describe('catalog cache end to end: GET /v1/products/{handle} and a PIM update', () => {
  beforeAll(async () => {
    // The markets the storefront prices in (and a world of its own, unused here).
    await buildWorld([{ key: 'unused', title: 'Unused', variants: [pricedVariant({ size: 'M' }, 1000)] }]);
  });

  it('renders once, then answers from the cache without SQL, and 304s from it too', async () => {
    const handle = `cached-${uniquePrefix()}`;
    expect((await pimWrite({ products: [productItem(handle, 1)] })).status).toBe(200);

    const first = await send(`/v1/products/${handle}?currency=USD`);
    expect(first.status).toBe(200);
    expect(statementCount(first)).toBeGreaterThan(0);
    const etag = first.headers.get('ETag');
    const body = await first.text();

    const second = await send(`/v1/products/${handle}?currency=USD`);
    expect(second.status).toBe(200);
    expect(statementCount(second)).toBe(0);
    expect(second.headers.get('ETag')).toBe(etag);
    expect(await second.text()).toBe(body);

    const notModified = await send(`/v1/products/${handle}?currency=USD`, {
      headers: { 'If-None-Match': etag ?? '' },
    });
    expect(notModified.status).toBe(304);
    expect(statementCount(notModified)).toBe(0);
  });

  it('shows a PIM update on the very next read, rendered again', async () => {
    const handle = `updated-${uniquePrefix()}`;
    await pimWrite({ products: [productItem(handle, 1, { title: 'Before' })] });
    await send(`/v1/products/${handle}`);
    const warm = await send(`/v1/products/${handle}`);
    expect(statementCount(warm)).toBe(0);
    expect((await warm.json<{ title: string }>()).title).toBe('Before');

    expect((await pimWrite({ products: [productItem(handle, 2, { title: 'After' })] })).status).toBe(200);

    const afterWrite = await send(`/v1/products/${handle}`);
    expect(afterWrite.status).toBe(200);
    expect(statementCount(afterWrite)).toBeGreaterThan(0);
    expect((await afterWrite.json<{ title: string }>()).title).toBe('After');
    expect(afterWrite.headers.get('ETag')).not.toBe(warm.headers.get('ETag'));
  });

  it('still answers 200 from the database when Redis is down', async () => {
    const handle = `no-redis-${uniquePrefix()}`;
    await pimWrite({ products: [productItem(handle, 1)] });
    const redisDown = { ...bindings, UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:1' };
    for (let read = 0; read < 2; read++) {
      const response = await send(`/v1/products/${handle}`, {}, redisDown);
      expect(response.status).toBe(200);
      expect(statementCount(response)).toBeGreaterThan(0);
    }
  });
});
