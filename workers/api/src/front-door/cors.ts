/**
 * Which browser origins may call which routes (API-CONVENTIONS: storefront and cart routes are
 * for shop front-ends; admin and integration routes are server to server). The storefront's
 * origins are configuration (`STOREFRONT_ORIGINS`), compared exactly as browsers send them.
 */

/** Routes no browser origin may call: their callers are servers holding secrets. */
const SERVER_TO_SERVER = /^\/v1\/(admin|integrations)(\/|$)/;

/** Methods and request headers a storefront page may use, answered in preflights. */
const ALLOWED_METHODS = 'GET, HEAD, POST, PATCH, DELETE';
const ALLOWED_HEADERS = new Set([
  'authorization',
  'content-type',
  'idempotency-key',
  'if-match',
  'if-none-match',
  'x-cart-token',
  'x-request-id',
]);

/** Response headers a storefront page's script may read. */
const EXPOSED_HEADERS =
  'ETag, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id';

const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** The origin a response may name in `Access-Control-Allow-Origin`, or undefined for none. */
export function allowedOrigin(
  request: Request,
  pathname: string,
  origins: ReadonlySet<string>,
): string | undefined {
  const origin = request.headers.get('Origin');
  if (origin === null || SERVER_TO_SERVER.test(pathname) || !origins.has(origin)) return undefined;
  return origin;
}

export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('Access-Control-Request-Method');
}

/** The CORS headers of an actual (not preflight) response. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  // Vary on Origin always: the same URL answers differently to different origins.
  if (origin === undefined) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    Vary: 'Origin',
  };
}

/**
 * The answer to a preflight: 204 with what the origin may do, or undefined when it may not
 * (the caller then answers 403; a browser reads either the same way, as "not allowed").
 */
export function preflightHeaders(
  request: Request,
  origin: string | undefined,
): Record<string, string> | undefined {
  if (origin === undefined) return undefined;
  const method = request.headers.get('Access-Control-Request-Method') ?? '';
  if (!ALLOWED_METHODS.split(', ').includes(method.toUpperCase())) return undefined;
  const requested = (request.headers.get('Access-Control-Request-Headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (requested.some((name) => !ALLOWED_HEADERS.has(name))) return undefined;
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    ...(requested.length > 0 ? { 'Access-Control-Allow-Headers': requested.join(', ') } : {}),
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
    Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  };
}
