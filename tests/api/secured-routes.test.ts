import { env, exports } from 'cloudflare:workers';
import { newQStashSigningKey, signQStashDelivery } from '@edge-commerce/devstack/qstash';
import { ID_PREFIXES, type IdKind, newId } from '@edge-commerce/domain';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../workers/api/src/app';
import { partnerKeys, testCredentials } from '../setup/integration-credentials';
import { expectProblem } from './problem-assertions';

// Walks the app's own route table rather than a list kept by hand: a route added tomorrow is
// checked by these tests the day it is registered, with nothing to remember.

const ORIGIN = 'http://api.test';
const WRONG_ADMIN_KEY = `sk_test_admin_${'0'.repeat(24)}`;
const UNKNOWN_PARTNER_KEY = `pk_test_unknown_${'x'.repeat(24)}`;

interface RouteTable {
  routes: readonly { method: string; path: string }[];
}

/** One route of the table: its method and Hono pattern, and a concrete path that routes to it. */
interface RouteCall {
  method: string;
  pattern: string;
  path: string;
}

/**
 * Every route the app serves under `prefix`, once per method and pattern (Hono keeps one entry
 * per handler, and middleware as method ALL).
 */
function routesUnder(app: RouteTable, prefix: string): RouteCall[] {
  const seen = new Map<string, RouteCall>();
  for (const { method, path: pattern } of app.routes) {
    if (method === 'ALL' || !(pattern === prefix || pattern.startsWith(`${prefix}/`))) continue;
    seen.set(`${method} ${pattern}`, { method, pattern, path: concretePath(pattern) });
  }
  return [...seen.values()];
}

const isIdKind = (kind: string): kind is IdKind => Object.hasOwn(ID_PREFIXES, kind);

// Plausible values, so that a route which forgot its guard would run its handler (and answer 404
// or 400, failing the test) instead of stopping at a shape check: `:productId` → a real-looking
// `prod_…` id.
function concretePath(pattern: string): string {
  return pattern.replace(/:(\w+)(\{[^}]*\})?\??|\*/g, (match, name?: string, constraint?: string) => {
    if (name === undefined || constraint !== undefined) {
      throw new Error(`${pattern}: cannot build a path for ${match}; teach concretePath about it`);
    }
    const kind = /^(\w+)Id$/.exec(name)?.[1];
    if (kind !== undefined && isIdKind(kind)) return newId(kind);
    return `sample-${name.toLowerCase()}`;
  });
}

/** `/v1/admin/products/:productId` as the OpenAPI document spells it. */
const documentedPath = (pattern: string) => pattern.replace(/:(\w+)/g, '{$1}');

const HAS_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** A request to `route` with `headers`; methods that take a body get an empty JSON object. */
function requestTo(route: RouteCall, headers: Record<string, string> = {}, body = '{}'): Request {
  const withBody = HAS_BODY.has(route.method);
  return new Request(`${ORIGIN}${route.path}`, {
    method: route.method,
    headers: withBody ? { 'Content-Type': 'application/json', ...headers } : headers,
    ...(withBody ? { body } : {}),
  });
}

const send = (request: Request) => exports.default.fetch(request);

interface Operation {
  security?: Record<string, string[]>[];
}

async function openApiOperations(): Promise<Record<string, Record<string, Operation>>> {
  const response = await send(new Request(`${ORIGIN}/openapi.json`));
  return (await response.json<{ paths: Record<string, Record<string, Operation>> }>()).paths;
}

async function expectRefused(response: Response, request: string): Promise<void> {
  const problem = await expectProblem(response, 401, 'unauthorized');
  expect(problem.detail, request).toEqual(expect.any(String));
  expect(response.headers.get('WWW-Authenticate'), request).toBe('Bearer realm="edge-commerce"');
}

const ADMIN_ROUTES = routesUnder(createApp(), '/v1/admin');
// Stripe's webhooks carry no key: a Stripe signature is their whole authentication (ADR 27).
const STRIPE_ROUTES = routesUnder(createApp(), '/v1/integrations/stripe');
const INTEGRATION_ROUTES = routesUnder(createApp(), '/v1/integrations').filter(
  (route) =>
    !STRIPE_ROUTES.some((stripe) => stripe.method === route.method && stripe.pattern === route.pattern),
);
// QStash's reports on our own deliveries: its signature alone opens them (ADR 33), no key does.
const QSTASH_ONLY_ROUTES = routesUnder(createApp(), '/v1/integrations/qstash');
const KEYED_ROUTES = INTEGRATION_ROUTES.filter(
  (route) =>
    !QSTASH_ONLY_ROUTES.some((only) => only.method === route.method && only.pattern === route.pattern),
);

