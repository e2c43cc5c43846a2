import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../../workers/api/src/env';
import { handleError } from '../../workers/api/src/errors/handlers';
import { conservativeLimit, strictBucket } from '../../workers/api/src/front-door/strict-bucket';
import { requestIds } from '../../workers/api/src/middleware/request-id';
import { services } from '../../workers/api/src/middleware/services';
import { unresponsiveUrl } from './catalog/cache-kit';
import { expectProblem } from './problem-assertions';

// A route's strict bucket (ADR 15): exact and global through @upstash/ratelimit on Upstash Redis
// (the stand-in here; in CI's second run the real Redis behind it), and a conservative
// per-isolate limit when Redis cannot answer. Each test has a bucket of its own.

const LIMIT = 4;

/** One "isolate": its own app, so its own in-memory state; Redis is shared between them. */
function isolateWith(bucket: string, bindings: object = env) {
  const app = new OpenAPIHono<AppEnv>();
  app.use(requestIds());
  app.use(services());
  app.post('/login', strictBucket({ name: bucket, limit: LIMIT, windowSeconds: 60 }), (c) =>
    c.json({ ok: true }),
  );
  app.onError(handleError);
  return async (ip = '203.0.113.9') => {
    const context = createExecutionContext();
    const response = await app.request(
      '/login',
      { method: 'POST', headers: { 'CF-Connecting-IP': ip } },
      bindings,
      context,
    );
    await waitOnExecutionContext(context);
    return response;
  };
}

const statuses = async (send: () => Promise<Response>, times: number) => {
  const seen: number[] = [];
  for (let sent = 0; sent < times; sent++) {
    const response = await send();
    await response.body?.cancel();
    seen.push(response.status);
  }
  return seen;
};

describe('a strict bucket', () => {
  it('allows exactly its limit, then answers 429 with Retry-After and its own RateLimit fields', async () => {
    const login = isolateWith(`login-${crypto.randomUUID()}`);
    const remaining: string[] = [];
    for (let sent = 0; sent < LIMIT; sent++) {
      const response = await login();
      expect(response.status, await response.text()).toBe(200);
      expect(response.headers.get('RateLimit-Limit')).toBe(String(LIMIT));
      remaining.push(response.headers.get('RateLimit-Remaining') ?? '');
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    const refused = await login();
    const problem = await expectProblem(refused, 429, 'rate_limited');
    expect(problem.detail).toContain('at most 4 every 60 s');
    const retryAfter = Number(refused.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('is global: isolates that share nothing but Redis share the count', async () => {
    const bucket = `login-${crypto.randomUUID()}`;
    const first = isolateWith(bucket);
    const second = isolateWith(bucket);
    expect(await statuses(first, 2)).toEqual([200, 200]);
    expect(await statuses(second, 2)).toEqual([200, 200]);
    expect(await statuses(first, 1)).toEqual([429]);
    expect(await statuses(second, 1)).toEqual([429]);
  });

  it('counts each caller apart', async () => {
    const login = isolateWith(`login-${crypto.randomUUID()}`);
    expect(await statuses(() => login('198.51.100.10'), LIMIT + 1)).toEqual([200, 200, 200, 200, 429]);
    expect(await statuses(() => login('198.51.100.11'), 1)).toEqual([200]);
  });

  it('falls back to a conservative per-isolate limit when Redis does not answer, and logs it', async () => {
    // The fallback counts in windows of the bucket's 60 s aligned to the minute, and a window
    // that has just rolled over weighs the previous one's count down (rounding it down), so three
    // calls of half a second each (Redis's timeout) straddling a minute would see two, then one:
    // start them clear of the next minute.
    const untilNextMinute = 60_000 - (Date.now() % 60_000);
    if (untilNextMinute < 5_000) await new Promise((resolve) => setTimeout(resolve, untilNextMinute + 100));
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const login = isolateWith(`login-${crypto.randomUUID()}`, {
      ...env,
      UPSTASH_REDIS_REST_URL: unresponsiveUrl(),
      CATALOG_CACHE_PREFIX: `strict-${crypto.randomUUID()}`,
    });
    const seen = await statuses(login, conservativeLimit(LIMIT) + 1);
    const logged = warned.mock.calls.map((call) => String(call[0]));
    warned.mockRestore();
    expect(seen).toEqual([...Array(conservativeLimit(LIMIT)).fill(200), 429]);
    expect(logged.some((line) => line.includes('rate limit store unreachable'))).toBe(true);
  });
});
