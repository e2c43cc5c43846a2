import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseEntry } from '../../../workers/api/src/cache/stored-entry';
import { configWith, countingLoader, directRedis, isolate, uniquePrefix, unresponsiveUrl } from './cache-kit';

// The cache must degrade, never fail: whatever Redis does, reads answer from the database.

afterEach(() => {
  vi.restoreAllMocks();
});

/** Three reads and a write's invalidate() against a broken Redis. */
async function exerciseBrokenRedis(overrides: Record<string, string>) {
  const warnings = vi.spyOn(console, 'warn');
  const errors = vi.spyOn(console, 'error');
  const here = isolate(uniquePrefix(), { config: configWith(overrides), withoutEdgeCache: true });
  const product = countingLoader();
  const sources: string[] = [];
  const started = Date.now();
  for (let read = 0; read < 3; read++)
    sources.push((await here.cache().read('product:tee', product.load)).source);
  const readsTookMs = Date.now() - started;
  await expect(here.cache().invalidate()).resolves.toBe(false);
  return {
    sources,
    renders: product.renders(),
    readsTookMs,
    warned: warnings.mock.calls.map((call) => String(call[0])),
    errored: errors.mock.calls.map((call) => String(call[0])),
  };
}

describe('catalog cache with Redis in trouble (in workerd)', () => {
  it('reads from the database when Redis refuses connections, and says so', async () => {
    const outcome = await exerciseBrokenRedis({ UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:1' });
    expect(outcome.sources).toEqual(['database', 'database', 'database']);
    expect(outcome.renders).toBe(3);
    expect(outcome.warned.some((line) => line.includes('could not read the catalog version in Redis'))).toBe(
      true,
    );
    // A write's lost invalidation is the one loud case.
    expect(outcome.errored.some((line) => line.includes('invalidation did not reach Redis'))).toBe(true);
  });

  it('reads from the database when Redis refuses the token', async () => {
    const outcome = await exerciseBrokenRedis({ UPSTASH_REDIS_REST_TOKEN: 'not-the-token' });
    expect(outcome.sources).toEqual(['database', 'database', 'database']);
    expect(outcome.warned.some((line) => line.includes('Unauthorized'))).toBe(true);
  });

  it('gives up on a Redis that does not answer after CATALOG_CACHE_TIMEOUT_MS, then stops waiting on it', async () => {
    const outcome = await exerciseBrokenRedis({
      UPSTASH_REDIS_REST_URL: unresponsiveUrl(),
      CATALOG_CACHE_TIMEOUT_MS: '50',
    });
    expect(outcome.sources).toEqual(['database', 'database', 'database']);
    // One timeout of 50 ms, then the backoff skips Redis: nowhere near three timeouts, let alone a hang.
    expect(outcome.readsTookMs).toBeLessThan(1_000);
    expect(outcome.warned.some((line) => line.includes('took longer than 50 ms'))).toBe(true);
  });

  it('ignores a garbage entry in Redis, renders from the database and stores a good one over it', async () => {
    const prefix = uniquePrefix();
    const warm = isolate(prefix, { withoutEdgeCache: true });
    const product = countingLoader();
    await warm.cache().read('warm-up', product.load); // starts the version
    const redis = directRedis();
    const version = await redis.get<string>(`${prefix}:version`);
    const key = `${prefix}:v${version}:product:tee`;
    for (const garbage of ['{not json', '{"body":1,"etag":"x","renderedAt":1}', '"a string"', '[]']) {
      await redis.set(key, garbage);
      const cold = isolate(prefix, { withoutEdgeCache: true });
      const rendersBefore = product.renders();
      expect((await cold.cache().read('product:tee', product.load)).source).toBe('database');
      expect(product.renders()).toBe(rendersBefore + 1);
      await cold.settle();
      // The rendering just made, not the garbage (one of which carries every field name).
      expect(parseEntry(await redis.get<string>(key))).toMatchObject({
        etag: `"product-${product.renders()}"`,
        body: JSON.stringify({ label: 'product', render: product.renders() }),
      });
    }
    expect(
      (await isolate(prefix, { withoutEdgeCache: true }).cache().read('product:tee', product.load)).source,
    ).toBe('cache');
  });

  it('repairs a garbage catalog version with a fresh one, which also retires every old entry', async () => {
    const prefix = uniquePrefix();
    const product = countingLoader();
    const first = isolate(prefix, { withoutEdgeCache: true });
    await first.cache().read('product:tee', product.load);
    await first.settle();
    const redis = directRedis();
    await redis.set(`${prefix}:version`, 'garbage');

    const read = await isolate(prefix, { withoutEdgeCache: true }).cache().read('product:tee', product.load);
    expect(read.source).toBe('database');
    expect(await redis.get<string>(`${prefix}:version`)).toMatch(/^\d+$/);
  });
});

describe('a cart’s catalog reads with Redis in trouble', () => {
  it('keep the last believed entries rather than read Postgres, where the caller asked for that', async () => {
    const config = configWith({ CATALOG_VERSION_CHECK_MS: '0' });
    const cart = isolate(uniquePrefix(), { config, withoutEdgeCache: true, staleWhileUnconfirmed: true });
    const product = countingLoader();
    expect((await cart.cache().read('cart:variant:tee', product.load)).source).toBe('database');
    expect((await cart.cache().read('cart:variant:tee', product.load)).source).toBe('cache');
    await cart.settle();
    // Redis stops answering: the version cannot be confirmed any more.
    cart.state.redis = {
      ...cart.state.redis,
      readVersion: () => Promise.reject(new Error('Redis took longer than 100 ms')),
    };
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const kept = await cart.cache().read('cart:variant:tee', product.load);
    expect(kept).toMatchObject({ source: 'cache', etag: '"product-1"' });
    expect(product.renders()).toBe(1);
    // A key it never read still has to come from the database.
    expect((await cart.cache().read('cart:variant:cap', product.load)).source).toBe('database');

    // The storefront's reads (the default) go to Postgres in the same trouble.
    const storefront = isolate(uniquePrefix(), { config, withoutEdgeCache: true });
    await storefront.cache().read('product:tee', product.load);
    await storefront.settle();
    storefront.state.redis = {
      ...storefront.state.redis,
      readVersion: () => Promise.reject(new Error('down')),
    };
    expect((await storefront.cache().read('product:tee', product.load)).source).toBe('database');
  });

  it('read a key from Postgres once per version-check interval when the isolate is cold and Redis never answers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const config = configWith({ CATALOG_VERSION_CHECK_MS: '1000' });
      const cart = isolate(uniquePrefix(), { config, withoutEdgeCache: true, staleWhileUnconfirmed: true });
      // Down from the start: this isolate never believed any version.
      cart.state.redis = { ...cart.state.redis, readVersion: () => Promise.reject(new Error('down')) };
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const product = countingLoader();
      expect((await cart.cache().read('cart:variant:tee', product.load)).source).toBe('database');
      for (let change = 0; change < 20; change++) {
        expect(await cart.cache().read('cart:variant:tee', product.load)).toMatchObject({
          source: 'cache',
          etag: '"product-1"',
        });
      }
      expect(product.renders()).toBe(1);
      // A second later the rendering is no longer trusted: read again, then kept again.
      vi.setSystemTime(Date.now() + 1_001);
      expect((await cart.cache().read('cart:variant:tee', product.load)).etag).toBe('"product-2"');
      expect((await cart.cache().read('cart:variant:tee', product.load)).etag).toBe('"product-2"');
      expect(product.renders()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
