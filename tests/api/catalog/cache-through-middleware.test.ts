import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../workers/api/src/env';
import { services } from '../../../workers/api/src/middleware/services';
import { uniquePrefix } from './cache-kit';

// The cache as routes get it: built by the services middleware from the Worker's bindings. A
// probe route stands in for the storefront routes, so this holds whatever they look like;
// its loader runs one real SQL statement, counted in Server-Timing like any route's.
function probeApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(services());
  app.get('/probe/:key', async (c) => {
    const key = c.req.param('key');
    const cached = await c.get('catalogCache').read(`probe:${key}`, async () => {
      await c.get('database')().execute(sql`select 1`);
      return { body: JSON.stringify({ key }), etag: `"${key}"` };
    });
    return c.body(cached.body, 200, { ETag: cached.etag, 'X-Cache-Source': cached.source });
  });
  app.post('/probe-write', async (c) => {
    await c.get('catalogCache').invalidate();
    return c.body(null, 204);
  });
  return app;
}

async function call(app: Hono<AppEnv>, path: string, bindings: object = env, method = 'GET') {
  const context = createExecutionContext();
  const response = await app.fetch(new Request(`http://api.test${path}`, { method }), bindings, context);
  // Let the cache writes left to waitUntil land before the next request, as a later request
  // would find them in production. (Not after a lost invalidation: its retries take seconds.)
  if (method === 'GET') await waitOnExecutionContext(context);
  return {
    status: response.status,
    statements: response.headers.get('Server-Timing'),
    source: response.headers.get('X-Cache-Source'),
    body: await response.text(),
  };
}

describe('catalog cache through the services middleware (in workerd)', () => {
  it('answers a second identical read without a single SQL statement', async () => {
    const app = probeApp();
    const key = uniquePrefix();
    const first = await call(app, `/probe/${key}`);
    const second = await call(app, `/probe/${key}`);
    expect(first).toMatchObject({ status: 200, statements: 'db;desc="1 statements"', source: 'database' });
    expect(second).toMatchObject({ status: 200, statements: 'db;desc="0 statements"', source: 'cache' });
    expect(second.body).toBe(first.body);
  });

  it('goes back to the database after a write invalidates the catalog', async () => {
    const app = probeApp();
    const key = uniquePrefix();
    await call(app, `/probe/${key}`);
    expect((await call(app, `/probe/${key}`)).statements).toBe('db;desc="0 statements"');
    expect((await call(app, '/probe-write', env, 'POST')).status).toBe(204);
    expect(await call(app, `/probe/${key}`)).toMatchObject({
      statements: 'db;desc="1 statements"',
      source: 'database',
    });
  });

  it('answers 200 from the database on every read when Redis is down', async () => {
    const app = probeApp();
    const key = uniquePrefix();
    const redisDown = { ...env, UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:1' };
    for (let read = 0; read < 2; read++) {
      expect(await call(app, `/probe/${key}`, redisDown)).toMatchObject({
        status: 200,
        statements: 'db;desc="1 statements"',
        source: 'database',
      });
    }
    expect((await call(app, '/probe-write', redisDown, 'POST')).status).toBe(204);
  });

  it('does not cache at all without UPSTASH_REDIS_REST_URL', async () => {
    const app = probeApp();
    const key = uniquePrefix();
    const {
      UPSTASH_REDIS_REST_URL: _url,
      UPSTASH_REDIS_REST_TOKEN: _token,
      ...uncached
    } = env as unknown as Record<string, unknown>;
    for (let read = 0; read < 2; read++) {
      expect((await call(app, `/probe/${key}`, uncached)).source).toBe('database');
    }
  });
});
