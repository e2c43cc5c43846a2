import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { startUpstashRedis, type UpstashRedis } from './server';

// The API's rate limiter, unchanged (the real SDKs, the library's own Lua scripts), through the
// stand-in: on the embedded store always, and in front of a real Redis when REDIS_URL names one.
const modes: { name: string; redisUrl: string | undefined }[] = [
  { name: 'embedded store', redisUrl: undefined },
  ...(process.env.REDIS_URL
    ? [{ name: `real Redis at ${process.env.REDIS_URL}`, redisUrl: process.env.REDIS_URL }]
    : []),
];

const DAY_MS = 86_400_000;
const LIMIT = 3;

/**
 * Each algorithm with LIMIT requests per window. The windows are long so that no test crosses a
 * window's edge while it counts (a fixed window would start afresh there).
 */
const ALGORITHMS = [
  { name: 'fixedWindow', windowMs: 1000 * DAY_MS, limiter: () => Ratelimit.fixedWindow(LIMIT, '1000 d') },
  { name: 'slidingWindow', windowMs: 1000 * DAY_MS, limiter: () => Ratelimit.slidingWindow(LIMIT, '1000 d') },
  // One token back per 1000 days, LIMIT tokens in a full bucket.
  { name: 'tokenBucket', windowMs: 1000 * DAY_MS, limiter: () => Ratelimit.tokenBucket(1, '1000 d', LIMIT) },
];

/** The digests @upstash/ratelimit 2.2.0 calls its single-region limit scripts by (dist/index.mjs). */
const LIBRARY_DIGESTS = {
  fixedWindow: 'b2efc02798c8e9b471a10f9b1d5745db89923ff3',
  slidingWindow: '74740bb3d7792848093cdef586b6b6037c455fd6',
  tokenBucket: 'd60be5bd3d83482ae229309f1f7425424f891204',
};

describe.each(modes)('@upstash/ratelimit through the Upstash stand-in on the $name', ({ redisUrl }) => {
  let standIn: UpstashRedis;
  let redis: Redis;
  // A prefix unique to this run: a real Redis is shared with whatever else uses it.
  const prefix = `ratelimit-test:${randomUUID()}`;

  beforeAll(async () => {
    standIn = await startUpstashRedis({ port: await freePort(), token: 'test-token', redisUrl });
    redis = new Redis({ url: standIn.url, token: standIn.token, retry: false, enableTelemetry: false });
  });

  afterAll(async () => {
    if (redis) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, { match: `${prefix}*`, count: 1000 });
        if (keys.length > 0) await redis.del(...keys);
        cursor = String(next);
      } while (cursor !== '0');
    }
    await standIn?.stop();
  });

  /** ephemeralCache off: every call must reach the stand-in, so every answer is the scripts'. */
  const ratelimit = (limiter: () => ReturnType<typeof Ratelimit.fixedWindow>, options = {}) =>
    new Ratelimit({
      redis,
      limiter: limiter(),
      prefix,
      ephemeralCache: false,
      enableTelemetry: false,
      ...options,
    });

  describe.each(ALGORITHMS)('$name', ({ name, windowMs, limiter }) => {
    it(`allows exactly ${LIMIT} requests, then refuses, with remaining and reset that make sense`, async () => {
      const limit = ratelimit(limiter);
      const user = `user-${randomUUID()}`;
      for (let used = 1; used <= LIMIT; used++) {
        const before = Date.now();
        const answer = await limit.limit(user);
        // `reason` is set when the library answered without Redis (a timeout lets requests through).
        expect(answer).toMatchObject({ success: true, limit: LIMIT, remaining: LIMIT - used });
        expect(answer.reason).toBeUndefined();
        expect(answer.reset).toBeGreaterThan(before);
        expect(answer.reset).toBeLessThanOrEqual(Date.now() + windowMs);
      }
      for (let extra = 0; extra < 2; extra++) {
        const refused = await limit.limit(user);
        expect(refused).toMatchObject({ success: false, limit: LIMIT, remaining: 0 });
        expect(refused.reason).toBeUndefined();
        expect(refused.reset).toBeGreaterThan(Date.now());
      }
      expect(await limit.getRemaining(user)).toMatchObject({ remaining: 0, limit: LIMIT });
      // Another identifier has its own allowance.
      expect(await limit.limit(`other-${randomUUID()}`)).toMatchObject({
        success: true,
        remaining: LIMIT - 1,
      });
    });

    it('starts afresh after resetUsedTokens', async () => {
      const limit = ratelimit(limiter);
      const user = `user-${randomUUID()}`;
      for (let used = 0; used <= LIMIT; used++) await limit.limit(user);
      expect((await limit.limit(user)).success).toBe(false);

      await limit.resetUsedTokens(user);
      const remaining = await limit.getRemaining(user);
      expect(remaining).toMatchObject({ remaining: LIMIT, limit: LIMIT });
      expect(remaining.reset).toBeGreaterThan(Date.now());
      expect(await limit.limit(user)).toMatchObject({ success: true, remaining: LIMIT - 1 });
    });

    it('follows a dynamic limit set with setDynamicLimit', async () => {
      const limit = ratelimit(limiter, { dynamicLimits: true, prefix: `${prefix}:dynamic-${name}` });
      const user = `user-${randomUUID()}`;
      await limit.setDynamicLimit({ limit: 1 });
      expect(await limit.getDynamicLimit()).toEqual({ dynamicLimit: 1 });
      expect(await limit.limit(user)).toMatchObject({ success: true, limit: 1, remaining: 0 });
      expect(await limit.limit(user)).toMatchObject({ success: false, limit: 1, remaining: 0 });
      await limit.setDynamicLimit({ limit: false });
      expect(await limit.getDynamicLimit()).toEqual({ dynamicLimit: null });
    });
  });

  it('gives tokens back as the bucket refills', async () => {
    const limit = ratelimit(() => Ratelimit.tokenBucket(1, '400 ms', 1));
    const user = `user-${randomUUID()}`;
    expect((await limit.limit(user)).success).toBe(true);
    const refused = await limit.limit(user);
    expect(refused.success).toBe(false);
    await sleep(Math.max(0, refused.reset - Date.now()) + 50);
    expect((await limit.limit(user)).success).toBe(true);
  });

  it('blocks with the default in-memory cache once refused, and stops blocking after a reset', async () => {
    const limit = new Ratelimit({
      redis,
      limiter: Ratelimit.fixedWindow(1, '1000 d'),
      prefix,
      enableTelemetry: false,
    });
    const user = `user-${randomUUID()}`;
    expect((await limit.limit(user)).success).toBe(true);
    expect(await limit.limit(user)).toMatchObject({ success: false });
    expect(await limit.limit(user)).toMatchObject({ success: false, reason: 'cacheBlock' });
    await limit.resetUsedTokens(user);
    expect(await limit.limit(user)).toMatchObject({ success: true });
  });

  it.runIf(redisUrl === undefined)(
    'runs the scripts by the digests the library knows them by, after one EVAL each',
    async () => {
      // The stand-in has its own script cache here; on a shared real Redis another test's
      // SCRIPT FLUSH could empty it at any moment, so this is asserted on the embedded store.
      expect(await redis.scriptExists(...Object.values(LIBRARY_DIGESTS))).toEqual([1, 1, 1]);
    },
  );
});
