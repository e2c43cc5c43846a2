import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { signQStashDelivery } from '../../../packages/devstack/src/qstash';
import { createApp } from '../../../workers/api/src/app';
import { answerWarmCatalogRead } from '../../../workers/api/src/catalog/storefront/warm-reads';
import { createWorker } from '../../../workers/api/src/worker';
import { testCredentials } from '../../setup/integration-credentials';
import { uniquePrefix } from './cache-kit';
import { newMessageId, statementCount } from './catalog-test-kit';
import { productItem } from './pim-fixtures';
import { buildWorld, pricedVariant, type World } from './storefront-fixtures';

// End to end through the real Worker: the storefront's GET /v1/products/{handle} in front of
// the cache (the warm path included), and the PIM's signed write behind it. The Worker gets its
// own CATALOG_CACHE_PREFIX, so other suites' writes (which move the shared catalog version)
// cannot turn a hit into a miss.
const ORIGIN = 'http://api.test';
const app = createApp();
const worker = createWorker(app);
// One object for every request: the Worker validates each env object once. The version is
// trusted for a minute, as in production (the suite's default, 0, asks Redis on every read and
// so never takes the warm path); every write here goes through this isolate, which sees it at once.
const bindings = { ...env, CATALOG_CACHE_PREFIX: uniquePrefix(), CATALOG_VERSION_CHECK_MS: '60000' };

async function send(path: string, init: RequestInit = {}, using: object = bindings): Promise<Response> {
  const context = createExecutionContext();
  // As workerd hands requests to a Worker: with Cloudflare's `cf` properties (none here).
  const request = new Request(`${ORIGIN}${path}`, init) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, using as Cloudflare.Env, context);
  await waitOnExecutionContext(context); // the cache's background writes land before the next request
  return response;
}

/** What the warm path alone answers, or undefined where it leaves the request to the app. */
function warmOnly(path: string, init: RequestInit = {}): Response | undefined {
  return answerWarmCatalogRead(new Request(`${ORIGIN}${path}`, init), bindings, createExecutionContext());
}

/** The full path alone (routing, validation, middleware), bypassing the warm path. */
async function fullOnly(path: string, init: RequestInit = {}): Promise<Response> {
  const context = createExecutionContext();
  const response = await app.request(`${ORIGIN}${path}`, init, bindings, context);
  await waitOnExecutionContext(context);
  return response;
}

