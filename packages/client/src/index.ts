/**
 * The edge-commerce API, typed: paths, parameters, bodies and answers come from `./schema.ts`,
 * which is generated from the API's own `/openapi.json`, and calls go through openapi-fetch.
 * Web-standard only (fetch, Request, Headers), so the same client runs in browsers, Workers,
 * Deno, Bun and Node.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';

/** A client for every route of `/openapi.json`: `client.GET('/v1/products', { params })` and so on. */
export type EdgeCommerceClient = Client<paths>;

/** Options of {@link createEdgeCommerceClient}. */
export interface EdgeCommerceClientOptions {
  /** Where the API is served, without `/v1` (every path carries it): `https://api.example.com`. */
  baseUrl: string;
  /**
   * A bearer credential sent as `Authorization: Bearer <apiKey>` on every call: an API key, a
   * partner key or the admin key. Storefront reads need none; never ship a secret key to a browser.
   */
  apiKey?: string;
  /**
   * Sends each request; `globalThis.fetch` when absent. Pass a service binding's `fetch`, an
   * instrumented fetch, or (in tests) one that hands the request to the app in-process.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent on every call (e.g. `Accept-Language`); a call's own `headers` win over them. */
  headers?: Record<string, string>;
}

/**
 * Builds a typed client. Per-call headers the API documents (`Idempotency-Key`, `If-Match`) are
 * typed under `params.header`; anything else goes in `headers`:
 *
 * ```ts
 * const shop = createEdgeCommerceClient({ baseUrl: 'https://api.example.com' });
 * const { data, error } = await shop.GET('/v1/products/{handle}', {
 *   params: { path: { handle: 'relaxed-linen-shirt-42' }, query: { currency: 'EUR' } },
 * });
 * ```
 *
 * A call resolves to `{ data, response }` on 2xx and `{ error, response }` otherwise (with `error`
 * the parsed {@link Problem}); it rejects only when no answer arrived (network failure).
 */
export function createEdgeCommerceClient(options: EdgeCommerceClientOptions): EdgeCommerceClient {
  const headers = new Headers(options.headers);
  if (options.apiKey !== undefined) headers.set('Authorization', `Bearer ${options.apiKey}`);
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** The RFC 9457 body of every error answer (`application/problem+json`). */
export type Problem = components['schemas']['Problem'];

/** The stable error codes: branch on these, never on `title` or `detail`. */
export type ProblemCode = Problem['code'];

/**
 * Whether a call's `error` is a problem body. It is for every error the API itself answers; it
 * is not for an empty `304 Not Modified` or a proxy's HTML error page in front of the API.
 */
export function isProblem(error: unknown): error is Problem {
  if (typeof error !== 'object' || error === null) return false;
  const { code, status, requestId } = error as Record<string, unknown>;
  return typeof code === 'string' && typeof status === 'number' && typeof requestId === 'string';
}