describe('every admin route refuses a request without the admin key', { timeout: 60_000 }, () => {
  it('finds the admin routes in the route table, the same operations the OpenAPI document lists', async () => {
    expect(ADMIN_ROUTES.length).toBeGreaterThan(0);
    expect(ADMIN_ROUTES).toContainEqual(
      expect.objectContaining({ method: 'GET', pattern: '/v1/admin/products/:productId' }),
    );
    const documented = Object.entries(await openApiOperations()).flatMap(([path, operations]) =>
      path.startsWith('/v1/admin/') ? Object.keys(operations).map((method) => `${method} ${path}`) : [],
    );
    const routed = ADMIN_ROUTES.map(
      (route) => `${route.method.toLowerCase()} ${documentedPath(route.pattern)}`,
    );
    expect(routed.sort()).toEqual(documented.sort());
  });

  it.each(ADMIN_ROUTES.map((route) => [route.method, route.pattern, route] as const))(
    '%s %s answers 401 problem+json without a key, with a wrong key and 403 with a partner key',
    async (_method, _pattern, route) => {
      for (const [credentials, headers] of [
        ['no key', {}],
        ['a wrong key', { Authorization: `Bearer ${WRONG_ADMIN_KEY}` }],
        ['the admin key in another scheme', { Authorization: `Basic ${btoa(testCredentials.adminApiKey)}` }],
      ] as const) {
        const response = await send(requestTo(route, headers));
        await expectRefused(response, `${route.method} ${route.path} with ${credentials}`);
        expect(response.headers.get('Cache-Control')).toBe('private, no-store');
      }
      // A known key without `admin`: authenticated, not allowed, and told which scope it lacks.
      const partner = await send(
        requestTo(route, { Authorization: `Bearer ${testCredentials.pimPartnerKey}` }),
      );
      const problem = await expectProblem(partner, 403, 'forbidden');
      expect(problem.requiredScope).toBe('admin');
      expect(partner.headers.get('Cache-Control')).toBe('private, no-store');
    },
  );

  it.each(ADMIN_ROUTES.map((route) => [route.method, route.pattern, route] as const))(
    '%s %s documents the admin key (or an OAuth token with admin) requirement',
    async (_method, _pattern, route) => {
      const operation = (await openApiOperations())[documentedPath(route.pattern)]?.[
        route.method.toLowerCase()
      ];
      expect(operation?.security).toEqual([{ apiKey: ['admin'] }, { oauth2: ['admin'] }]);
    },
  );

  it.each([
    ['GET', '/v1/admin', 404],
    ['GET', '/v1/admin/', 404],
    ['GET', '/v1/admin/no-such-resource', 404],
    ['POST', '/v1/admin/no/such/resource', 404],
    ['DELETE', '/v1/admin/products', 405],
  ])(
    '%s %s, which no route serves, answers 401 without the key (an unknown admin path tells nothing) and %i with it',
    async (method, path, withKey) => {
      const route = { method, pattern: path, path };
      await expectRefused(await send(requestTo(route)), `${method} ${path}`);
      const admitted = await send(
        requestTo(route, { Authorization: `Bearer ${testCredentials.adminApiKey}` }),
      );
      expect(admitted.status).toBe(withKey);
    },
  );

  it('refuses before it reads the body: a wrong content type or an oversized body without the key is 401', async () => {
    const create = { method: 'POST', pattern: '/v1/admin/products', path: '/v1/admin/products' };
    const textBody = requestTo(create, { 'Content-Type': 'text/plain' }, 'handle=x');
    await expectRefused(await send(textBody), 'text/plain body');
    const maxBodyBytes = Number((env as unknown as Record<string, string>).MAX_BODY_BYTES ?? 1_048_576);
    const oversized = requestTo(create, {}, `{"handle":"${'x'.repeat(maxBodyBytes)}"}`);
    await expectRefused(await send(oversized), 'oversized body');
  });

  it('would catch a route registered ahead of the guard: it is the one the walk finds open', async () => {
    const leaky = new Hono();
    leaky.post('/v1/admin/products/:productId/leak', (c) => c.json({ leaked: true }));
    leaky.route('/', createApp());
    const routes = routesUnder(leaky, '/v1/admin');
    const statuses = await Promise.all(
      routes.map(async (route) => (await leaky.request(requestTo(route), undefined, env)).status),
    );
    const open = routes.filter((_route, index) => statuses[index] !== 401);
    expect(open.map((route) => `${route.method} ${route.pattern}`)).toEqual([
      'POST /v1/admin/products/:productId/leak',
    ]);
  });

  it('guards a route added to the app after it was built: the guard is on the prefix, not the routes', async () => {
    const app = createApp();
    app.get('/v1/admin/added-later', (c) => c.json({ leaked: true }));
    const response = await app.request('/v1/admin/added-later', undefined, env);
    await expectRefused(response, 'GET /v1/admin/added-later');
  });
});