/** Response headers but the request id, which differs per request by design. */
function headersBesidesRequestId(response: Response): [string, string][] {
  return [...response.headers]
    .filter(([name]) => name !== 'x-request-id')
    .sort(([a], [b]) => a.localeCompare(b));
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
  let world: World;
  beforeAll(async () => {
    // The markets the storefront prices in, and three listed products for the list pages.
    world = await buildWorld(
      ['a', 'b', 'c'].map((key, index) => ({
        key,
        title: `Listed ${key}`,
        variants: [pricedVariant({ size: 'M' }, 1000 + index)],
      })),
    );
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

  describe('the warm path', () => {
    it('answers a repeated address before routing, exactly as the full path does', async () => {
      const handle = `warm-${uniquePrefix()}`;
      await pimWrite({ products: [productItem(handle, 1)] });
      const path = `/v1/products/${handle}?currency=EUR`;
      expect(warmOnly(path)).toBeUndefined(); // never answered yet: the app renders it
      await send(path);

      const warm = warmOnly(path);
      const full = await fullOnly(path);
      expect(warm?.status).toBe(200);
      expect(full.status).toBe(200);
      expect(headersBesidesRequestId(warm as Response)).toEqual(headersBesidesRequestId(full));
      const fullBody = await full.text();
      expect(await warm?.text()).toBe(fullBody);
      // The held bytes are sent again and again, never used up by one response.
      for (let repeat = 0; repeat < 3; repeat++) expect(await warmOnly(path)?.text()).toBe(fullBody);

      const etag = full.headers.get('ETag') ?? '';
      const warm304 = warmOnly(path, { headers: { 'If-None-Match': `W/${etag}` } });
      const full304 = await fullOnly(path, { headers: { 'If-None-Match': `W/${etag}` } });
      expect(warm304?.status).toBe(304);
      expect(headersBesidesRequestId(warm304 as Response)).toEqual(headersBesidesRequestId(full304));
    });

    it('keeps a sane caller request id and replaces anything else', async () => {
      const handle = `warm-id-${uniquePrefix()}`;
      await pimWrite({ products: [productItem(handle, 1)] });
      await send(`/v1/products/${handle}`);
      const kept = warmOnly(`/v1/products/${handle}`, { headers: { 'X-Request-Id': 'trace-42_a=b' } });
      expect(kept?.headers.get('X-Request-Id')).toBe('trace-42_a=b');
      const replaced = warmOnly(`/v1/products/${handle}`, {
        headers: { 'X-Request-Id': 'not sane; at all' },
      });
      expect(replaced?.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('is taken by the same address only: another spelling of the request goes through the app', async () => {
      const handle = `warm-address-${uniquePrefix()}`;
      await pimWrite({ products: [productItem(handle, 1)] });
      await send(`/v1/products/${handle}?currency=USD`);
      expect(warmOnly(`/v1/products/${handle}?currency=USD`)).toBeDefined();
      expect(warmOnly(`/v1/products/${handle}?currency=usd`)).toBeUndefined();
      expect(warmOnly(`/v1/products/${handle}`)).toBeUndefined();
    });

    it('never answers what the app refused, nor other methods, nor requests with a body', async () => {
      const handle = `warm-refused-${uniquePrefix()}`;
      await pimWrite({ products: [productItem(handle, 1)] });
      const refused = [
        `/v1/products/${handle}?currency=XXX`,
        `/v1/products/${handle}?colour=red`,
        '/v1/products?limit=0',
      ];
      for (const path of refused) {
        expect((await send(path)).status).toBe(400);
        expect((await send(path)).status).toBe(400);
        expect(warmOnly(path)).toBeUndefined();
      }
      await send(`/v1/products/${handle}`);
      expect(warmOnly(`/v1/products/${handle}`, { method: 'HEAD' })).toBeUndefined();
      expect(warmOnly(`/v1/products/${handle}`, { method: 'POST', body: '{}' })).toBeUndefined();
      const head = await send(`/v1/products/${handle}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
    });

    it('steps aside the moment a PIM write lands, and takes the new rendering after', async () => {
      const handle = `warm-write-${uniquePrefix()}`;
      await pimWrite({ products: [productItem(handle, 1, { title: 'Before' })] });
      await send(`/v1/products/${handle}`);
      expect(await warmOnly(`/v1/products/${handle}`)?.json()).toMatchObject({ title: 'Before' });

      await pimWrite({ products: [productItem(handle, 2, { title: 'After' })] });
      expect(warmOnly(`/v1/products/${handle}`)).toBeUndefined();
      const rendered = await send(`/v1/products/${handle}`);
      expect(statementCount(rendered)).toBeGreaterThan(0);
      expect(await rendered.json()).toMatchObject({ title: 'After' });
      expect(await warmOnly(`/v1/products/${handle}`)?.json()).toMatchObject({ title: 'After' });
    });

    it('answers list pages too, cursor pages included', async () => {
      const firstPath = `/v1/products?tag=${world.tag}&limit=2`;
      const first = await send(firstPath);
      expect(first.status).toBe(200);
      const firstBody = await first.text();
      const { nextCursor } = JSON.parse(firstBody) as { nextCursor: string | null };
      expect(nextCursor).not.toBeNull();
      const nextPath = `${firstPath}&cursor=${nextCursor}`;
      const second = await send(nextPath);
      expect(second.status).toBe(200);
      expect(await warmOnly(firstPath)?.text()).toBe(firstBody);
      expect(await warmOnly(nextPath)?.text()).toBe(await second.text());
    });
  });
});
