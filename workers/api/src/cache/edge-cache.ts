import type { StoredEntry } from './stored-entry';
import { withTimeout } from './timeout';

/** The Workers Cache API as a catalog cache layer: one data centre's copy, shared by its isolates. */
export interface EdgeCache {
  read(version: number, key: string): Promise<StoredEntry | undefined>;
  write(version: number, key: string, entry: StoredEntry, ttlMs: number): Promise<void>;
}

// Cache API keys must be URLs; `.invalid` can never resolve, so nothing real is shadowed.
const ORIGIN = 'https://catalog-cache.invalid';
const RENDERED_AT = 'X-Catalog-Rendered-At';

/**
 * `caches.default` behind the catalog cache's timeouts. Undefined where the host has no Cache
 * API (Node, Bun). On a workers.dev hostname the Cache API stores nothing; reads then miss
 * here and go on to Redis, which is the degradation we want anyway.
 */
export function workersEdgeCache(prefix: string, timeoutMs: number): EdgeCache | undefined {
  const storage: unknown = Reflect.get(globalThis, 'caches');
  const cache: unknown = storage ? Reflect.get(storage, 'default') : undefined;
  if (!isCache(cache)) return undefined;
  const url = (version: number, key: string) =>
    `${ORIGIN}/${encodeURIComponent(prefix)}/v${version}/${encodeURIComponent(key)}`;

  return {
    async read(version, key) {
      return withTimeout(
        (async () => {
          const response = await cache.match(url(version, key));
          if (!response) return undefined;
          const etag = response.headers.get('ETag');
          const renderedAt = Number(response.headers.get(RENDERED_AT));
          const body = await response.text();
          if (!etag || !Number.isFinite(renderedAt) || renderedAt <= 0) return undefined;
          return { body, etag, renderedAt };
        })(),
        timeoutMs,
        'Cache API match',
      );
    },

    async write(version, key, entry, ttlMs) {
      const response = new Response(entry.body, {
        headers: {
          'Content-Type': 'application/json',
          ETag: entry.etag,
          [RENDERED_AT]: String(entry.renderedAt),
          // Never longer than the entry has left: copies must not outlive the original.
          'Cache-Control': `public, max-age=${Math.max(1, Math.floor(ttlMs / 1000))}`,
        },
      });
      await withTimeout(cache.put(url(version, key), response), timeoutMs, 'Cache API put');
    },
  };
}

function isCache(value: unknown): value is Cache {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'match') === 'function' &&
    typeof Reflect.get(value, 'put') === 'function'
  );
}