describe('every integration route refuses a request without partner credentials', { timeout: 60_000 }, () => {
  it('finds the integration routes in the route table', () => {
    expect(INTEGRATION_ROUTES.length).toBeGreaterThan(0);
    expect(INTEGRATION_ROUTES).toContainEqual(
      expect.objectContaining({ method: 'POST', pattern: '/v1/integrations/pim/products' }),
    );
  });

  it.each(INTEGRATION_ROUTES.map((route) => [route.method, route.pattern, route] as const))(
    '%s %s answers 401 without credentials, with an unknown key or a forged signature',
    async (_method, _pattern, route) => {
      const url = `${ORIGIN}${route.path}`;
      const forged = await signQStashDelivery({ signingKey: newQStashSigningKey(), url, body: '{}' });
      for (const [credentials, headers] of [
        ['no credentials', {}],
        ['an unknown key', { Authorization: `Bearer ${UNKNOWN_PARTNER_KEY}` }],
        [
          'a signature by a key we do not hold',
          { 'Upstash-Signature': forged, 'Upstash-Message-Id': 'msg_x' },
        ],
        ['a garbage signature', { 'Upstash-Signature': 'not.a.jwt', 'Upstash-Message-Id': 'msg_x' }],
      ] as const) {
        await expectRefused(
          await send(requestTo(route, headers)),
          `${route.method} ${route.path} with ${credentials}`,
        );
      }
    },
  );

  it.each(KEYED_ROUTES.map((route) => [route.method, route.pattern, route] as const))(
    '%s %s answers 403 to a valid partner key without the scope it documents',
    async (_method, _pattern, route) => {
      const operation = (await openApiOperations())[documentedPath(route.pattern)]?.[
        route.method.toLowerCase()
      ];
      const scope = operation?.security?.find((requirement) => 'apiKey' in requirement)?.apiKey?.[0];
      if (scope === undefined) throw new Error(`${route.method} ${route.pattern} documents no partner scope`);
      const outsider = partnerKeys.find((partner) => !partner.scopes.includes(scope));
      if (!outsider) throw new Error(`integration-bindings.json needs a partner key without ${scope}`);
      const response = await send(
        requestTo(route, { Authorization: `Bearer ${outsider.key}`, 'Idempotency-Key': 'secured-routes' }),
      );
      const problem = await expectProblem(response, 403, 'forbidden');
      expect(problem.requiredScope).toBe(scope);
    },
  );
});

describe('every QStash report route takes a QStash signature and nothing else', { timeout: 60_000 }, () => {
  it('finds them, each documented as secured by the QStash signature alone', async () => {
    expect(QSTASH_ONLY_ROUTES).toContainEqual(
      expect.objectContaining({ method: 'POST', pattern: '/v1/integrations/qstash/failures' }),
    );
    const operations = await openApiOperations();
    for (const route of QSTASH_ONLY_ROUTES) {
      const operation = operations[documentedPath(route.pattern)]?.[route.method.toLowerCase()];
      expect(operation?.security, `${route.method} ${route.pattern}`).toEqual([{ qstashSignature: [] }]);
    }
  });

  it.each(QSTASH_ONLY_ROUTES.map((route) => [route.method, route.pattern, route] as const))(
    '%s %s answers 401 to the admin key and to every partner key',
    async (_method, _pattern, route) => {
      for (const key of [testCredentials.adminApiKey, ...partnerKeys.map((partner) => partner.key)]) {
        await expectRefused(
          await send(requestTo(route, { Authorization: `Bearer ${key}` })),
          `${route.path}`,
        );
      }
    },
  );
});

describe('every Stripe route refuses a request whose Stripe signature does not verify', {
  timeout: 60_000,
}, () => {
  it('finds the Stripe routes, each documented as secured by the Stripe signature alone', async () => {
    expect(STRIPE_ROUTES).toContainEqual(
      expect.objectContaining({ method: 'POST', pattern: '/v1/integrations/stripe/webhooks' }),
    );
    const operations = await openApiOperations();
    for (const route of STRIPE_ROUTES) {
      const operation = operations[documentedPath(route.pattern)]?.[route.method.toLowerCase()];
      expect(operation?.security, `${route.method} ${route.pattern}`).toEqual([{ stripeSignature: [] }]);
    }
  });

  it.each(STRIPE_ROUTES.map((route) => [route.method, route.pattern, route] as const))(
    '%s %s answers 400 invalid_signature without a signature, with a forged one or with a partner key',
    async (_method, _pattern, route) => {
      const timestamp = Math.floor(Date.now() / 1000);
      for (const [credentials, headers] of [
        ['no credentials', {}],
        ['a forged signature', { 'Stripe-Signature': `t=${timestamp},v1=${'0'.repeat(64)}` }],
        ['a garbage signature', { 'Stripe-Signature': 'not-a-signature' }],
        ['a partner key', { Authorization: `Bearer ${testCredentials.pimPartnerKey}` }],
      ] as const) {
        const response = await send(requestTo(route, headers));
        const problem = await expectProblem(response, 400, 'invalid_signature');
        expect(problem.detail, `${route.method} ${route.path} with ${credentials}`).toEqual(
          expect.any(String),
        );
      }
    },
  );
});
