import type { Context } from 'hono';
import type { CachedBody } from '../../cache/catalog-cache';
import type { AppEnv } from '../../env';

/** Public catalog reads: a minute fresh, then served stale for five while revalidated. */
export const STOREFRONT_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

/**
 * Serves a storefront read through the catalog cache: `render` runs only on a miss, and the
 * answer is the cached body with its strong ETag, or 304 when the client already has it. The
 * 304 decision uses the ETag the cache returned, so it agrees with what a 200 would have sent.
 */
export async function serveCatalogRead(
  c: Context<AppEnv>,
  key: string,
  render: () => Promise<unknown>,
): Promise<Response> {
  const cached = await c.get('catalogCache').read(key, async () => renderedBody(await render()));
  const headers = { ETag: cached.etag, 'Cache-Control': STOREFRONT_CACHE_CONTROL };
  if (matchesEtag(c.req.header('If-None-Match'), cached.etag)) {
    return c.body(null, 304, headers);
  }
  return c.body(cached.body, 200, { ...headers, 'Content-Type': 'application/json; charset=UTF-8' });
}

/** The exact body and its strong ETag: the SHA-256 of those bytes, base64url. */
export async function renderedBody(value: unknown): Promise<CachedBody> {
  const body = JSON.stringify(value);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  return { body, etag: `"${base64url(new Uint8Array(digest))}"` };
}

// RFC 9110 §13.1.2: If-None-Match uses weak comparison, so W/"x" matches "x"; `*` matches any.
function matchesEtag(header: string | undefined, etag: string): boolean {
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
