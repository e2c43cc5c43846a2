import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../workers/api/src/app';
import { accessOf } from '../../workers/api/src/auth/access';
import { expectProblem } from './problem-assertions';

// Walks the app's own route table: a route registered tomorrow is held to this the day it lands.

const ORIGIN = 'http://api.test';
const send = (request: Request) => exports.default.fetch(request);

interface RouteEntry {
  method: string;
  path: string;
  handler: unknown;
}

/** Each method and pattern the app serves, with the handlers Hono keeps for it (middleware first). */
function routeTable(): Map<string, { method: string; pattern: string; handlers: unknown[] }> {
  const table = new Map<string, { method: string; pattern: string; handlers: unknown[] }>();
  for (const { method, path, handler } of createApp().routes as RouteEntry[]) {
    // Method ALL: middleware `use`d on a prefix, not a route.
    if (method === 'ALL') continue;
    const key = `${method} ${path}`;
    const entry = table.get(key) ?? { method, pattern: path, handlers: [] };
    entry.handlers.push(handler);
    table.set(key, entry);
  }
  return table;
}

/** `/v1/carts/:cartId` as the OpenAPI document spells it. */
const documentedPath = (pattern: string) => pattern.replace(/:(\w+)/g, '{$1}');

type Operations = Record<string, Record<string, { security?: Record<string, string[]>[] }>>;

async function documentedOperations(): Promise<Operations> {
  const response = await send(new Request(`${ORIGIN}/openapi.json`));
  return (await response.json<{ paths: Operations }>()).paths;
}

describe('every route declares what it requires of its caller', () => {
  it('has exactly one access middleware per route, ahead of its other handlers', () => {
    const table = routeTable();
    expect(table.size).toBeGreaterThan(35);
    const undeclared: string[] = [];
    const late: string[] = [];
    for (const [key, { handlers }] of table) {
      const declared = handlers.map((handler) => accessOf(handler)).filter((access) => access !== undefined);
      if (declared.length !== 1) undeclared.push(`${key} (${declared.length} access middlewares)`);
      else if (accessOf(handlers[0]) === undefined) late.push(key);
    }
    expect(undeclared).toEqual([]);
    expect(late).toEqual([]);
  });

  it('documents each route’s requirement as the security its middleware enforces', async () => {
    const operations = await documentedOperations();
    const mismatched: string[] = [];
    let documented = 0;
    for (const [key, { method, pattern, handlers }] of routeTable()) {
      const access = handlers.map((handler) => accessOf(handler)).find((found) => found !== undefined);
      const operation = operations[documentedPath(pattern)]?.[method.toLowerCase()];
      if (!operation) {
        // Only the documentation itself is served without being an operation of the document.
        if (!pattern.startsWith('/docs') && pattern !== '/openapi.json' && pattern !== '/asyncapi.json')
          mismatched.push(`${key}: not documented`);
        else if (access?.name !== 'public') mismatched.push(`${key}: documentation must be public`);
        continue;
      }
      documented++;
      if (JSON.stringify(operation.security) !== JSON.stringify(access?.security)) {
        mismatched.push(
          `${key}: documents ${JSON.stringify(operation.security)}, enforces ${access?.name ?? 'nothing'}`,
        );
      }
    }
    expect(mismatched).toEqual([]);
    expect(documented).toBeGreaterThan(35);
  });
});

describe('a cart route without a token that could be one', () => {
  const cartRoutes = () =>
    [...routeTable().values()].filter(({ handlers }) =>
      handlers.some((handler) => accessOf(handler)?.name === 'cart token or customer'),
    );
  const cartId = 'cart_01jd8c4r7t2n9v5x3q6w8y0z1a';

  it('covers every route under /v1/carts/{cartId}', () => {
    const routes = cartRoutes().map(({ method, pattern }) => `${method} ${pattern}`);
    expect(routes.length).toBeGreaterThanOrEqual(9);
    for (const route of routes) expect(route).toMatch(/ \/v1\/carts\/:cartId/);
  });

  it('answers 404 as for a cart that does not exist, before it reads the body', async () => {
    for (const { method, pattern } of cartRoutes()) {
      const path = pattern.replace(':cartId', cartId).replace(/:(\w+)/g, 'sample');
      for (const token of [undefined, '', 'short', `${'a'.repeat(42)}!`, 'a'.repeat(44)]) {
        const headers: Record<string, string> = token === undefined ? {} : { 'X-Cart-Token': token };
        const withBody = method !== 'GET' && method !== 'DELETE';
        const response = await send(
          new Request(`${ORIGIN}${path}`, {
            method,
            // Invalid for every route: a 400 here would mean the body was validated before the
            // token was asked for.
            headers: withBody ? { ...headers, 'Content-Type': 'application/json' } : headers,
            ...(withBody ? { body: '{"quantity":"many"}' } : {}),
          }),
        );
        await expectProblem(response, 404, 'not_found');
      }
    }
  });
});
