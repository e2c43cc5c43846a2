import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { CATALOG_VERSION_KEY, startNewCatalogVersion } from './catalog-version';
import { scriptSha1 } from './script-source';
import { startUpstashRedis, type UpstashRedis } from './server';

// Embedded always; a real Redis behind the stand-in too when REDIS_URL names one (CI does).
const modes: { name: string; redisUrl: string | undefined }[] = [
  { name: 'embedded store', redisUrl: undefined },
  ...(process.env.REDIS_URL
    ? [{ name: `real Redis at ${process.env.REDIS_URL}`, redisUrl: process.env.REDIS_URL }]
    : []),
];

describe.each(modes)('Upstash Redis stand-in on the $name, driven by @upstash/redis', ({ redisUrl }) => {
  let standIn: UpstashRedis;
  let redis: Redis;
  // Keys unique to this run: a real Redis is shared with whatever else uses it.
  const prefix = `stand-in-test:${randomUUID()}:`;
  const key = (name: string) => `${prefix}${name}`;

  beforeAll(async () => {
    standIn = await startUpstashRedis({ port: await freePort(), token: 'test-token', redisUrl });
    redis = new Redis({ url: standIn.url, token: standIn.token, retry: false, enableTelemetry: false });
  });

  afterAll(async () => {
    const names = [
      'plain',
      'json',
      'unicode',
      'ex',
      'px',
      'nx',
      'counter',
      'text',
      'a',
      'b',
      'expiring',
      'tx',
      'script',
      'hash',
    ];
    await redis?.del(...names.map(key)).catch(() => {});
    await standIn?.stop();
  });

  it('reports which backend it runs on', () => {
    expect(standIn.backend).toBe(redisUrl ? 'redis' : 'embedded');
  });

  it('round-trips strings, JSON and non-ASCII text through the default base64 encoding', async () => {
    expect(await redis.set(key('plain'), 'hello')).toBe('OK');
    expect(await redis.get(key('plain'))).toBe('hello');
    await redis.set(key('json'), { handle: 'tee', price: { amount: 1999, currency: 'EUR' } });
    expect(await redis.get(key('json'))).toEqual({ handle: 'tee', price: { amount: 1999, currency: 'EUR' } });
    await redis.set(key('unicode'), 'Grüße 🧦 "quoted" \\ back');
    expect(await redis.get(key('unicode'))).toBe('Grüße 🧦 "quoted" \\ back');
    expect(await redis.get(key('missing'))).toBeNull();
    expect(await redis.ping()).toBe('PONG');
    expect(await redis.type(key('plain'))).toBe('string');
  });

  it('answers plain JSON when the client does not ask for base64', async () => {
    const plain = new Redis({
      url: standIn.url,
      token: standIn.token,
      responseEncoding: false,
      retry: false,
    });
    await plain.set(key('unicode'), 'Grüße 🧦');
    expect(await plain.get(key('unicode'))).toBe('Grüße 🧦');
    expect(await plain.mget(key('unicode'), key('missing'))).toEqual(['Grüße 🧦', null]);
  });

  it('honours SET EX/PX/NX/XX/GET and expires keys for real', async () => {
    await redis.set(key('ex'), 'v', { ex: 100 });
    const ttl = await redis.ttl(key('ex'));
    expect(ttl).toBeGreaterThanOrEqual(99);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await redis.ttl(key('plain'))).toBe(-1);
    expect(await redis.ttl(key('missing'))).toBe(-2);

    await redis.set(key('px'), 'short', { px: 60 });
    expect(await redis.pttl(key('px'))).toBeGreaterThan(0);
    await sleep(120);
    expect(await redis.get(key('px'))).toBeNull();
    expect(await redis.exists(key('px'))).toBe(0);

    await redis.del(key('nx'));
    expect(await redis.set(key('nx'), 'first', { nx: true })).toBe('OK');
    expect(await redis.set(key('nx'), 'second', { nx: true })).toBeNull();
    expect(await redis.set(key('nx'), 'third', { xx: true })).toBe('OK');
    expect(await redis.set(key('absent-xx'), 'x', { xx: true })).toBeNull();
    expect(await redis.set(key('nx'), 'fourth', { get: true })).toBe('third');
    expect(await redis.get(key('nx'))).toBe('fourth');
  });

  it('expires with EXPIRE/PEXPIRE and reports TTL/PTTL', async () => {
    await redis.set(key('expiring'), 'soon');
    expect(await redis.expire(key('expiring'), 50)).toBe(1);
    expect(await redis.ttl(key('expiring'))).toBe(50);
    expect(await redis.pexpire(key('expiring'), 60)).toBe(1);
    expect(await redis.pttl(key('expiring'))).toBeLessThanOrEqual(60);
    expect(await redis.expire(key('missing'), 10)).toBe(0);
    await sleep(120);
    expect(await redis.get(key('expiring'))).toBeNull();
  });

  it('counts with INCR/INCRBY/DECR and refuses to count text, as Redis does', async () => {
    await redis.del(key('counter'));
    expect(await redis.incr(key('counter'))).toBe(1);
    expect(await redis.incrby(key('counter'), 41)).toBe(42);
    expect(await redis.decr(key('counter'))).toBe(41);
    await redis.set(key('text'), 'not a number');
    await expect(redis.incr(key('text'))).rejects.toThrow('ERR value is not an integer or out of range');
  });

  it('reads and writes many keys with MGET/MSET, and deletes with DEL/EXISTS', async () => {
    expect(await redis.mset({ [key('a')]: 'A', [key('b')]: 'B' })).toBe('OK');
    expect(await redis.mget(key('a'), key('b'), key('missing'))).toEqual(['A', 'B', null]);
    expect(await redis.exists(key('a'), key('b'), key('missing'))).toBe(2);
    expect(await redis.del(key('a'), key('missing'))).toBe(1);
    expect(await redis.exists(key('a'))).toBe(0);
  });

  it('runs a pipeline in order, an error staying in its place', async () => {
    const results = await redis
      .pipeline()
      .set(key('a'), 'one')
      .incr(key('a'))
      .get(key('a'))
      .exec({ keepErrors: true });
    expect(results[0]).toEqual({ result: 'OK', error: undefined });
    expect(results[1]?.error).toMatch(/^ERR value is not an integer/);
    expect(results[2]).toEqual({ result: 'one', error: undefined });
  });

  it('runs MULTI/EXEC through /multi-exec', async () => {
    await redis.del(key('tx'));
    const results = await redis.multi().incr(key('tx')).incrby(key('tx'), 9).get(key('tx')).exec();
    expect(results).toEqual([1, 10, 10]);
  });

  it('runs a script the way @upstash/ratelimit does: NOSCRIPT from EVALSHA, then EVAL, then EVALSHA', async () => {
    // A script never seen before (the comment makes it unique), with Upstash's own shebang flag.
    const script = `#!lua flags=allow-key-locking\n-- ${randomUUID()}\nreturn redis.call("INCRBY", KEYS[1], ARGV[1])`;
    const sha = scriptSha1(script);
    await redis.del(key('script'));
    await expect(redis.evalsha(sha, [key('script')], [5])).rejects.toThrow(
      'NOSCRIPT No matching script. Please use EVAL.',
    );
    expect(await redis.eval(script, [key('script')], [5])).toBe(5);
    expect(await redis.evalsha(sha, [key('script')], [2])).toBe(7);
    expect(await redis.scriptExists(sha, 'f'.repeat(40))).toEqual([1, 0]);

    const readOnly = `return {redis.call("GET", KEYS[1]), ARGV[1]} -- ${randomUUID()}`;
    expect(await redis.scriptLoad(readOnly)).toBe(scriptSha1(readOnly));
    expect(await redis.evalshaRo(scriptSha1(readOnly), [key('script')], ['x'])).toEqual([7, 'x']);
    await expect(redis.evalRo('return redis.call("DEL", KEYS[1])', [key('script')], [])).rejects.toThrow(
      'ERR Write commands are not allowed from read-only scripts.',
    );
  });

  it('keeps hashes the SDK reads and writes, and scans for them', async () => {
    await redis.del(key('hash'));
    expect(await redis.hset(key('hash'), { tokens: 3, refilledAt: 1_700_000_000_000 })).toBe(2);
    expect(await redis.hmget(key('hash'), 'refilledAt', 'tokens', 'missing')).toEqual({
      refilledAt: 1_700_000_000_000,
      tokens: 3,
      missing: null,
    });
    expect(await redis.hincrby(key('hash'), 'tokens', -1)).toBe(2);
    expect(await redis.hgetall(key('hash'))).toEqual({ tokens: 2, refilledAt: 1_700_000_000_000 });
    expect(await redis.type(key('hash'))).toBe('hash');
    await expect(redis.get(key('hash'))).rejects.toThrow('WRONGTYPE');
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, { match: `${prefix}h*`, count: 1000 });
      found.push(...keys);
      cursor = String(next);
    } while (cursor !== '0');
    expect(found).toContain(key('hash'));
    expect(await redis.hdel(key('hash'), 'tokens', 'refilledAt')).toBe(2);
    expect(await redis.exists(key('hash'))).toBe(0);
  });

  it('refuses unknown commands with Redis’s error', async () => {
    await expect(redis.exec(['NOSUCHCOMMAND', 'x'])).rejects.toThrow("ERR unknown command 'NOSUCHCOMMAND'");
  });

  it('refuses a wrong or missing token with 401, as Upstash does', async () => {
    const wrong = new Redis({ url: standIn.url, token: 'wrong-token', retry: false });
    await expect(wrong.get(key('plain'))).rejects.toThrow('Unauthorized');

    const missing = await fetch(standIn.url, { method: 'POST', body: JSON.stringify(['PING']) });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'Unauthorized' });
  });

  it('speaks the wire format: statuses, bodies and the base64 exception for OK', async () => {
    const post = (path: string, body: unknown, base64 = true) =>
      fetch(`${standIn.url}${path}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${standIn.token}`,
          ...(base64 ? { 'Upstash-Encoding': 'base64' } : {}),
        },
        body: JSON.stringify(body),
      });

    const set = await post('/', ['SET', key('plain'), 'hello']);
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ result: 'OK' });
    expect(await (await post('/', ['GET', key('plain')])).json()).toEqual({ result: 'aGVsbG8=' });
    expect(await (await post('/', ['PING'])).json()).toEqual({ result: 'UE9ORw==' });
    expect(await (await post('/', ['PING'], false)).json()).toEqual({ result: 'PONG' });
    expect(await (await post('/', ['EXISTS', key('plain')])).json()).toEqual({ result: 1 });

    const failed = await post('/', ['INCR', key('plain')]);
    expect(failed.status).toBe(400);
    expect(await failed.json()).toEqual({ error: 'ERR value is not an integer or out of range' });

    const pipeline = await post('/pipeline', [
      ['GET', key('plain')],
      ['INCR', key('plain')],
    ]);
    expect(pipeline.status).toBe(200);
    expect(await pipeline.json()).toEqual([
      { result: 'aGVsbG8=' },
      { error: 'ERR value is not an integer or out of range' },
    ]);

    const aborted = await post('/multi-exec', [['GET', key('plain')], ['GET']]);
    expect(aborted.status).toBe(400);
    expect(((await aborted.json()) as { error: string }).error).toMatch(/^EXECABORT/);

    expect((await post('/', { not: 'a command' })).status).toBe(400);
    const put = await fetch(standIn.url, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${standIn.token}` },
    });
    expect(put.status).toBe(405);

    const pathForm = await fetch(
      `${standIn.url}/get/${encodeURIComponent(key('plain'))}?_token=${standIn.token}`,
    );
    expect(await pathForm.json()).toEqual({ result: 'hello' });
  });
});

describe('Upstash Redis stand-in start-up', () => {
  it('fails fast and names REDIS_URL when the Redis it names is not there', async () => {
    await expect(
      startUpstashRedis({ port: await freePort(), token: 't', redisUrl: 'redis://127.0.0.1:1' }),
    ).rejects.toThrow('Cannot reach Redis at redis://127.0.0.1:1 (REDIS_URL)');
  });

  it('frees its port when it stops', async () => {
    const port = await freePort();
    const first = await startUpstashRedis({ port, token: 't' });
    await first.stop();
    const second = await startUpstashRedis({ port, token: 't' });
    await second.stop();
  });
});

describe('startNewCatalogVersion', () => {
  it('moves the catalog version to a number never used before, whatever the key held', async () => {
    const standIn = await startUpstashRedis({ port: await freePort(), token: 't' });
    try {
      const redis = new Redis({ url: standIn.url, token: standIn.token, retry: false });
      expect(await startNewCatalogVersion(standIn.url, standIn.token, 1_000)).toBe(1_001);
      expect(await startNewCatalogVersion(standIn.url, standIn.token, 5)).toBe(1_002);
      await redis.set(CATALOG_VERSION_KEY, 'garbage');
      expect(await startNewCatalogVersion(standIn.url, standIn.token, 2_000)).toBe(2_000);
      expect(await redis.get(CATALOG_VERSION_KEY)).toBe(2_000);
    } finally {
      await standIn.stop();
    }
  });
});
