import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { answerWarmCatalogRead } from '../../workers/api/src/catalog/storefront/warm-reads';
import { createWorker } from '../../workers/api/src/worker';
import { testCredentials } from '../setup/integration-credentials';
import { expectProblem } from './problem-assertions';

// The front door (ADR 15) in front of the real Worker, with limits low enough to reach: each
// test builds its own Worker and its own env object, so its own counters.

const SHOP = 'https://shop.example';

function frontDoorWorker(overrides: Record<string, string | undefined> = {}) {
  const worker = createWorker();
  const bindings = {
    ...env,
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5',
    RATE_LIMIT_KEY_PER_MINUTE: '8',
    STOREFRONT_ORIGINS: `${SHOP}, http://localhost:3000`,
    ...overrides,
  } as Cloudflare.Env;
  const call = async (path: string, init: RequestInit & { ip?: string } = {}) => {
    const context = createExecutionContext();
    const headers = new Headers(init.headers);
    headers.set('CF-Connecting-IP', init.ip ?? '203.0.113.7');
    // As workerd hands requests to a Worker: with Cloudflare's `cf` properties (none here).
    const request = new Request(`http://api.test${path}`, { ...init, headers }) as Request<
      unknown,
      IncomingRequestCfProperties
    >;
    const response = await worker.fetch(request, bindings, context);
    await waitOnExecutionContext(context);
    return response;
  };
  return Object.assign(call, { bindings });
}

const drain = async (response: Response) => {
  await response.body?.cancel();
  return response;
};

