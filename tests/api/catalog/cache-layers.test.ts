import { describe, expect, it } from 'vitest';
import { configWith, countingLoader, directRedis, isolate, uniquePrefix } from './cache-kit';

describe('catalog cache layers (real cache, Cache API and Upstash Redis stand-in, in workerd)', () => {
  it('serves a second identical read from the cache, the first from the database', async () => {
    const here = isolate(uniquePrefix());
    const product = countingLoader();

    const first = await here.cache().read('product:tee:EUR', product.load);
    const second = await here.cache().read('product:tee:EUR', product.load);

    expect(first.source).toBe('database');
    expect(second).toMatchObject({ body: first.body, etag: first.etag, source: 'cache' });
    // The isolate's copy comes with its body encoded, ready to send.
    expect(new TextDecoder().decode(second.encoded)).toBe(first.body);
    expect(product.renders()).toBe(1);
  });

  it('keeps different keys apart', async () => {
    const here = isolate(uniquePrefix());
    const tee = countingLoader('tee');
    const mug = countingLoader('mug');
    await here.cache().read('product:tee', tee.load);
    await here.cache().read('product:mug', mug.load);
    expect(JSON.parse((await here.cache().read('product:tee', tee.load)).body).label).toBe('tee');
    expect(JSON.parse((await here.cache().read('product:mug', mug.load)).body).label).toBe('mug');
  });

  it('makes the next read hit the database after invalidate(), then caches again', async () => {
    const here = isolate(uniquePrefix());
    const product = countingLoader();
    await here.cache().read('product:tee', product.load);
    expect((await here.cache().read('product:tee', product.load)).source).toBe('cache');

    await here.cache().invalidate();

    const afterWrite = await here.cache().read('product:tee', product.load);
    expect(afterWrite.source).toBe('database');
    expect(afterWrite.etag).toBe('"product-2"');
    expect((await here.cache().read('product:tee', product.load)).etag).toBe('"product-2"');
    expect(product.renders()).toBe(2);
  });

  it('carries an invalidation to every other isolate on its next read (version check 0)', async () => {
    const prefix = uniquePrefix();
    const reader = isolate(prefix);
    const writer = isolate(prefix);
    const product = countingLoader();
    await reader.cache().read('product:tee', product.load);
    await reader.settle();
    expect((await writer.cache().read('product:tee', product.load)).source).toBe('cache');

    await writer.cache().invalidate();

    expect((await reader.cache().read('product:tee', product.load)).source).toBe('database');
    expect(product.renders()).toBe(2);
  });

  it('lets another isolate serve a read-before-write version only within CATALOG_VERSION_CHECK_MS', async () => {
    const prefix = uniquePrefix();
    const config = configWith({ CATALOG_VERSION_CHECK_MS: '300' });
    const reader = isolate(prefix, { config });
    const writer = isolate(prefix, { config });
    const product = countingLoader();
    await reader.cache().read('product:tee', product.load);
    await writer.cache().invalidate();

    // Inside the bound the reader may still answer from its isolate, without asking Redis…
    expect((await reader.cache().read('product:tee', product.load)).source).toBe('cache');
    await new Promise((resolve) => setTimeout(resolve, 350));
    // …past it, it must have learnt of the write.
    expect((await reader.cache().read('product:tee', product.load)).source).toBe('database');
  });

  it('answers a cold isolate of the same data centre from the Cache API', async () => {
    const prefix = uniquePrefix();
    const warm = isolate(prefix);
    const product = countingLoader();
    await warm.cache().read('product:tee', product.load);
    await warm.settle();
    // Take Redis's copy away: only the Cache API can answer now.
    const redis = directRedis();
    const version = await redis.get<string>(`${prefix}:version`);
    expect(await redis.del(`${prefix}:v${version}:product:tee`)).toBe(1);

    const cold = isolate(prefix);
    const read = await cold.cache().read('product:tee', product.load);
    expect(read.source).toBe('cache');
    expect(product.renders()).toBe(1);
  });

  it('answers a cold isolate elsewhere (no Cache API copy) from Redis, through the real SDK', async () => {
    const prefix = uniquePrefix();
    const warm = isolate(prefix);
    const product = countingLoader();
    const rendered = await warm.cache().read('product:tee', product.load);
    await warm.settle();

    const elsewhere = isolate(prefix, { withoutEdgeCache: true });
    const read = await elsewhere.cache().read('product:tee', product.load);
    expect(read).toEqual({ ...rendered, source: 'cache' });
    expect(product.renders()).toBe(1);

    const redis = directRedis();
    const version = await redis.get<string>(`${prefix}:version`);
    const ttl = await redis.pttl(`${prefix}:v${version}:product:tee`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(configWith().CATALOG_CACHE_TTL_SECONDS * 1000);
  });
});
