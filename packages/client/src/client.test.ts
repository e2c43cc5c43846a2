import { createApp } from '@edge-commerce/api/app';
import type { FetchOptions } from 'openapi-fetch';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type components,
  createEdgeCommerceClient,
  isProblem,
  type operations,
  type Problem,
  type ProblemCode,
} from './index';

// The real app, in-process: every request the client builds is answered by the routes and
// middleware that deploy. The database address is never reachable, so only answers that do not
// need it (validation, auth) or that report it down (503) are asserted.
const BOOTSTRAP_ADMIN_KEY = 'admin-key-for-the-typed-client-tests-0123456789';
const env = {
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  ENVIRONMENT: 'test',
  LOG_LEVEL: 'error',
  BOOTSTRAP_ADMIN_KEY,
};
const BASE_URL = 'https://api.shop.test';

/** A client whose requests go to the app, each also kept for inspection. */
function clientOfTheApp(options: { apiKey?: string } = {}) {
  const app = createApp();
  const sent: Request[] = [];
  const client = createEdgeCommerceClient({
    baseUrl: BASE_URL,
    ...options,
    fetch: async (request) => {
      sent.push(request.clone());
      return app.fetch(request, env);
    },
  });
  return { client, sent };
}

describe('the typed client against the real app', () => {
  it('builds the URL from path and query parameters, and the app accepts it (503: it got past validation)', async () => {
    const { client, sent } = clientOfTheApp();

    const { data, error, response } = await client.GET('/v1/products/{handle}', {
      params: { path: { handle: 'relaxed-linen-shirt-42' }, query: { currency: 'EUR' } },
    });

    expect(sent[0]?.method).toBe('GET');
    expect(sent[0]?.url).toBe(`${BASE_URL}/v1/products/relaxed-linen-shirt-42?currency=EUR`);
    expect(data).toBeUndefined();
    expect(response.status).toBe(503);
    expect(error?.code).toBe('database_unavailable');
  });

  it('repeats array query parameters, as the API reads repeated tags', async () => {
    const { client, sent } = clientOfTheApp();

    const { response } = await client.GET('/v1/products', {
      params: { query: { tag: ['organic', 'linen'], sort: 'price_asc', limit: '5' } },
    });

    expect(sent[0]?.url).toBe(`${BASE_URL}/v1/products?tag=organic&tag=linen&sort=price_asc&limit=5`);
    expect(response.status).toBe(503);
  });

  it('hands back a 400 validation problem typed in `error`, before any database work', async () => {
    const { client } = clientOfTheApp();

    const { data, error, response } = await client.GET('/v1/products', { params: { query: { limit: '0' } } });

    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    expect(isProblem(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ path: 'limit', message: expect.any(String) }],
    });
    expect(error?.requestId).toBe(response.headers.get('X-Request-Id'));
  });

  it('reports the database down on GET /v1/health as a typed 503 problem', async () => {
    const { client } = clientOfTheApp();

    const { data, error, response } = await client.GET('/v1/health');

    expect(data).toBeUndefined();
    expect(response.status).toBe(503);
    expect(error?.code).toBe('database_unavailable');
  });

  it('sends apiKey as a bearer token: the admin API lets it past authentication', async () => {
    const anonymous = clientOfTheApp();
    const admin = clientOfTheApp({ apiKey: BOOTSTRAP_ADMIN_KEY });

    const refused = await anonymous.client.GET('/v1/admin/products');
    const accepted = await admin.client.GET('/v1/admin/products');

    expect(anonymous.sent[0]?.headers.get('Authorization')).toBeNull();
    expect(refused.response.status).toBe(401);
    expect(refused.error?.code).toBe('unauthorized');
    expect(admin.sent[0]?.headers.get('Authorization')).toBe(`Bearer ${BOOTSTRAP_ADMIN_KEY}`);
    expect(accepted.response.status).toBe(503);
  });

  it('sends per-call headers: a documented Idempotency-Key and an undocumented one alike', async () => {
    const { client, sent } = clientOfTheApp({ apiKey: BOOTSTRAP_ADMIN_KEY });

    await client.POST('/v1/admin/categories', {
      params: { header: { 'idempotency-key': 'create-shirts-1' } },
      headers: { 'Accept-Language': 'de' },
      body: { handle: 'shirts', name: 'Shirts' },
    });

    const request = sent[0];
    expect(request?.headers.get('Idempotency-Key')).toBe('create-shirts-1');
    expect(request?.headers.get('Accept-Language')).toBe('de');
    expect(request?.headers.get('Authorization')).toBe(`Bearer ${BOOTSTRAP_ADMIN_KEY}`);
    expect(request?.headers.get('Content-Type')).toBe('application/json');
    expect(await request?.json()).toEqual({ handle: 'shirts', name: 'Shirts' });
  });
});

describe('isProblem', () => {
  it('knows a problem body from what a proxy or a 304 leaves in `error`', () => {
    expect(isProblem({ code: 'not_found', status: 404, requestId: 'r1', title: 'Not found' })).toBe(true);
    expect(isProblem('')).toBe(false);
    expect(isProblem('<html>502 Bad Gateway</html>')).toBe(false);
    expect(isProblem(null)).toBe(false);
    expect(isProblem({ message: 'upstream timeout' })).toBe(false);
  });
});

// Checked by `tsc` (npm run typecheck), not at run time: the calls below are compiled, never
// sent, and a call the types should refuse but accept fails the typecheck (unused @ts-expect-error).
describe('types', () => {
  const client = createEdgeCommerceClient({ baseUrl: BASE_URL });

  it('require the path parameter of GET /v1/products/{handle}', () => {
    expectTypeOf<operations['getProduct']['parameters']['path']>().toEqualTypeOf<{ handle: string }>();
    // Required, not optional: openapi-fetch makes `params` optional only when nothing in it is.
    expectTypeOf<FetchOptions<operations['getProduct']>['params']>().toEqualTypeOf<
      operations['getProduct']['parameters']
    >();

    const refused = async () => {
      // @ts-expect-error: without params there is no handle
      await client.GET('/v1/products/{handle}');
      // @ts-expect-error: query alone does not name the product
      await client.GET('/v1/products/{handle}', { params: { query: { currency: 'EUR' } } });
      // @ts-expect-error: an unknown query parameter is refused
      await client.GET('/v1/products', { params: { query: { colour: 'red' } } });
      // @ts-expect-error: a path the API does not have
      await client.GET('/v1/product/{handle}', { params: { path: { handle: 'x' } } });
      // @ts-expect-error: the admin create needs its body
      await client.POST('/v1/admin/categories', {});
    };
    expectTypeOf(refused).toBeFunction();
  });

  it('type what comes back: the product in `data`, a Problem in `error`, prices that may be null', () => {
    const productPage = async () => {
      const { data, error } = await client.GET('/v1/products/{handle}', {
        params: { path: { handle: 'relaxed-linen-shirt-42' }, query: { currency: 'EUR' } },
      });
      expectTypeOf(data).toEqualTypeOf<components['schemas']['Product'] | undefined>();
      expectTypeOf(error).toEqualTypeOf<Problem | undefined>();
      expectTypeOf(error?.code).toEqualTypeOf<ProblemCode | undefined>();
      expectTypeOf(data?.variants[0]?.price).toEqualTypeOf<
        components['schemas']['Money'] | null | undefined
      >();
    };
    expectTypeOf(productPage).toBeFunction();
  });
});
