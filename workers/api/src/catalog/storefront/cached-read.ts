import type { Context } from 'hono';
import type { CachedBody } from '../../cache/catalog-cache';
import type { AppEnv } from '../../env';
import { requestAddress } from '../../request-address';

/** Public catalog reads: a minute fresh, then served stale for five while revalidated. */
export const STOREFRONT_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

/**
 * Serves a storefront read through the catalog cache: `render` runs only on a miss, and the
 * answer is the cached body with its strong ETag, or 304 when the client already has it. The
 * 304 decision uses the ETag the cache returned, so it agrees with what a 200 would have sent.
 * The request's address is remembered, so that its repeats take the warm path (warm-reads.ts).
 */
export async function serveCatalogRead(
  c: Context<AppEnv>,
  key: string,
  render: () => Promise<unknown>,
): Promise<Response> {
  const cache = c.get('catalogCache');
  const cached = await cache.read(key, async () => renderedBody(await render()));
  cache.rememberAddress(requestAddress(c.req.url), key);
  const answer = catalogReadAnswer(cached, c.req.header('If-None-Match'));
  return answer.status === 304 ? c.body(null, 304, answer.headers) : c.body(answer.body, 200, answer.headers);
}

type CatalogReadAnswer =
  | { status: 200; body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> }
  | { status: 304; body: null; headers: Record<string, string> };

/** A cached catalog read as the client gets it, whichever path found the entry. */
export function catalogReadAnswer(
  cached: CachedBody,
  ifNoneMatch: string | null | undefined,
): CatalogReadAnswer {
  if (matchesEtag(ifNoneMatch, cached.etag)) {
    return {
      status: 304,
      body: null,
      headers: { ETag: cached.etag, 'Cache-Control': STOREFRONT_CACHE_CONTROL },
    };
  }
  return {
    status: 200,
    body: cached.encoded ?? cached.body,
    headers: {
      ETag: cached.etag,
      'Cache-Control': STOREFRONT_CACHE_CONTROL,
      'Content-Type': 'application/json; charset=UTF-8',
    },
  };
}

/** The exact body and its strong ETag: the SHA-256 of those bytes, base64url. */
export async function renderedBody(value: unknown): Promise<CachedBody> {
  const body = JSON.stringify(value);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  return { body, etag: `"${base64url(new Uint8Array(digest))}"` };
}

// RFC 9110 §13.1.2: If-None-Match uses weak comparison, so W/"x" matches "x"; `*` matches any.
function matchesEtag(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