describe('rate limits', () => {
  it('lets an anonymous caller send its limit, then answers 429 rate_limited with Retry-After', async () => {
    const call = frontDoorWorker();
    const remaining: string[] = [];
    for (let sent = 0; sent < 5; sent++) {
      const response = await drain(await call('/openapi.json'));
      expect(response.status).toBe(200);
      expect(response.headers.get('RateLimit-Limit')).toBe('5');
      remaining.push(response.headers.get('RateLimit-Remaining') ?? '');
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);

    const refused = await call('/openapi.json');
    const problem = await expectProblem(refused, 429, 'rate_limited');
    expect(problem.requestId).toBe(refused.headers.get('X-Request-Id'));
    const retryAfter = Number(refused.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('RateLimit-Remaining')).toBe('0');
    expect(refused.headers.get('RateLimit-Reset')).toBe(String(retryAfter));
  });

  it('counts each address apart', async () => {
    const call = frontDoorWorker();
    for (let sent = 0; sent < 5; sent++) await drain(await call('/openapi.json', { ip: '198.51.100.1' }));
    await expectProblem(await call('/openapi.json', { ip: '198.51.100.1' }), 429, 'rate_limited');
    expect((await drain(await call('/openapi.json', { ip: '198.51.100.2' }))).status).toBe(200);
  });

  it('covers warm catalog reads, which are answered before routing', async () => {
    const call = frontDoorWorker({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let sent = 0; sent < 4; sent++) statuses.push((await drain(await call('/v1/categories'))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('counts a known API key by key, at its own limit, whatever address it comes from', async () => {
    const call = frontDoorWorker();
    const admin = { Authorization: `Bearer ${testCredentials.adminApiKey}` };
    const statuses: number[] = [];
    for (let sent = 0; sent < 9; sent++) {
      const response = await drain(
        await call('/v1/admin/categories?limit=1', { headers: admin, ip: `192.0.2.${sent}` }),
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
    // The address's own anonymous budget is untouched.
    expect((await drain(await call('/openapi.json', { ip: '192.0.2.1' }))).status).toBe(200);
  });

  it('counts a stored key by key from its second call in an isolate, the first by address', async () => {
    const call = frontDoorWorker();
    const created = await call('/v1/admin/api-keys', {
      method: 'POST',
      headers: { Authorization: `Bearer ${testCredentials.adminApiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'front door', holder: 'front-door-test', scopes: ['crm:read'] }),
    });
    const { key } = await created.json<{ key: string }>();
    const statuses: number[] = [];
    for (let sent = 0; sent < 10; sent++) {
      // A scope it lacks: each call is refused (403) after being counted.
      const response = await drain(
        await call('/v1/admin/categories?limit=1', {
          headers: { Authorization: `Bearer ${key}` },
          ip: `198.51.100.${sent + 10}`,
        }),
      );
      statuses.push(response.status);
    }
    // The first call verified the key; the next eight fill its own bucket of 8; the tenth is over.
    expect(statuses).toEqual([403, 403, 403, 403, 403, 403, 403, 403, 403, 429]);
  });

  it('counts a bearer token it does not know by address, so made-up tokens do not escape the limit', async () => {
    const call = frontDoorWorker();
    const statuses: number[] = [];
    for (let sent = 0; sent < 6; sent++) {
      const response = await drain(
        await call('/openapi.json', { headers: { Authorization: `Bearer made-up-${sent}` } }),
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('is off at 0: no limit and no RateLimit fields', async () => {
    const call = frontDoorWorker({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0' });
    for (let sent = 0; sent < 7; sent++) {
      const response = await drain(await call('/openapi.json'));
      expect(response.status).toBe(200);
      expect(response.headers.has('RateLimit-Limit')).toBe(false);
    }
  });
});

describe('CORS', () => {
  it('lets a configured storefront origin read storefront answers, and vary on Origin', async () => {
    const call = frontDoorWorker();
    const response = await drain(await call('/v1/categories', { headers: { Origin: SHOP } }));
    expect(response.status).toBe(200);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(SHOP);
    expect(response.headers.get('Access-Control-Expose-Headers')).toContain('RateLimit-Remaining');
    expect(response.headers.get('Vary')).toContain('Origin');
  });

  it('names no origin for an origin it does not know', async () => {
    const call = frontDoorWorker();
    const response = await drain(
      await call('/v1/categories', { headers: { Origin: 'https://evil.example' } }),
    );
    expect(response.headers.has('Access-Control-Allow-Origin')).toBe(false);
    expect(response.headers.get('Vary')).toContain('Origin');
  });

  it('answers a storefront preflight with what the page may send', async () => {
    const call = frontDoorWorker();
    const response = await call('/v1/products', {
      method: 'OPTIONS',
      headers: {
        Origin: SHOP,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, idempotency-key',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(SHOP);
    expect(response.headers.get('Access-Control-Allow-Methods')).toContain('POST');
    expect(response.headers.get('Access-Control-Allow-Headers')).toBe('content-type, idempotency-key');
    expect(Number(response.headers.get('Access-Control-Max-Age'))).toBeGreaterThan(0);
  });

  it.each([
    ['an admin route', '/v1/admin/products', SHOP, 'GET', undefined],
    ['an integration route', '/v1/integrations/pim/products', SHOP, 'POST', 'content-type'],
    ['an unknown origin', '/v1/products', 'https://evil.example', 'GET', undefined],
    ['a method it does not allow', '/v1/products', SHOP, 'PUT', undefined],
    ['a header it does not allow', '/v1/products', SHOP, 'GET', 'x-debug'],
  ])(
    'refuses a preflight for %s with 403 and no allow headers',
    async (_case, path, origin, method, requested) => {
      const call = frontDoorWorker();
      const response = await call(path, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': method,
          ...(requested ? { 'Access-Control-Request-Headers': requested } : {}),
        },
      });
      await expectProblem(response, 403, 'forbidden');
      expect(response.headers.has('Access-Control-Allow-Origin')).toBe(false);
    },
  );

  it('names no origin on admin answers, even to a storefront origin', async () => {
    const call = frontDoorWorker();
    const response = await drain(
      await call('/v1/admin/categories', {
        headers: { Origin: SHOP, Authorization: `Bearer ${testCredentials.adminApiKey}` },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.has('Access-Control-Allow-Origin')).toBe(false);
  });
});

describe('security headers', () => {
  it('are on warm catalog reads, answered before routing', async () => {
    // Trusting the catalog version for a minute, as in production, so the second read is warm.
    const call = frontDoorWorker({
      CATALOG_VERSION_CHECK_MS: '60000',
      CATALOG_CACHE_PREFIX: `fd-${crypto.randomUUID()}`,
    });
    expect((await drain(await call('/v1/categories', { headers: { Origin: SHOP } }))).status).toBe(200);
    const warm = answerWarmCatalogRead(
      new Request('http://api.test/v1/categories'),
      call.bindings,
      undefined,
    );
    expect(warm?.status, 'the address is warm').toBe(200);
    await warm?.body?.cancel();

    const response = await drain(await call('/v1/categories', { headers: { Origin: SHOP } }));
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(SHOP);
    expect(response.headers.get('RateLimit-Remaining')).toBe('3');
  });

  it.each([
    ['a warm or cold storefront read', '/v1/categories'],
    ['the OpenAPI document', '/openapi.json'],
    ['a problem', '/v1/nowhere'],
  ])('are on %s', async (_case, path) => {
    const call = frontDoorWorker();
    for (const response of [await drain(await call(path)), await drain(await call(path))]) {
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('Content-Security-Policy')).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(response.headers.get('X-Frame-Options')).toBe('DENY');
      expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(response.headers.has('Strict-Transport-Security')).toBe(false);
    }
  });

  it('add Strict-Transport-Security in production', async () => {
    const call = frontDoorWorker({
      ENVIRONMENT: 'production',
      DATABASE_WS_PROXY: undefined,
      STOREFRONT_ORIGINS: SHOP,
      // The suite's Resend stand-in: production wants the sender and the storefront with it.
      RESEND_API_KEY: undefined,
      // The suite's Stripe and QStash stand-ins: production talks to Stripe and QStash themselves.
      STRIPE_BASE_URL: undefined,
      QSTASH_URL: undefined,
    });
    const response = await drain(await call('/openapi.json'));
    expect(response.headers.get('Strict-Transport-Security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });
});

describe('configuration', () => {
  it('refuses an origin with a path, and plain http origins in production', async () => {
    for (const overrides of [
      { STOREFRONT_ORIGINS: 'https://shop.example/' },
      { ENVIRONMENT: 'production', DATABASE_WS_PROXY: undefined, STOREFRONT_ORIGINS: 'http://shop.example' },
    ]) {
      const response = await frontDoorWorker(overrides)('/v1/health');
      const problem = await expectProblem(response, 500, 'server_misconfigured');
      expect(problem.detail).not.toContain('shop.example');
    }
  });
});
